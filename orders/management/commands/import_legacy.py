import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orders.services.legacy import legacy_import
from orders.services.legacy_validate import LegacyExportInvalid

MAX_FILE_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a JSON export of the old prototype (users, products, ratings, walletTransactions, orders;"
        " docs/legacy-import.md). Validates the whole file first and writes nothing if anything is wrong;"
        " a rerun changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the export, a .json file")
        parser.add_argument("--format", choices=("text", "json"), default="text", help="how problems are reported")

    def handle(self, *args, path: str, format: str, **options) -> None:
        data = self._read(Path(path))
        try:
            result = legacy_import(data=data)
        except LegacyExportInvalid as error:
            if format == "json":
                problems = [{"path": problem.path, "message": problem.message} for problem in error.problems]
                self.stdout.write(json.dumps({"problems": problems}, ensure_ascii=False, indent=2))
            else:
                for problem in error.problems:
                    self.stdout.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s) found; nothing was imported.") from error
        for kind, tally in result.tallies.items():
            self.stdout.write(f"{kind}: created {tally.created}, updated {tally.updated}, unchanged {tally.unchanged}")
        self.stdout.write(self.style.SUCCESS(f"Imported. {result.emails} set-your-password email(s) queued."))

    def _read(self, path: Path):
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.")
        try:
            return json.loads(path.read_bytes().decode("utf-8-sig"), parse_float=Decimal)
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: {error}") from error
        except RecursionError as error:
            raise CommandError("The JSON is nested too deeply.") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.") from error
