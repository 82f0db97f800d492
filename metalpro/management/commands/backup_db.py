from django.core.management.base import BaseCommand, CommandError

from metalpro.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database to BACKUP_DIR (and S3 when AWS_STORAGE_BUCKET_NAME is set), then keep"
        " 7 daily, 4 weekly and 12 monthly backups. Media files are archived when stored on the filesystem."
    )

    def add_arguments(self, parser) -> None:
        media = parser.add_mutually_exclusive_group()
        media.add_argument("--media", action="store_true", default=None, help="also archive MEDIA_ROOT")
        media.add_argument("--no-media", dest="media", action="store_false", help="skip the media archive")

    def handle(self, *args, media: bool | None, **options) -> None:
        try:
            result = backup_create(media=media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {result.path}"))
        if result.media_path:
            self.stdout.write(f"Media archived to {result.media_path}")
        for key in result.uploaded:
            self.stdout.write(f"Uploaded to S3: {key}")
        for name in result.deleted:
            self.stdout.write(f"Deleted by retention: {name}")
