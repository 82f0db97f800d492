"""The `Sales operators` group and the permissions operators need (CONTRACT §5). Later migrations
add the permissions of later apps (RFQs, orders)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Sales operators"
PERMISSIONS = {
    "catalog": ["add_category", "change_category", "view_category", "add_product", "change_product", "view_product"],
    "accounts": ["view_user", "change_user", "view_company", "change_company", "view_address"],
    "notifications": ["view_outboundemail", "change_outboundemail"],
}


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now for a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_company_address_session"),
        ("catalog", "0001_initial"),
        ("notifications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
