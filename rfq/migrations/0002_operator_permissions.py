from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

PERMISSIONS = {
    "rfq": [
        "view_rfq", "change_rfq", "send_quote", "view_rfqitem", "change_rfqitem", "view_rfqmessage",
        "add_rfqmessage", "view_attachment", "view_rfqstatuschange",
    ],
}  # fmt: skip


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("rfq", "0001_initial"), ("accounts", "0003_sales_operators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
