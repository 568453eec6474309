import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_append_only_base_manager"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewerprofile",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                verbose_name="updated",
            ),
            preserve_default=False,
        ),
    ]
