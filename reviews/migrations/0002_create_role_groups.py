"""Create the role groups of PRODUCT.md section 1 with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_CONTENT = [
    "conditions.view_condition",
    "articles.view_question",
    "articles.view_answer",
    "articles.view_reference",
    "articles.view_publishedanswer",
    "articles.view_disclaimer",
    "reviews.view_reviewerprofile",
    "reviews.view_signoff",
    "reviews.view_auditentry",
]
EDITOR = VIEW_CONTENT + [
    "conditions.add_condition",
    "conditions.change_condition",
    "articles.add_question",
    "articles.change_question",
    "articles.add_answer",
    "articles.change_answer",
    "articles.add_reference",
    "articles.change_reference",
    "articles.delete_reference",
    "articles.submit_answer",
    "articles.publish_answer",
]
MEDICAL_REVIEWER = VIEW_CONTENT + ["articles.review_answer"]
MANAGING_EDITOR = EDITOR + [
    "conditions.set_review_interval",
    "conditions.delete_condition",
    "articles.delete_question",
    "articles.delete_answer",
    "articles.archive_answer",
    "articles.assign_reviewer",
    "articles.change_disclaimer",
    "reviews.add_reviewerprofile",
    "reviews.change_reviewerprofile",
]
ROLES = {
    "Members": [],
    "Editors": EDITOR,
    "Medical reviewers": MEDICAL_REVIEWER,
    "Managing editors": MANAGING_EDITOR,
}


def create_role_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0001_initial"),
        ("articles", "0002_live_copy_sign_off_links"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
