"""Sales operators see buyers' ratings and may delete abusive ones (the admin keeps the average right)."""

from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

PERMISSIONS = {"catalog": ["view_rating", "delete_rating"]}


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_rating"), ("accounts", "0003_sales_operators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
