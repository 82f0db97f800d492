"""The `Sales operators` group and the permissions operators need (CONTRACT §5). Later apps add
theirs in their own migrations (accounts.permissions.grant)."""

from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant

PERMISSIONS = {
    "catalog": ["add_category", "change_category", "view_category", "add_product", "change_product", "view_product"],
    "accounts": ["view_user", "change_user", "view_company", "change_company", "view_address"],
    "notifications": ["view_outboundemail", "change_outboundemail"],
}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SALES_OPERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_company_address_session"),
        ("catalog", "0001_initial"),
        ("notifications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
