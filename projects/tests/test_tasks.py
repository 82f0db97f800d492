"""The upload state machine (PENDING → PROCESSING → DONE | FAILED), the sweep, the purge and the
Celery tasks that drive them. Celery runs eagerly in tests (metalpro/settings/test.py)."""

import logging
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.tests.factories import UserFactory
from projects.models import BomUpload
from projects.services import bom as bom_services
from projects.services.bom import (
    MAX_ATTEMPTS,
    STALE_AFTER,
    bom_process,
    bom_sweep,
    bom_upload_create,
    bom_uploads_purge,
)
from projects.tasks import process_bom_upload, purge_bom_uploads, sweep_bom_uploads
from projects.tests.factories import BomUploadFactory
from projects.tests.files import as_upload, csv_bytes, simple_bom, xlsx_bytes

Status = BomUpload.Status

BOM = simple_bom(
    ("Profil IPE 200", "S355J2", "24", "ml"),
    ("Teava patrata 40x40x3", "", "12,5", "m"),
    ("Surub M16x60", "", "100", "buc"),
)
GENERIC_FAILURE = "The list could not be read because of an error on our side. Please try again."


def stored(content: bytes, *, kind: str = "csv", **fields) -> BomUpload:
    """An upload as `bom_upload_create` leaves it (PENDING, file in storage), without dispatching it."""
    return BomUploadFactory(
        file=ContentFile(content, name=f"lista.{kind}"),
        file_name=f"lista.{kind}",
        file_size=len(content),
        kind=kind,
        language="en",
        **fields,
    )


def backdate(upload: BomUpload, **fields) -> None:
    """Set timestamps `auto_now_add` would not let a factory set."""
    BomUpload.objects.filter(pk=upload.pk).update(**fields)
    upload.refresh_from_db()


# --- bom_process --------------------------------------------------------------------------------


def test_a_pending_upload_is_read_and_mapped_to_done(bom_catalog):
    upload = stored(BOM)
    before = timezone.now()

    result = bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert result.pk == upload.pk
    assert upload.status == Status.DONE
    assert upload.failure_reason == ""
    assert upload.attempts == 1
    assert before <= upload.started_at <= upload.finished_at
    assert [row["row"] for row in upload.rows] == [2, 3, 4]
    assert upload.rows[0]["sku"] == "IPE-200-S355J2"
    assert upload.rows[0]["matched"] is True
    assert upload.rows[2]["product_id"] is None
    assert (upload.summary["rows"], upload.summary["matched"], upload.summary["unmatched"]) == (3, 2, 1)
    assert upload.summary["header_row"] == 1
    assert upload.summary["seconds"] >= 0


def test_a_second_delivery_of_a_done_upload_changes_nothing(bom_catalog):
    upload = stored(BOM)
    bom_process(upload_id=upload.pk)
    upload.refresh_from_db()
    first = (upload.rows, upload.summary, upload.attempts, upload.started_at, upload.finished_at, upload.updated_at)

    again = bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert again.status == Status.DONE
    assert (upload.rows, upload.summary, upload.attempts, upload.started_at, upload.finished_at, upload.updated_at) == (
        first
    )


def test_a_failed_upload_is_not_read_again(bom_catalog):
    upload = stored(BOM, status=Status.FAILED, failure_reason="earlier reason", attempts=1)

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == "earlier reason"
    assert upload.attempts == 1
    assert upload.rows == []


def test_an_upload_that_no_longer_exists_is_ignored(db):
    upload = stored(BOM)
    upload_id = upload.pk
    upload.delete()

    assert bom_process(upload_id=upload_id) is None


def test_a_list_without_a_quantity_column_fails_naming_the_headers_it_saw(bom_catalog):
    upload = stored(xlsx_bytes([["Denumire", "Calitate", "Pret"], ["IPE 200", "S235JR", 100]]), kind="xlsx")

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason.startswith("No quantity column found")
    assert "“Denumire”, “Calitate”, “Pret”" in upload.failure_reason
    assert upload.rows == []
    assert upload.finished_at is not None


def test_a_file_with_no_text_fails_as_empty(bom_catalog):
    upload = stored(csv_bytes([["", "", ""], ["", "", ""]]))

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == "The file is empty: no rows with text were found."


def test_a_zero_byte_file_fails_as_empty(bom_catalog):
    upload = stored(b"")

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == "The file is empty: no rows with text were found."


def test_a_header_without_product_rows_under_it_fails_as_empty(bom_catalog):
    upload = stored(csv_bytes([["Denumire", "Cant.", "UM"]]))

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == "No product rows were found under the header (row 1)."


