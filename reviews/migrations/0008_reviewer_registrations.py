"""Reviewers' professional registrations, and the one each sign-off relied on.

The old free-text number of a profile becomes a registration row that nobody
has verified yet (no verifier, no dates): it counts for no sign-off until a
managing editor checks it against the register and records that. Managing
editors, who keep reviewer profiles, may add, change and delete
registrations.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import connections, migrations, models

MANAGING_EDITORS = "Managing editors"
REGISTRATION_PERMISSIONS = [
    "add_registration",
    "change_registration",
    "delete_registration",
    "view_registration",
]


def copy_numbers_to_registrations(apps, schema_editor):
    ReviewerProfile = apps.get_model("reviews", "ReviewerProfile")
    Registration = apps.get_model("reviews", "Registration")
    # Run again on a database migrated past this migration (the tests restore
    # the data migrations' rows after a flush), the column is gone: nothing to
    # copy.
    connection = connections[ReviewerProfile.objects.db]
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, ReviewerProfile._meta.db_table
            )
        }
    if "registration_number" not in columns:
        return
    for profile in ReviewerProfile.objects.exclude(registration_number=""):
        Registration.objects.get_or_create(
            profile=profile,
            number=profile.registration_number,
            defaults={"body": "", "country": ""},
        )


def copy_registrations_to_numbers(apps, schema_editor):
    ReviewerProfile = apps.get_model("reviews", "ReviewerProfile")
    for profile in ReviewerProfile.objects.all():
        first = profile.registrations.order_by("pk").first()
        if first is not None:
            profile.registration_number = first.number
            profile.save(update_fields=["registration_number"])


def grant_registrations_to_managing_editors(apps, schema_editor):
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MANAGING_EDITORS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reviews",
                codename__in=REGISTRATION_PERMISSIONS,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0007_review_history_entries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="registration_body",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="registering body at sign-off"
            ),
        ),
        migrations.AddField(
            model_name="signoff",
            name="registration_country",
            field=models.CharField(
                blank=True, default="",
                max_length=100,
                verbose_name="registration country at sign-off",
            ),
        ),
        migrations.AddField(
            model_name="signoff",
            name="registration_number",
            field=models.CharField(
                blank=True, default="",
                max_length=100,
                verbose_name="registration number at sign-off",
            ),
        ),
        migrations.AddField(
            model_name="signoff",
            name="registration_valid_until",
            field=models.DateField(
                blank=True,
                help_text="Empty for sign-offs recorded before registrations were kept.",
                null=True,
                verbose_name="registration valid until, at sign-off",
            ),
        ),
        migrations.CreateModel(
            name="Registration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "body",
                    models.CharField(
                        help_text='The body that keeps the register, e.g. "General Medical Council".',
                        max_length=200,
                        verbose_name="registering body",
                    ),
                ),
                ("country", models.CharField(max_length=100, verbose_name="country")),
                (
                    "number",
                    models.CharField(
                        max_length=100, verbose_name="registration or licence number"
                    ),
                ),
                (
                    "verified_on",
                    models.DateField(
                        help_text="The day the entry was checked against the public register.",
                        null=True,
                        verbose_name="verified on",
                    ),
                ),
                (
                    "valid_until",
                    models.DateField(
                        help_text="The last day the register shows the registration as current.",
                        null=True,
                        verbose_name="valid until",
                    ),
                ),
                (
                    "verifier_notes",
                    models.TextField(
                        blank=True,
                        help_text="Private: never shown on the public site.",
                        verbose_name="verifier's notes",
                    ),
                ),
                (
                    "profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="registrations",
                        to="reviews.reviewerprofile",
                        verbose_name="reviewer profile",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="verified by",
                    ),
                ),
            ],
            options={
                "verbose_name": "professional registration",
                "verbose_name_plural": "professional registrations",
                "ordering": ["-valid_until", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("valid_until__isnull", True),
                                ("verified_by__isnull", True),
                                ("verified_on__isnull", True),
                            ),
                            models.Q(
                                ("valid_until__isnull", False),
                                ("verified_by__isnull", False),
                                ("verified_on__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="registration_verified_with_who_and_until",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__gte", models.F("verified_on")),
                            ("verified_on__isnull", True),
                            _connector="OR",
                        ),
                        name="registration_valid_until_after_verified_on",
                    ),
                ],
            },
        ),
        migrations.RunPython(
            copy_numbers_to_registrations, copy_registrations_to_numbers
        ),
        migrations.RunPython(
            grant_registrations_to_managing_editors, migrations.RunPython.noop
        ),
        migrations.RemoveField(
            model_name="reviewerprofile",
            name="registration_number",
        ),
    ]
