"""backup_db / restore_db: retention, SQLite and PostgreSQL round trips, media, S3 (moto server)."""

import sqlite3
import tarfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from accounts.tests.factories import UserFactory
from catalog.tests.factories import ProductFactory
from metalpro import backups
from metalpro.backups import BackupError, backup_create, backup_restore, backups_to_keep
from orders.tests.factories import OrderFactory
from rfq.tests.test_s3 import BUCKET, s3_endpoint  # noqa: F401 - the moto server fixture

NOW = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)  # a Friday, ISO week 2026-W49


def name(year: int, month: int, day: int, hour: int = 2) -> str:
    return f"metalpro-{year:04d}{month:02d}{day:02d}T{hour:02d}0000Z.dump"


def nightly(first: date, count: int) -> list[str]:
    return [name(*(first + timedelta(days=i)).timetuple()[:3]) for i in range(count)]


RETENTION_CASES = [
    pytest.param(
        NOW,
        nightly(date(2026, 10, 6), 60),  # every night from 6 Oct to 4 Dec
        {
            *(name(2026, 12, d) for d in (4, 3, 2, 1)),
            *(name(2026, 11, d) for d in (30, 29, 28)),  # 7 days
            name(2026, 11, 22),
            name(2026, 11, 15),  # the Sundays closing weeks 47 and 46
            name(2026, 10, 31),  # the last backup of October
        },
        id="sixty-nightly-backups-keep-7-days-2-more-weeks-1-more-month",
    ),
    pytest.param(
        NOW,
        [name(2026, 12, 4, 2), name(2026, 12, 4, 14), name(2026, 12, 3, 2)],
        {name(2026, 12, 4, 14), name(2026, 12, 3, 2)},
        id="two-backups-on-one-day-keep-the-newest",
    ),
    pytest.param(
        NOW,
        [name(2025, 12, 1), *(name(2026, m, 1) for m in range(1, 13))],
        {name(2026, m, 1) for m in range(1, 13)},
        id="thirteen-monthly-backups-drop-the-oldest",
    ),
    pytest.param(
        datetime(2027, 1, 4, 9, 0, tzinfo=UTC),  # Monday of 2027-W01; 2026 has 53 ISO weeks
        [name(2026, 12, 6), name(2026, 12, 13), name(2026, 12, 20), name(2026, 12, 27)],
        {name(2026, 12, 20), name(2026, 12, 27)},
        id="weeks-across-a-53-week-year-end",
    ),
    pytest.param(
        NOW,
        [name(2026, 12, 5), name(2020, 1, 1), "notes.txt"],
        {name(2026, 12, 5), "notes.txt"},
        id="future-backups-and-foreign-names-are-kept",
    ),
    pytest.param(NOW, [], set(), id="nothing-to-keep"),
]


@pytest.mark.parametrize(("now", "names", "kept"), RETENTION_CASES)
def test_retention_keeps_7_daily_4_weekly_12_monthly(now, names, kept):
    assert backups_to_keep(names, now) == kept


def test_retention_accepts_datetimes():
    older, newer = datetime(2026, 12, 4, 1, tzinfo=UTC), datetime(2026, 12, 4, 3, tzinfo=UTC)

    assert backups_to_keep([older, newer], NOW) == {newer}


def data_in() -> dict:
    """Users, products and an order, the rows a restore must bring back."""
    buyer = UserFactory(email="ion.popescu@example.ro", name="Ion Popescu")
    UserFactory.create_batch(2)
    ProductFactory(sku="TV-20X20", title="Țeavă rectangulară 20x20x2", price_per_unit=Decimal("12.34"))
    ProductFactory.create_batch(3)
    OrderFactory(user=buyer, number="CMD-2026-00042", total=Decimal("1210.50"))
    return {"accounts_user": 3, "catalog_product": 4, "orders_order": 1}


def restored_rows(cursor) -> dict:
    cursor.execute("SELECT title, price_per_unit FROM catalog_product WHERE sku = 'TV-20X20'")
    product = cursor.fetchone()
    cursor.execute("SELECT o.number, o.total, u.email FROM orders_order o JOIN accounts_user u ON u.id = o.user_id")
    order = cursor.fetchone()
    return {"product": (product[0], Decimal(str(product[1]))), "order": (order[0], Decimal(str(order[1])), order[2])}


EXPECTED_ROWS = {
    "product": ("Țeavă rectangulară 20x20x2", Decimal("12.34")),
    "order": ("CMD-2026-00042", Decimal("1210.50"), "ion.popescu@example.ro"),
}


def counts(cursor, tables) -> dict:
    result = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[table] = cursor.fetchone()[0]
    return result


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite round trip (the PostgreSQL one is below)")


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


# --- SQLite ---------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_into_an_empty_database(sqlite_only, settings, tmp_path):
    expected = data_in()

    call_command("backup_db", "--no-media")
    [path] = Path(settings.BACKUP_DIR).iterdir()
    target = tmp_path / "restored.sqlite3"
    backup_restore(path=path, target={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)})
    with sqlite3.connect(target) as restored:
        cursor = restored.cursor()

        assert backups.BACKUP_NAME.match(path.name)
        assert path.suffix == ".sqlite3"
        assert counts(cursor, expected) == expected
        assert restored_rows(cursor) == EXPECTED_ROWS


@pytest.mark.django_db(transaction=True)
def test_sqlite_restore_refuses_a_database_with_data(sqlite_only, settings):
    data_in()
    path = backup_create(media=False).path

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_db", str(path))