def test_a_stored_file_that_vanished_fails_with_a_generic_reason(bom_catalog, caplog):
    upload = stored(BOM)
    default_storage.delete(upload.file.name)

    with caplog.at_level(logging.ERROR, logger="projects.services.bom"):
        bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == GENERIC_FAILURE
    assert upload.file.name not in upload.failure_reason
    assert str(upload.pk) in caplog.text


def test_an_unexpected_error_while_mapping_fails_with_a_generic_reason_and_is_logged(bom_catalog, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("connection to 10.0.0.5 refused, password=hunter2")

    monkeypatch.setattr(bom_services, "bom_map", broken)
    upload = stored(BOM)

    with caplog.at_level(logging.ERROR, logger="projects.services.bom"):
        bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == GENERIC_FAILURE
    assert "hunter2" not in upload.failure_reason
    assert upload.rows == []
    assert caplog.records[-1].exc_info[0] is RuntimeError


def test_an_upload_that_takes_too_long_fails_asking_for_smaller_files(bom_catalog, monkeypatch):
    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(bom_services, "bom_read", slow)
    upload = stored(BOM)

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason.startswith("Reading the list took too long")


# --- Claims: stale, fresh, too many attempts -----------------------------------------------------


def test_a_processing_claim_older_than_stale_after_is_taken_again(bom_catalog):
    upload = stored(BOM, status=Status.PROCESSING, attempts=1)
    stale_since = timezone.now() - STALE_AFTER - timedelta(seconds=5)
    backdate(upload, started_at=stale_since)

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.DONE
    assert upload.attempts == 2
    assert upload.started_at > stale_since
    assert len(upload.rows) == 3


def test_a_fresh_processing_claim_is_not_taken_twice(bom_catalog):
    upload = stored(BOM, status=Status.PROCESSING, attempts=1)
    started = timezone.now() - STALE_AFTER + timedelta(minutes=1)
    backdate(upload, started_at=started)

    result = bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert result.status == Status.PROCESSING
    assert upload.status == Status.PROCESSING
    assert upload.attempts == 1
    assert upload.started_at == started
    assert upload.rows == []


def test_a_stale_claim_after_the_last_attempt_fails_for_good(bom_catalog):
    upload = stored(BOM, status=Status.PROCESSING, attempts=MAX_ATTEMPTS)
    backdate(upload, started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1))

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.failure_reason == "The list could not be read after several attempts. Please upload it again."
    assert upload.attempts == MAX_ATTEMPTS
    assert upload.rows == []
    assert upload.finished_at is not None


def test_the_last_attempt_still_running_is_not_failed_by_a_duplicate_delivery(bom_catalog):
    upload = stored(BOM, status=Status.PROCESSING, attempts=MAX_ATTEMPTS)
    backdate(upload, started_at=timezone.now() - timedelta(seconds=30))

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.PROCESSING
    assert upload.failure_reason == ""
    assert upload.finished_at is None


def test_each_claim_counts_one_attempt_until_the_last(bom_catalog):
    upload = stored(BOM, status=Status.PROCESSING, attempts=MAX_ATTEMPTS - 1)
    backdate(upload, started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1))

    bom_process(upload_id=upload.pk)

    upload.refresh_from_db()
    assert upload.status == Status.DONE
    assert upload.attempts == MAX_ATTEMPTS


# --- Sweep --------------------------------------------------------------------------------------


@pytest.fixture
def waiting_uploads(bom_catalog) -> dict[str, BomUpload]:
    """One upload in each situation the sweep tells apart."""
    now = timezone.now()
    uploads = {
        "old pending": stored(BOM),
        "new pending": stored(BOM),
        "stale processing": stored(BOM, status=Status.PROCESSING, attempts=1),
        "fresh processing": stored(BOM, status=Status.PROCESSING, attempts=1),
        "old done": stored(BOM, status=Status.DONE, attempts=1),
        "old failed": stored(BOM, status=Status.FAILED, attempts=1),
    }
    backdate(uploads["old pending"], created_at=now - timedelta(minutes=5))
    backdate(uploads["new pending"], created_at=now - timedelta(seconds=20))
    backdate(uploads["stale processing"], created_at=now - timedelta(hours=1), started_at=now - STALE_AFTER * 2)
    backdate(uploads["fresh processing"], created_at=now - timedelta(hours=1), started_at=now - timedelta(minutes=2))
    backdate(uploads["old done"], created_at=now - timedelta(hours=1), started_at=now - timedelta(hours=1))
    backdate(uploads["old failed"], created_at=now - timedelta(hours=1), started_at=now - timedelta(hours=1))
    return uploads


