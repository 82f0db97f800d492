from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from metalpro.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_db into the configured database, which must be empty"
        " (no migrations applied, no rows) unless --force is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="a .dump (PostgreSQL) or .sqlite3 (SQLite) file from backup_db")
        parser.add_argument(
            "--force", action="store_true", help="replace everything in a non-empty database (drops it first)"
        )

    def handle(self, *args, path: str, force: bool, **options) -> None:
        try:
            backup_restore(path=path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {path} into database {connection.settings_dict['NAME']}."))
