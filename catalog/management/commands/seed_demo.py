from django.core.management.base import BaseCommand, CommandError

from accounts.services.demo import demo_accounts_ensure
from catalog.services import demo_catalog_ensure


class Command(BaseCommand):
    help = "Load the demo catalog and demo accounts (idempotent)."

    def handle(self, *args, **options) -> None:
        result = demo_catalog_ensure()
        if result.rejected:
            for rejected in result.rejected:
                self.stderr.write(f"rejected {rejected.row}: {rejected.reason}")
            raise CommandError(f"{len(result.rejected)} demo product(s) rejected.")
        self.stdout.write(
            f"Demo catalog: {result.total} products"
            f" ({result.created} created, {result.updated} updated, {result.unchanged} unchanged)."
        )
        self.stdout.write("Demo accounts:")
        for account in demo_accounts_ensure():
            if account.password:
                password = f"password: {account.password}  (shown once; note it now)"
            else:
                password = (
                    f"password shown when it was created (reset: python manage.py changepassword {account.email})"
                )
            self.stdout.write(f"  {account.label:<22} {account.email:<26} {password}")