def test_the_sweep_queues_only_old_pending_and_stale_processing_uploads(waiting_uploads, monkeypatch):
    queued = []
    monkeypatch.setattr(bom_services, "bom_dispatch", queued.append)

    count = bom_sweep()

    assert count == 2
    assert set(queued) == {waiting_uploads["old pending"].pk, waiting_uploads["stale processing"].pk}


def test_the_sweep_gets_waiting_uploads_read(waiting_uploads):
    count = sweep_bom_uploads.delay().get()

    statuses = {name: BomUpload.objects.get(pk=upload.pk).status for name, upload in waiting_uploads.items()}
    assert count == 2
    assert statuses == {
        "old pending": Status.DONE,
        "new pending": Status.PENDING,
        "stale processing": Status.DONE,
        "fresh processing": Status.PROCESSING,
        "old done": Status.DONE,
        "old failed": Status.FAILED,
    }


def test_the_sweep_with_nothing_waiting_queues_nothing(db, monkeypatch):
    queued = []
    monkeypatch.setattr(bom_services, "bom_dispatch", queued.append)
    stored(BOM)  # just uploaded: its own dispatch is still on its way

    assert bom_sweep() == 0
    assert queued == []


# --- Purge --------------------------------------------------------------------------------------


def test_purge_deletes_old_uploads_and_their_files_and_keeps_recent_ones(db):
    old, recent = stored(BOM, status=Status.DONE), stored(BOM, status=Status.DONE)
    backdate(old, created_at=timezone.now() - timedelta(days=31))
    backdate(recent, created_at=timezone.now() - timedelta(days=29))
    assert default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)

    count = bom_uploads_purge(days=30)

    assert count == 1
    assert not BomUpload.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)
    assert BomUpload.objects.filter(pk=recent.pk).exists()
    assert default_storage.exists(recent.file.name)


def test_purge_forgets_an_old_upload_whose_file_is_already_gone(db):
    upload = stored(BOM, status=Status.FAILED)
    backdate(upload, created_at=timezone.now() - timedelta(days=40))
    default_storage.delete(upload.file.name)

    assert bom_uploads_purge(days=30) == 1
    assert not BomUpload.objects.exists()


def test_the_purge_task_uses_the_configured_retention(db, settings):
    settings.BOM_UPLOAD_DAYS = 7
    week_old, day_old = stored(BOM), stored(BOM)
    backdate(week_old, created_at=timezone.now() - timedelta(days=8))
    backdate(day_old, created_at=timezone.now() - timedelta(days=1))

    assert purge_bom_uploads.delay().get() == 1
    assert list(BomUpload.objects.values_list("pk", flat=True)) == [day_old.pk]


# --- Tasks and dispatch -------------------------------------------------------------------------


def test_the_task_reads_the_upload_and_returns_its_status(bom_catalog):
    upload = stored(BOM)

    status = process_bom_upload.delay(str(upload.pk)).get()

    upload.refresh_from_db()
    assert status == Status.DONE
    assert upload.status == Status.DONE
    assert len(upload.rows) == 3


def test_the_task_for_a_deleted_upload_returns_none(db):
    upload = stored(BOM)
    upload_id = str(upload.pk)
    upload.delete()

    assert process_bom_upload.delay(upload_id).get() is None


def test_creating_an_upload_queues_the_reading_only_once_it_is_committed(
    bom_catalog, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload = bom_upload_create(upload=as_upload(BOM), user=user, cart=None, language="en")
    assert len(callbacks) == 1
    assert BomUpload.objects.get(pk=upload.pk).status == Status.PENDING

    callbacks[0]()

    upload.refresh_from_db()
    assert upload.status == Status.DONE
    assert upload.attempts == 1
    assert upload.rows[0]["sku"] == "IPE-200-S355J2"


def test_a_created_upload_is_read_when_its_transaction_commits(bom_catalog, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        upload = bom_upload_create(upload=as_upload(BOM), user=user, cart=None, language="en")

    upload.refresh_from_db()
    assert upload.status == Status.DONE
    assert upload.user == user
    assert upload.file_name == "lista.csv"
    assert default_storage.exists(upload.file.name)


def test_with_the_broker_down_the_upload_waits_for_the_sweep(
    bom_catalog, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(process_bom_upload, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        upload = bom_upload_create(upload=as_upload(BOM), user=UserFactory(), cart=None, language="en")
    upload.refresh_from_db()
    assert upload.status == Status.PENDING

    monkeypatch.undo()
    backdate(upload, created_at=timezone.now() - timedelta(minutes=2))
    assert bom_sweep() == 1

    upload.refresh_from_db()
    assert upload.status == Status.DONE
