"""Let managing editors create, view and revoke API keys (PRODUCT.md section 1)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Managing editors": ["api.add_apikey", "api.change_apikey", "api.view_apikey"],
}


def _permission(Permission, code):
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(Permission, code) for code in codes])


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*[_permission(Permission, code) for code in codes])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_keys"),
        ("reviews", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
