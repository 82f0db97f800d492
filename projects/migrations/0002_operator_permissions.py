from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

PERMISSIONS = {"projects": ["view_bomupload", "view_project", "view_mappingmemory", "change_mappingmemory"]}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("accounts", "0003_sales_operators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