@pytest.mark.django_db(transaction=True)
def test_sqlite_forced_restore_replaces_the_data(sqlite_only):
    data_in()
    path = backup_create(media=False).path
    UserFactory(email="dupa.backup@example.ro")

    call_command("restore_db", str(path), "--force")

    assert User.objects.count() == 3
    assert not User.objects.filter(email="dupa.backup@example.ro").exists()


# --- PostgreSQL -----------------------------------------------------------------------------------
@pytest.fixture
def scratch_database(postgres_only):
    """A second, empty database next to the test database; the test database is never wiped."""
    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    yield {**settings_dict, "NAME": scratch}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_round_trip_into_a_new_database(scratch_database):
    expected = data_in()

    path = backup_create(media=False).path
    backup_restore(path=path, target=scratch_database)
    with backups._pg_connect(scratch_database) as restored:
        cursor = restored.cursor()

        assert path.suffix == ".dump"
        assert path.read_bytes().startswith(b"PGDMP")
        assert counts(cursor, expected) == expected
        assert restored_rows(cursor) == EXPECTED_ROWS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_restore_refuses_a_migrated_database(scratch_database):
    data_in()
    path = backup_create(media=False).path
    backup_restore(path=path, target=scratch_database)

    with pytest.raises(BackupError, match=r"not empty \(rows in django_migrations"):
        backup_restore(path=path, target=scratch_database)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_forced_restore_drops_what_was_there(scratch_database):
    data_in()
    path = backup_create(media=False).path
    backup_restore(path=path, target=scratch_database)
    with backups._pg_connect(scratch_database) as scratch:
        scratch.execute("CREATE TABLE leftover (id int)")
        scratch.execute("DELETE FROM orders_order")

    backup_restore(path=path, target=scratch_database, force=True)
    with backups._pg_connect(scratch_database) as restored:
        cursor = restored.cursor()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'")

        assert cursor.fetchone()[0] == 0
        assert counts(cursor, ["orders_order"]) == {"orders_order": 1}


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_backup_refuses_an_older_pg_dump(postgres_only, monkeypatch, settings):
    monkeypatch.setattr(backups, "_tool_major", lambda name: 9)

    with pytest.raises(CommandError, match=r"pg_dump 9 is older than the PostgreSQL \d+ server"):
        call_command("backup_db", "--no-media")
    assert not any(Path(settings.BACKUP_DIR).iterdir())


# --- Both -----------------------------------------------------------------------------------------
def test_tool_version_check_names_the_client_to_install(monkeypatch):
    monkeypatch.setattr(backups, "_tool_major", lambda name: 14)

    backups._check_tool_version("pg_restore", 140011)
    with pytest.raises(BackupError, match="install postgresql-client-16"):
        backups._check_tool_version("pg_restore", 160004)


@pytest.mark.django_db
def test_restore_of_a_file_that_is_not_a_backup_fails_clearly(tmp_path):
    path = tmp_path / "notes.dump"
    path.write_text("not a backup")

    with pytest.raises(CommandError, match="is not a"):
        call_command("restore_db", str(path))


@pytest.mark.django_db
def test_restore_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore_db", str(tmp_path / "missing.dump"))


@pytest.mark.django_db(transaction=True)
def test_media_files_are_archived_next_to_the_dump(settings):
    media = Path(settings.MEDIA_ROOT) / "rfq" / "desen.pdf"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"%PDF-1.4 desen")

    result = backup_create()
    with tarfile.open(result.media_path) as archive:
        content = archive.extractfile("media/rfq/desen.pdf").read()

    assert result.media_path.name == result.path.name.rsplit(".", 1)[0] + "-media.tar.gz"
    assert content == b"%PDF-1.4 desen"


@pytest.mark.django_db(transaction=True)
def test_retention_runs_after_each_backup(settings):
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True)
    now = datetime.now(UTC)
    yesterday = (now - timedelta(days=1)).strftime(backups.STAMP_FORMAT)
    old = ["metalpro-20200101T020000Z.dump", "metalpro-20200101T020000Z-media.tar.gz"]
    for stale in [*old, f"metalpro-{yesterday}.sqlite3", "README.txt"]:
        (directory / stale).write_text("x")

    result = backup_create(media=False, now=now)

    assert sorted(result.deleted) == sorted(old)
    assert {p.name for p in directory.iterdir()} == {f"metalpro-{yesterday}.sqlite3", "README.txt", result.path.name}


@pytest.mark.django_db(transaction=True)
def test_backup_is_copied_to_s3_and_pruned_there(settings, monkeypatch, s3_endpoint):  # noqa: F811
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    settings.AWS_STORAGE_BUCKET_NAME, settings.AWS_S3_ENDPOINT_URL = BUCKET, s3_endpoint
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=settings.AWS_S3_REGION_NAME)
    s3.put_object(Bucket=BUCKET, Key="backups/metalpro-20200101T020000Z.dump", Body=b"old")

    result = backup_create(media=False)
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET, Prefix="backups/")["Contents"]}

    assert result.uploaded == [f"backups/{result.path.name}"]
    assert keys == {f"backups/{result.path.name}"}
    assert s3.get_object(Bucket=BUCKET, Key=f"backups/{result.path.name}")["Body"].read() == result.path.read_bytes()


def test_nightly_backup_is_scheduled_at_two(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["backup-db"]

    assert entry["task"] == "metalpro.tasks.backup_db"
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {0}


@pytest.mark.django_db(transaction=True)
def test_nightly_task_writes_a_backup(settings):
    from metalpro.tasks import backup_db

    path = Path(backup_db.delay().get())

    assert path.parent == Path(settings.BACKUP_DIR)
    assert path.is_file()
