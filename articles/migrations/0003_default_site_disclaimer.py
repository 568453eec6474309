"""Create the one site disclaimer row, with text managing editors can change."""

from django.db import migrations

DEFAULT_TEXT = (
    "This page gives general information about a medical condition. It is not "
    "medical advice and does not replace a conversation with a doctor who knows "
    "you. If you are worried about your health or your child's, talk to your "
    "doctor. In an emergency, call your local emergency number."
)


def create_disclaimer(apps, schema_editor):
    Disclaimer = apps.get_model("articles", "Disclaimer")
    Disclaimer.objects.get_or_create(id=1, defaults={"text": DEFAULT_TEXT})


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_live_copy_sign_off_links")]

    operations = [migrations.RunPython(create_disclaimer, migrations.RunPython.noop)]
