from django.core.management.base import BaseCommand, CommandError

from catalog.importers import ImportFileError, read_product_file
from catalog.services import products_import


class Command(BaseCommand):
    help = (
        "Import products from CSV or JSON (keys sku,title,category,grade,standard,dimensions,"
        "availability,baseUnit,pricePerUnit,weight,lengthM,stock); upserts by sku."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="a .csv or .json file")
        parser.add_argument("--strict", action="store_true", help="exit with status 1 when any row is rejected")

    def handle(self, *args, path: str, strict: bool, **options) -> None:
        try:
            rows = read_product_file(path)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        result = products_import(rows=rows)
        for rejected in result.rejected:
            sku = f" ({rejected.sku})" if rejected.sku else ""
            self.stdout.write(f"rejected row {rejected.row}{sku}: {rejected.reason}")
        summary = (
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged},"
            f" rejected {len(result.rejected)} (of {result.total} rows)"
        )
        style = self.style.WARNING if result.rejected else self.style.SUCCESS
        self.stdout.write(style(summary))
        if strict and result.rejected:
            raise CommandError(f"{len(result.rejected)} row(s) rejected.")
