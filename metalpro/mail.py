"""Email backend of the embedded default: each message becomes one `.eml` file in MAIL_DIR."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.MAIL_DIR)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            partial = self.directory / f".{name}.part"
            # Write then rename, so that a reader never sees half a message.
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            partial.rename(self.directory / name)
            sent += 1
        return sent
