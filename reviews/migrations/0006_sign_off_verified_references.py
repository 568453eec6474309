"""A sign-off keeps which references the reviewer ticked as verified."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_sign_off_fingerprint_scheme"),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="verified_references",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The numbers (1, 2, …) of the references the reviewer ticked "
                    "as checked against their source, in the text this sign-off "
                    "covers."
                ),
                verbose_name="references verified",
            ),
        ),
    ]
