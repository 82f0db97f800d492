"""Database backups and restores (CONTRACT §3, docs/backups.md).

PostgreSQL: `pg_dump -Fc` / `pg_restore`; SQLite: the online backup API. Files are named
`metalpro-YYYYmmddTHHMMSSZ.<dump|sqlite3>` in BACKUP_DIR (a media archive, when media lives on the
filesystem, gets the same stamp), written under a temporary name and renamed, copied to S3 when a
bucket is configured, and pruned to 7 daily, 4 weekly and 12 monthly backups after each run.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

BACKUP_NAME = re.compile(r"^metalpro-(?P<stamp>\d{8}T\d{6}Z)(?P<suffix>\.dump|\.sqlite3|-media\.tar\.gz)$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
S3_PREFIX = "backups/"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
PG_MAGIC, SQLITE_MAGIC = b"PGDMP", b"SQLite format 3\x00"
TOOL_TIMEOUT = 3 * 3600  # seconds; a dump of a large database takes minutes, never hours


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    media_path: Path | None = None
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


# --- Retention ------------------------------------------------------------------------------------
def backup_time(name_or_time: str | datetime) -> datetime | None:
    """The UTC time of a backup given its file name (or the time itself); None for foreign names."""
    if isinstance(name_or_time, datetime):
        return name_or_time if name_or_time.tzinfo else name_or_time.replace(tzinfo=UTC)
    match = BACKUP_NAME.match(Path(name_or_time).name)
    if not match:
        return None
    return datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def backups_to_keep(items: Iterable[str | datetime], now: datetime) -> set[str | datetime]:
    """The items to keep: the newest backup of each of the last 7 days, of each of the last 4 ISO
    weeks and of each of the last 12 months (each period counting the current one), plus anything
    from the future (a clock moved back is no reason to delete). Names that are not backups are
    kept too: retention never deletes what it does not understand."""
    now = backup_time(now)
    today = now.date()
    this_week = today.isocalendar()
    week_start = date.fromisocalendar(this_week.year, this_week.week, 1).toordinal()
    newest: dict[tuple[str, int], tuple[datetime, str | datetime]] = {}
    keep: set[str | datetime] = set()
    for item in items:
        when = backup_time(item)
        if when is None or when > now:
            keep.add(item)
            continue
        day = when.date()
        iso = day.isocalendar()
        periods = (
            ("day", (today - day).days, KEEP_DAILY),
            ("week", (week_start - date.fromisocalendar(iso.year, iso.week, 1).toordinal()) // 7, KEEP_WEEKLY),
            ("month", _month_index(today) - _month_index(day), KEEP_MONTHLY),
        )
        for kind, age, limit in periods:
            if age < limit and ((kind, age) not in newest or newest[kind, age][0] < when):
                newest[kind, age] = (when, item)
    keep.update(item for _, item in newest.values())
    return keep


# --- Backup ---------------------------------------------------------------------------------------
def backup_create(*, media: bool | None = None, now: datetime | None = None, using: str = "default") -> BackupResult:
    """Back up the database (and, when `media` or by default when media is on the local filesystem,
    MEDIA_ROOT), copy to S3 when configured, then apply retention."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime(STAMP_FORMAT)
    connection = connections[using]
    if connection.vendor == "postgresql":
        path = _write_atomically(directory / f"metalpro-{stamp}.dump", lambda tmp: _pg_dump(connection, tmp))
    elif connection.vendor == "sqlite":
        path = _write_atomically(directory / f"metalpro-{stamp}.sqlite3", lambda tmp: _sqlite_dump(connection, tmp))
    else:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    result = BackupResult(path=path)
    if media is None:
        media = isinstance(default_storage, FileSystemStorage)
    if media:
        result.media_path = _write_atomically(
            directory / f"metalpro-{stamp}-media.tar.gz", lambda tmp: _media_archive(Path(settings.MEDIA_ROOT), tmp)
        )
    if settings.AWS_STORAGE_BUCKET_NAME:
        result.uploaded = _s3_upload([p for p in (result.path, result.media_path) if p])
    result.deleted = backups_prune(now=now)
    return result


