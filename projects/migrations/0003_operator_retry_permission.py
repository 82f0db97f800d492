from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

# Uploads stay read-only in the admin; "change" lets an operator queue a FAILED one again.
PERMISSIONS = {"projects": ["change_bomupload"]}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_operator_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
