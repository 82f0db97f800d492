"""Sales operators read the audit log (django-auditlog's LogEntry); nobody may change it."""

from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

PERMISSIONS = {"auditlog": ["view_logentry"]}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sales_operators_group"), ("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(forwards, backwards)]