def _write_atomically(path: Path, write) -> Path:
    temporary = path.with_name(f".{path.name}.partial")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _sqlite_dump(connection, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _media_archive(media_root: Path, path: Path) -> None:
    with tarfile.open(path, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")


def _pg_dump(connection, path: Path) -> None:
    connection.ensure_connection()
    _check_tool_version("pg_dump", connection.pg_version)
    db = connection.settings_dict
    _run([_tool("pg_dump"), "--format=custom", f"--file={path}", *_pg_args(db)], db)


# --- Restore --------------------------------------------------------------------------------------
def backup_restore(*, path: Path | str, force: bool = False, target: dict[str, Any] | None = None) -> None:
    """Restore a backup into the database `target` (a DATABASES entry; the default database when
    omitted). Refuses a database that has migrations applied or rows in any model's table unless
    `force`, which replaces everything in it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    with path.open("rb") as file:
        header = file.read(16)
    default = target is None
    db = connections["default"].settings_dict if default else target
    engine = db["ENGINE"]
    if "postgresql" in engine:
        if not header.startswith(PG_MAGIC):
            raise BackupError(f"{path} is not a PostgreSQL custom-format dump (made by backup_db on PostgreSQL).")
        if default:
            connections["default"].close()
        _pg_restore(db, path, force=force)
    elif "sqlite3" in engine:
        if header != SQLITE_MAGIC:
            raise BackupError(f"{path} is not an SQLite database (made by backup_db on SQLite).")
        _sqlite_restore(db, path, force=force, default=default)
    else:
        raise BackupError(f"Restores support PostgreSQL and SQLite, not {engine}.")


def _nonempty_tables(cursor, existing: set[str]) -> list[str]:
    found = []
    if "django_migrations" in existing:
        cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        if cursor.fetchone():
            found.append("django_migrations")
    for table in sorted({model._meta.db_table for model in apps.get_models()} & existing):
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
        if cursor.fetchone():
            found.append(table)
    return found


def _refuse_unless_empty(cursor, existing: set[str], name: str) -> None:
    nonempty = _nonempty_tables(cursor, existing)
    if nonempty:
        shown = ", ".join(nonempty[:5]) + (" ..." if len(nonempty) > 5 else "")
        raise BackupError(
            f"Database {name} is not empty (rows in {shown}). Restore into a new, empty database,"
            " or pass --force to replace everything in it."
        )


def _sqlite_restore(db: dict[str, Any], path: Path, *, force: bool, default: bool) -> None:
    if default:
        connection = connections["default"]
        connection.ensure_connection()
        destination = connection.connection
    else:
        destination = sqlite3.connect(db["NAME"])
    try:
        cursor = destination.cursor()
        if not force:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            _refuse_unless_empty(cursor, {row[0] for row in cursor.fetchall()}, str(db["NAME"]))
        source = sqlite3.connect(path)
        try:
            source.backup(destination)
        finally:
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"Restore of {path} failed: {error}") from error
    finally:
        if not default:
            destination.close()


def _pg_connect(db: dict[str, Any]):
    import psycopg

    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    params |= {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    try:
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)
    except psycopg.Error as error:
        raise BackupError(f"Cannot connect to database {db['NAME']}: {error}") from error


def _pg_restore(db: dict[str, Any], path: Path, *, force: bool) -> None:
    with _pg_connect(db) as conn:
        _check_tool_version("pg_restore", conn.info.server_version)
        cursor = conn.cursor()
        if force:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            _refuse_unless_empty(cursor, {row[0] for row in cursor.fetchall()}, db["NAME"])
    command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    _run([*command, *_pg_args(db), str(path)], db)


# --- PostgreSQL tools -----------------------------------------------------------------------------
def _tool(name: str) -> str:
    return os.environ.get(f"{name.upper()}_PATH", name)  # e.g. PG_DUMP_PATH=/usr/lib/postgresql/16/bin/pg_dump


def _tool_major(name: str) -> int:
    try:
        output = subprocess.run([_tool(name), "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"{name} is not installed or does not run ({error}); install postgresql-client.") from error
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(f"Cannot read the version of {name} from {output!r}.")
    return int(match[1])


def _check_tool_version(name: str, server_version: int) -> None:
    """pg_dump / pg_restore must be at least the server's major version (server_version: 150020)."""
    server_major = server_version // 10000
    major = _tool_major(name)
    if major < server_major:
        raise BackupError(
            f"{name} {major} is older than the PostgreSQL {server_major} server: install"
            f" postgresql-client-{server_major} (or set {name.upper()}_PATH to its {name})."
        )


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args


def _run(command: list[str], db: dict[str, Any]) -> None:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line (visible in ps)
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    try:
        subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=TOOL_TIMEOUT)
    except subprocess.CalledProcessError as error:
        message = (error.stderr or error.stdout or "").strip()
        raise BackupError(f"{Path(command[0]).name} failed (exit {error.returncode}): {message}") from error
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{Path(command[0]).name} failed: {error}") from error


# --- S3 and retention -----------------------------------------------------------------------------
def _s3_client():
    import boto3

    return boto3.client("s3", endpoint_url=settings.AWS_S3_ENDPOINT_URL, region_name=settings.AWS_S3_REGION_NAME)


def _s3_upload(paths: list[Path]) -> list[str]:
    from botocore.exceptions import BotoCoreError, ClientError

    client, keys = _s3_client(), []
    for path in paths:
        key = S3_PREFIX + path.name
        try:
            client.upload_file(str(path), settings.AWS_STORAGE_BUCKET_NAME, key)
        except (BotoCoreError, ClientError) as error:
            raise BackupError(f"Upload of {path.name} to S3 failed (the local copy is kept): {error}") from error
        keys.append(key)
    return keys


def backups_prune(*, now: datetime) -> list[str]:
    """Delete local (and S3) backups outside the retention window; returns what was deleted."""
    directory = Path(settings.BACKUP_DIR)
    local = [path.name for path in directory.iterdir() if BACKUP_NAME.match(path.name)] if directory.is_dir() else []
    deleted = _outside_retention(local, now)
    for name in deleted:
        (directory / name).unlink(missing_ok=True)
    if settings.AWS_STORAGE_BUCKET_NAME:
        client, bucket = _s3_client(), settings.AWS_STORAGE_BUCKET_NAME
        keys = [
            item["Key"]
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=S3_PREFIX)
            for item in page.get("Contents", [])
        ]
        for key in _outside_retention(keys, now):
            client.delete_object(Bucket=bucket, Key=key)
            deleted.append(f"s3://{bucket}/{key}")
    return deleted


def _outside_retention(names: list[str], now: datetime) -> list[str]:
    """Retention counts backup runs (timestamps): a run's dump and media archive live or go together."""
    stamps = {backup_time(name) for name in names} - {None}
    kept = backups_to_keep(stamps, now)
    return sorted(name for name in names if backup_time(name) is not None and backup_time(name) not in kept)
