from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

# Operators read the analytics dashboard (the only permission events have).
PERMISSIONS = {"analytics": ["view_event"]}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial"), ("accounts", "0003_sales_operators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
