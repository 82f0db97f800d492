from django.core.management.base import BaseCommand, CommandError

from accounts.services.passwords import password_generate


class Command(BaseCommand):
    help = "Print a strong random password (upper, lower, digit and symbol)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--length", type=int, default=20, help="at least 16 (default 20)")

    def handle(self, *args, length: int, **options) -> None:
        if length < 16:
            raise CommandError("--length must be at least 16.")
        self.stdout.write(password_generate(length=length))
