"""Sign-offs record their fingerprint scheme; those given before it are scheme 1.

Scheme 1 covers the TL;DR, body and references; scheme 2 adds the question
and the answer label (``reviews.fingerprint``). Every existing sign-off was
computed with scheme 1, so it keeps verifying with that scheme.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_reviewer_profile_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="fingerprint_scheme",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="How the fingerprint was computed: see reviews.fingerprint.",
                verbose_name="fingerprint scheme",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="signoff",
            name="fingerprint",
            field=models.CharField(
                help_text=(
                    "SHA-256 of the reviewed text: question, label, TL;DR, body "
                    "and references (scheme 2), or TL;DR, body and references "
                    "(scheme 1)."
                ),
                max_length=64,
                verbose_name="fingerprint",
            ),
        ),
        migrations.AddConstraint(
            model_name="signoff",
            constraint=models.CheckConstraint(
                condition=models.Q(fingerprint_scheme__in=[1, 2]),
                name="signoff_fingerprint_scheme_known",
            ),
        ),
    ]
