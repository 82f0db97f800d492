"""Settings as operators set them (CONTRACT §2), checked in fresh interpreters."""

import os
import secrets
import subprocess
import sys
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    inherited = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "metalpro.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60], ids=["unset", "short", "insecure"])
def test_production_refuses_to_start_without_a_real_secret(secret):
    result = manage("check", SECRET_KEY=secret)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_prints_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(64), DEBUG="0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_openapi_schema_generates_without_warnings():
    result = manage("spectacular", "--validate", "--fail-on-warn", SECRET_KEY=secrets.token_urlsafe(64))

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "broker", "eager"),
    [
        pytest.param({}, "memory://", "True", id="embedded-default-eager"),
        pytest.param({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "redis://127.0.0.1:6379/0", "False", id="redis"),
        pytest.param(
            {"REDIS_URL": "redis://r:6379/0", "CELERY_BROKER_URL": "amqp://guest@q//"},
            "amqp://guest@q//",
            "False",
            id="explicit-broker",
        ),
    ],
)
def test_celery_is_eager_by_default_and_uses_the_broker_when_configured(env, broker, eager):
    code = "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER)"

    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="metalpro.settings.local", **env)

    assert result.stdout.split() == [broker, eager], result.stderr


def test_eml_backend_writes_one_parseable_file_per_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "metalpro.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"

    sent = mail.get_connection().send_messages(
        [
            EmailMessage("Ofertă RFQ-2026-00001", "Bună ziua", "comenzi@metalpro.local", ["a@example.ro"]),
            EmailMessage("Confirmare", "Mulțumim", "comenzi@metalpro.local", ["b@example.ro"]),
        ]
    )

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert sent == 2
    assert len(files) == 2
    subjects = {str(message_from_bytes(f.read_bytes()).get("Subject")) for f in files}
    assert subjects == {"=?utf-8?q?Ofert=C4=83_RFQ-2026-00001?=", "Confirmare"}
