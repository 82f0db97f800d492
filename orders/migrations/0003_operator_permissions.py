from django.db import migrations

from accounts.permissions import SALES_OPERATORS, grant, revoke

# Operators run orders (status, tracking) and credit wallets; they read payments and callbacks.
PERMISSIONS = {
    "orders": [
        "view_order", "change_order", "view_wallet", "change_wallet", "view_wallettransaction",
        "add_wallettransaction", "view_paymenttransaction", "view_paymentcallback",
    ]
}  # fmt: skip


def forwards(apps, schema_editor):
    grant(apps, SALES_OPERATORS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, SALES_OPERATORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_payments"), ("accounts", "0003_sales_operators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
