"""Worker killed mid-task (issue 8, "Faults"): real Celery workers on Redis, a real BOM upload,
SIGKILL while the task runs, then check the task is retried and its work done exactly once.

    python bench/faults/worker_kill.py                 # both scenarios, a table; exit 1 on failure
    python bench/faults/worker_kill.py --json --scenario node

Scenarios (`make faults` runs both):
- node:    the whole worker (main process and pool) is SIGKILLed, as when a machine or container
           dies. The message stays unacknowledged in Redis (acks_late); a new worker restores it
           once the visibility timeout has passed and runs it again; the upload's stale claim is
           taken over and the list is read once.
- process: only the pool process is SIGKILLed (the OOM killer). The worker's main process
           requeues the message at once (task_reject_on_worker_lost); the redelivery finds a claim
           that is still fresh and does nothing; the beat sweep (`bom_sweep`) queues the upload
           again once the claim is stale, and it is read once.

Needs PostgreSQL (DATABASE_URL, migrated unless --migrate) and Redis (REDIS_URL). The drill has a
queue and unacked keys of its own and a short visibility timeout (bench/faults/settings.py); BOM
reading is slowed down by --task-seconds so that the kill lands after the claim
(bench/faults/worker.py).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSV = "Nr.crt;Denumire;Calitate;Cant.;UM\r\n1;Profil IPE 200;S355J2;24;ml\r\n2;Surub M16x60;;100;buc\r\n"
ROWS = 2


@dataclass
class Outcome:
    scenario: str
    killed: str
    kill_after_claim_s: float = 0.0
    recovered_after_kill_s: float = 0.0
    status: str = ""
    attempts: int = 0
    rows: int = 0
    deliveries: int = 0  # task runs seen by the workers, the duplicate sent at the end included
    redelivered: int = 0  # of which the broker flagged as redelivered
    later_deliveries_changed_nothing: bool = False
    broker_left_clean: bool = False
    ok: bool = False
    note: str = ""


def log(message: str) -> None:
    print(f"[faults] {message}", file=sys.stderr, flush=True)


class Drill:
    def __init__(self, *, task_seconds: float, visibility: int, logs: Path) -> None:
        self.drill_id = f"faults-{uuid.uuid4().hex[:8]}"
        self.task_seconds, self.visibility, self.logs = task_seconds, visibility, logs
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.faults.settings",
            "FAULTS_DRILL_ID": self.drill_id,
            "FAULTS_VISIBILITY_TIMEOUT": str(visibility),
            "FAULTS_TASK_SECONDS": str(task_seconds),
            "PYTHONPATH": str(ROOT),
        }
        os.environ.update({k: v for k, v in self.env.items() if k.startswith(("DJANGO_", "FAULTS_"))})
        self.workers: list[subprocess.Popen] = []
        self.deliveries = logs / "deliveries-none.txt"

    # --- workers ----------------------------------------------------------------------------------
    def start_worker(self, name: str, *, stale_seconds: float) -> subprocess.Popen:
        from django.conf import settings

        command = [
            sys.executable, "-m", "celery", "-A", "bench.faults.worker", "worker",
            "--pool", "prefork", "--concurrency", "1", "--queues", settings.CELERY_TASK_DEFAULT_QUEUE,
            "--hostname", f"{name}-{self.drill_id}@%h", "--loglevel", "WARNING",
            "--without-mingle", "--without-gossip", "--without-heartbeat",
        ]  # fmt: skip
        output = (self.logs / f"{name}.log").open("w")
        worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "FAULTS_STALE_SECONDS": str(stale_seconds), "FAULTS_DELIVERIES": str(self.deliveries)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a SIGKILL takes the pool with it
        )
        self.workers.append(worker)
        return worker

    @staticmethod
    def pool_process(worker: subprocess.Popen, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.05)
        raise RuntimeError("the worker started no pool process")

    def stop_all(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait()
        self.workers.clear()

    # --- the broker -------------------------------------------------------------------------------
    def broker_counts(self) -> tuple[int, int]:
        """Messages waiting in the drill's queue, and messages delivered but not acknowledged."""
        import redis
        from django.conf import settings

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        waiting = sum(client.llen(key) for key in [queue, *(f"{queue}\x06\x16{p}" for p in (3, 6, 9))])
        return waiting, client.hlen(settings.CELERY_BROKER_TRANSPORT_OPTIONS["unacked_key"])

    def cleanup_broker(self) -> None:
        import redis
        from django.conf import settings

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        options, queue = settings.CELERY_BROKER_TRANSPORT_OPTIONS, settings.CELERY_TASK_DEFAULT_QUEUE
        client.delete(
            queue,
            *(f"{queue}\x06\x16{p}" for p in (3, 6, 9)),
            options["unacked_key"],
            options["unacked_index_key"],
            options["unacked_mutex_key"],
        )

    # --- the upload -------------------------------------------------------------------------------
    @staticmethod
    def upload():
        from django.core.files.uploadedfile import SimpleUploadedFile

        from projects.services.bom import bom_upload_create

        file = SimpleUploadedFile("drill.csv", CSV.encode(), content_type="text/csv")
        return bom_upload_create(upload=file, user=None, cart=None, language="ro")  # queued on commit

    @staticmethod
    def wait_for(upload_id, statuses: set[str], timeout: float):
        from projects.models import BomUpload

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            upload = BomUpload.objects.get(pk=upload_id)
            if upload.status in statuses:
                return upload
            time.sleep(0.05)
        raise TimeoutError(f"upload {upload_id} still {upload.status} after {timeout:.0f}s")

    def wait_broker_clean(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.broker_counts() == (0, 0):
                return True
            time.sleep(0.1)
        return False

    def check_idempotent(self, upload, outcome: Outcome) -> None:
        """Deliver the task once more (a duplicate) and check nothing changes; then the broker is
        left with nothing waiting and nothing unacknowledged."""
        from projects.models import BomUpload
        from projects.services.bom import bom_dispatch

        before = (upload.status, upload.attempts, upload.finished_at)
        bom_dispatch(upload.pk)
        outcome.broker_left_clean = self.wait_broker_clean(timeout=30)
        time.sleep(0.5)
        after = BomUpload.objects.get(pk=upload.pk)
        outcome.later_deliveries_changed_nothing = (after.status, after.attempts, after.finished_at) == before

    def finish(self, upload_id, outcome: Outcome, killed_at: float) -> None:
        upload = self.wait_for(upload_id, {"DONE", "FAILED"}, timeout=60)
        outcome.recovered_after_kill_s = round(time.monotonic() - killed_at, 1)
        outcome.status, outcome.attempts, outcome.rows = upload.status, upload.attempts, len(upload.rows)
        self.check_idempotent(upload, outcome)
        lines = self.deliveries.read_text().splitlines() if self.deliveries.exists() else []
        outcome.deliveries, outcome.redelivered = len(lines), sum(line.endswith(" 1") for line in lines)
        outcome.ok = (
            outcome.status == "DONE"
            and outcome.attempts == 2  # the killed attempt and the one that finished: read once
            and outcome.rows == ROWS
            and outcome.later_deliveries_changed_nothing
            and outcome.broker_left_clean
        )

    # --- scenarios --------------------------------------------------------------------------------
    def node(self) -> Outcome:
        """SIGKILL the whole worker mid-task; a new worker takes the message over."""
        outcome = Outcome("node", "worker main process and pool (SIGKILL to the process group)")
        first = self.start_worker("w1", stale_seconds=2)
        upload = self.upload()
        claimed = self.wait_for(upload.pk, {"PROCESSING"}, timeout=60)
        claimed_at = time.monotonic()
        time.sleep(self.task_seconds / 3)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = time.monotonic()
        outcome.kill_after_claim_s = round(killed_at - claimed_at, 2)
        log(
            f"node: killed worker {first.pid} {outcome.kill_after_claim_s}s after the claim, attempt {claimed.attempts}"
        )
        self.start_worker("w2", stale_seconds=2)
        self.finish(upload.pk, outcome, killed_at)
        outcome.note = f"redelivered after the visibility timeout ({self.visibility}s here, 1 h by default)"
        return outcome

    def process(self) -> Outcome:
        """SIGKILL the pool process only; its redelivery is a no-op; the beat sweep recovers it."""
        from projects.services import bom

        stale = self.task_seconds + 8  # longer than the redelivery takes: the fresh claim is respected
        bom.STALE_AFTER = timedelta(seconds=stale)  # the sweep below runs in this process
        outcome = Outcome("process", "the pool process only (SIGKILL), the worker survives")
        worker = self.start_worker("w3", stale_seconds=stale)
        upload = self.upload()
        self.wait_for(upload.pk, {"PROCESSING"}, timeout=60)
        claimed_at = time.monotonic()
        time.sleep(self.task_seconds / 3)
        os.kill(self.pool_process(worker), signal.SIGKILL)
        killed_at = time.monotonic()
        outcome.kill_after_claim_s = round(killed_at - claimed_at, 2)
        requeued = self.wait_broker_clean(timeout=30)  # requeued at once, taken by the new pool process
        from projects.models import BomUpload

        stuck = BomUpload.objects.get(pk=upload.pk)
        log(f"process: redelivery consumed={requeued}, upload {stuck.status} after {stuck.attempts} attempt(s)")
        while time.monotonic() < claimed_at + stale + 0.5:
            time.sleep(0.2)
        swept = bom.bom_sweep()  # what celery beat runs every 2 minutes
        log(f"process: the sweep queued {swept} upload(s)")
        self.finish(upload.pk, outcome, killed_at)
        outcome.note = (
            f"redelivery at once was a no-op (claim fresh: {stuck.status}); the sweep re-queued it "
            f"after the claim went stale ({stale:.0f}s here, 10 min in production)"
        )
        return outcome


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["node", "process", "all"], default="all")
    parser.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    parser.add_argument("--migrate", action="store_true", help="migrate DATABASE_URL first")
    parser.add_argument("--task-seconds", type=float, default=3.0, help="how long reading a BOM takes")
    parser.add_argument("--visibility-timeout", type=int, default=4)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres:@127.0.0.1:5432/metalpro_faults")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    os.environ["CELERY_BROKER_URL"] = os.environ["REDIS_URL"]
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="metalpro-faults-media-"))
    sys.path.insert(0, str(ROOT))
    logs = Path(tempfile.mkdtemp(prefix="metalpro-faults-logs-"))
    drill = Drill(task_seconds=args.task_seconds, visibility=args.visibility_timeout, logs=logs)

    import django

    if args.migrate:
        ensure_database(os.environ["DATABASE_URL"])
    django.setup()
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

    outcomes = []
    scenarios = ["node", "process"] if args.scenario == "all" else [args.scenario]
    try:
        for name in scenarios:
            started = time.monotonic()
            drill.deliveries = logs / f"deliveries-{name}.txt"
            try:
                outcome = getattr(drill, name)()
            except (TimeoutError, RuntimeError) as error:
                outcome = Outcome(name, "", note=f"{error} (worker logs: {logs})")
            finally:
                drill.stop_all()
            log(f"{name}: {'ok' if outcome.ok else 'FAILED'} in {time.monotonic() - started:.1f}s")
            outcomes.append(outcome)
    finally:
        drill.stop_all()
        drill.cleanup_broker()

    if args.json:
        print(json.dumps([asdict(outcome) for outcome in outcomes], indent=2))
    else:
        print(
            "| scenario | killed | kill after claim | recovered after kill | status | attempts | deliveries "
            "(redelivered) | duplicate changed nothing | ok |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for o in outcomes:
            print(
                f"| {o.scenario} | {o.killed} | {o.kill_after_claim_s} s | {o.recovered_after_kill_s} s | {o.status} "
                f"| {o.attempts} | {o.deliveries} ({o.redelivered}) | {o.later_deliveries_changed_nothing} "
                f"| {'yes' if o.ok else 'NO'} |"
            )
        for o in outcomes:
            print(f"- {o.scenario}: {o.note}")
    return 0 if all(outcome.ok for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
