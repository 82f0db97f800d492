"""Load test (`make loadtest`): locust against gunicorn + PostgreSQL + Redis + a real Celery worker.

    python bench/load/run.py                                  # 200 users, 1-5 s think time, 10 minutes
    python bench/load/run.py --users 20 --duration 30s        # a smoke run
    python bench/load/run.py --profile saturation --duration 3m   # no think time, users stepped up

Sets up a throw-away PostgreSQL database (metalpro_load, dropped and created again), production
settings (DEBUG off, a generated SECRET_KEY, plain http on loopback, rate limits off), migrates,
seeds the demo catalog (plus generated products with --products), creates the signed-in buyers
the scenario logs in with, runs collectstatic, starts gunicorn from gunicorn.conf.py and a Celery
worker, runs locust headless (bench/load/locustfile.py), samples the RSS of every gunicorn and
Celery worker while it runs, stops everything and prints a summary, which also replaces the
"Load test" part of docs/benchmarks.md. Needs PostgreSQL and Redis on 127.0.0.1.

Worker recycling (gunicorn max_requests, Celery max-tasks-per-child) is off during the run so the
same processes are measured from start to end: a leak shows instead of being hidden by restarts.
"""

import argparse
import csv
import datetime as dt
import json
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.steps import step_seconds  # noqa: E402
from bench.run import ensure_database, load_products, machine, write_section  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "load"  # + the profile: locust CSVs, every request, logs of the last run
TARGET_P95_MS = 200
LOAD_PASSWORD = "load-test-Parola-2026"

SETUP_CODE = """
import json
from django.contrib.auth.hashers import make_password
from accounts.models import User
from catalog.models import Category, Product
from django.db.models import Count

password = make_password({password!r})
users = [
    User(email=f"load{{n:03d}}@example.com", name=f"Load Buyer {{n}}", password=password, email_verified=True)
    for n in range({users})
]
User.objects.bulk_create(users, ignore_conflicts=True)
products = [
    {{"id": str(p.pk), "slug": p.slug, "unit": p.base_unit}}
    for p in Product.objects.active().filter(price_per_unit__gt=0).order_by("sku")
]
counts = dict(
    Product.objects.active().values_list("category__slug").annotate(n=Count("id")).values_list("category__slug", "n")
)
slugs = Category.objects.values_list("slug", flat=True)
categories = [{{"slug": slug, "products": counts.get(slug, 48)}} for slug in slugs]
print(json.dumps({{
    "products": products,
    "categories": categories,
    "users": [{{"email": u.email, "password": {password!r}}} for u in users],
}}))
"""


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


def seconds(value: str) -> int:
    match = re.fullmatch(r"(\d+)\s*([smh]?)", value.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{value!r}: expected e.g. 600, 30s, 10m, 1h")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert name.startswith("metalpro_load"), "the load test only drops its own database"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
    ensure_database(url)


def manage(env: dict, *args: str, capture: bool = False) -> str:
    out = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{out.stderr[-3000:]}")
    return out.stdout if capture else ""


def setup_data(env: dict, users: int) -> dict:
    code = SETUP_CODE.format(password=LOAD_PASSWORD, users=users)
    out = manage(env, "shell", "--no-imports", "-c", code, capture=True)
    return json.loads(out.strip().splitlines()[-1])


# --- processes ------------------------------------------------------------------------------------


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log_file: Path

    def children(self):
        import psutil

        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: int = 40) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()  # our own process, by its id
            self.process.wait()


def start(name: str, command: list[str], env: dict, out: Path) -> Service:
    log_file = out / f"{name}.log"
    handle = log_file.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return Service(name, process, log_file)


def cpu_seconds(service: Service) -> float:
    """User + system CPU time of a service's processes (master and workers) so far."""
    import psutil

    total = 0.0
    for process in [psutil.Process(service.process.pid), *service.children()]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def wait_http(url: str, service: Service, timeout: int = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            sys.exit(f"{service.name} exited; see {service.log_file}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{service.name} did not answer {url}; see {service.log_file}")


def wait_celery(env: dict, service: Service, timeout: int = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            sys.exit(f"celery exited; see {service.log_file}")
        if "ready." in service.log_file.read_text():
            return
        time.sleep(0.5)
    sys.exit(f"celery did not start; see {service.log_file}")


@dataclass
class MemorySampler:
    """RSS of every gunicorn and Celery worker process, every `interval` seconds."""

    services: list[Service]
    interval: float = 10.0
    samples: list[tuple[float, str, int, float]] = field(default_factory=list)  # t, service, pid, MB
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> dict[tuple[str, int], float]:
        now, taken = time.monotonic(), {}
        for service in self.services:
            for child in service.children():
                try:
                    rss = child.memory_info().rss / 2**20
                except Exception:
                    continue
                taken[(service.name, child.pid)] = rss
                self.samples.append((now, service.name, child.pid, rss))
        return taken

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()


# --- results --------------------------------------------------------------------------------------


@dataclass
class Sample:
    t: float
    kind: str
    name: str
    ms: float
    ok: bool
    users: int


def read_samples(path: Path) -> list[Sample]:
    with path.open() as handle:
        return [
            Sample(float(r["t"]), r["kind"], r["name"], float(r["ms"]), r["ok"] == "1", int(r["users"]))
            for r in csv.DictReader(handle)
        ]


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass
class Stats:
    label: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: int


def stats(label: str, samples: list[Sample], span: float) -> Stats:
    times = [s.ms for s in samples]
    return Stats(
        label=label,
        requests=len(samples),
        rps=len(samples) / span if span else 0.0,
        p50=pct(times, 50),
        p95=pct(times, 95),
        p99=pct(times, 99),
        max=max(times, default=0.0),
        errors=sum(not s.ok for s in samples),
    )


def stats_table(rows: list[Stats]) -> str:
    lines = [
        "| | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.requests:,} | {r.rps:.1f} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | {r.max:.0f} "
            f"| {r.errors} |"
        )
    return "\n".join(lines)


def endpoint_table(samples: list[Sample], span: float) -> str:
    names = sorted({s.name for s in samples})
    rows = [stats(f"`{name}`", [s for s in samples if s.name == name], span) for name in names]
    rows.sort(key=lambda r: -r.p95)
    return stats_table(rows)


def memory_table(sampler: MemorySampler, marks: dict[str, float]) -> tuple[str, dict[tuple[str, int], float]]:
    """RSS per worker at each mark (the first sample from it on) and its growth from the second mark
    (after the warm-up: imports and caches filled by the first requests) to the last."""
    by_process: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for t, service, pid, rss in sampler.samples:
        by_process.setdefault((service, pid), []).append((t, rss))
    labels = list(marks)
    lines = [
        "| process | " + " | ".join(f"RSS {label} MB" for label in labels) + f" | growth {labels[1]} → end MB |",
        "| --- | " + " | ".join("---:" for _ in labels) + " | ---: |",
    ]
    growths = {}
    for (service, pid), series in sorted(by_process.items()):
        values = []
        for label in labels:
            after = [rss for t, rss in series if t >= marks[label] - 1]
            values.append(after[0] if after else None)
        growth = None
        if values[-1] is not None and values[1] is not None:
            growth = growths[(service, pid)] = values[-1] - values[1]
        cells = " | ".join("–" if v is None else f"{v:.1f}" for v in values)
        lines.append(f"| {service} pid {pid} | {cells} | {'–' if growth is None else f'{growth:+.1f}'} |")
    return "\n".join(lines), growths


def memory_verdict(growths: dict[tuple[str, int], float]) -> str:
    parts = []
    for service in ("gunicorn", "celery"):
        values = [g for (name, _pid), g in growths.items() if name == service]
        if values:
            parts.append(f"{service} {len(values)} processes, largest growth {max(values):+.1f} MB")
    return "; ".join(parts) or "no sample"


def steps_table(samples: list[Sample], length: float, settle: float) -> tuple[str, str]:
    """Saturation profile: stats per user step (first `settle` s of each step left out)."""
    if not samples:
        return "", "no requests"
    t0 = min(s.t for s in samples)
    steps: dict[int, list[Sample]] = {}
    for s in samples:
        index = int((s.t - t0) // length)
        if (s.t - t0) - index * length >= settle:
            steps.setdefault(index, []).append(s)
    lines = [
        "| users | req/s | p50 ms | p95 pages ms | p95 API ms | p95 all ms | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    best, verdict, peak = None, "", (0, 0.0)
    for index in sorted(steps):
        chunk = steps[index]
        users = statistics.median_low([s.users for s in chunk])
        span = max(1.0, min(length - settle, max(s.t for s in chunk) - min(s.t for s in chunk)))
        every = stats("", chunk, span)
        pages = stats("", [s for s in chunk if s.kind == "page"], span)
        api = stats("", [s for s in chunk if s.kind == "api"], span)
        lines.append(
            f"| {users} | {every.rps:.1f} | {every.p50:.0f} | {pages.p95:.0f} | {api.p95:.0f} | {every.p95:.0f} "
            f"| {every.errors} |"
        )
        within = pages.p95 < TARGET_P95_MS and api.p95 < TARGET_P95_MS and every.errors == 0
        peak = max(peak, (every.rps, users))
        if within and not verdict:
            best = (users, every.rps)
        elif not verdict:
            verdict = (
                f"p95 crossed {TARGET_P95_MS} ms (pages {pages.p95:.0f}, API {api.p95:.0f}) or errors appeared "
                f"({every.errors}) at {users} users, {every.rps:.1f} req/s"
            )
    if best:
        head = f"Saturation throughput: **{best[1]:.0f} req/s** ({best[0]} users without think time) "
        head += "with p95 < 200 ms and no errors"
        verdict = f"{head}; {verdict}." if verdict else f"{head}; the target held at every step."
    else:
        verdict = f"Even the first step missed the target: {verdict}."
    verdict += f" Highest throughput of any step: {peak[0]:.0f} req/s ({peak[1]} users)."
    return "\n".join(lines), verdict


def background_work(env: dict) -> str:
    code = """
from django.db.models import Count
from notifications.models import OutboundEmail
from projects.models import BomUpload
from rfq.models import Rfq
emails = dict(OutboundEmail.objects.values_list("status").annotate(n=Count("id")))
boms = dict(BomUpload.objects.values_list("status").annotate(n=Count("id")))
print(f"RFQs {Rfq.objects.count()}; emails {emails}; BOM uploads {boms}")
"""
    try:
        return manage(env, "shell", "--no-imports", "-c", code, capture=True).strip().splitlines()[-1]
    except (subprocess.CalledProcessError, IndexError) as error:  # a model renamed: not worth failing the run
        return f"(not counted: {error})"


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=["think", "saturation"], default="think")
    parser.add_argument("--users", type=int, default=None, help="think: users (200); saturation: the last step (64)")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--duration", type=seconds, default=None, help="10m for think, 4m for saturation")
    parser.add_argument("--products", type=int, default=0, help="generated products on top of the demo catalog")
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--web-workers", type=int, default=None, help="WEB_CONCURRENCY (default: gunicorn.conf.py)")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/metalpro_load"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/5"))
    args = parser.parse_args()
    duration = args.duration or (600 if args.profile == "think" else 240)
    args.users = args.users or (200 if args.profile == "think" else 64)

    out = OUT / args.profile
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="metalpro-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "metalpro.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "0",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "RATELIMIT_ENABLE": "0",
        "LOG_FORMAT": "json",
        "MEDIA_ROOT": str(work / "media"),
        "MAIL_DIR": str(work / "mail"),
        "FRONTEND_URL": f"http://127.0.0.1:{args.port}",
        "PORT": str(args.port),
        "GUNICORN_CONTROL_SOCKET": str(work / "gunicorn.ctl"),
        "GUNICORN_MAX_REQUESTS": "0",  # see the module docstring
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("CELERY_BROKER_URL", None)
    if args.web_workers:
        env["WEB_CONCURRENCY"] = str(args.web_workers)

    log(f"fresh database {args.database_url}")
    recreate_database(args.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    if args.products:
        log(f"generating products up to {args.products:,}")
        load_products(env, args.products)
    manage(env, "collectstatic", "--noinput")
    data = setup_data(env, max(args.users, 50))
    (out / "data.json").write_text(json.dumps(data))
    log(f"{len(data['products'])} products, {len(data['categories'])} categories, {len(data['users'])} buyers")
    subprocess.run(["redis-cli", "-u", args.redis_url, "flushdb"], check=True, stdout=subprocess.DEVNULL)

    celery = start(
        "celery",
        [str(BIN / "celery"), "--app=metalpro", "worker", "--loglevel=INFO", f"--concurrency={args.celery_concurrency}",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env,
        out,
    )  # fmt: skip
    web = start(
        "gunicorn", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{args.port}"], env, out
    )
    services = [web, celery]
    host = f"http://127.0.0.1:{args.port}"
    try:
        wait_http(f"{host}/health/live", web)
        wait_celery(env, celery)
        workers = len(web.children())
        log(f"gunicorn up ({workers} workers), celery up; locust: {args.profile}, {args.users} users, {duration} s")
        locust_env = {
            **os.environ,
            "LOAD_DATA": str(out / "data.json"),
            "LOAD_SAMPLES": str(out / "samples.csv"),
            "LOAD_PROFILE": args.profile,
            "LOAD_USERS": str(args.users),
            "LOAD_DURATION": str(duration),
        }
        command = [
            str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "--host", host,
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{duration}s", "--stop-timeout", "10",
            "--csv", str(out / "locust"), "--only-summary", "--loglevel", "WARNING",
        ]  # fmt: skip
        sampler = MemorySampler(services)
        sampler.sample()
        cpu_before = {service.name: cpu_seconds(service) for service in services}
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with sampler:
            started = time.monotonic()
            with (out / "locust.log").open("w") as locust_log:
                locust = subprocess.Popen(
                    command, cwd=ROOT, env=locust_env, stdout=locust_log, stderr=subprocess.STDOUT
                )
                locust.wait()
            ended = time.monotonic()
            sampler.sample()
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # only locust ended in between
        cpu = {service.name: cpu_seconds(service) - cpu_before[service.name] for service in services}
        cpu["locust"] = (children_after.ru_utime + children_after.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        elapsed = ended - started
        marks = {
            "before load": started - 5,
            "after 1 min": started + 60,
            "half-way": started + elapsed / 2,
            "end": ended,
        }
        if elapsed < 150:  # a short run: no warm-up mark
            marks = {"before load": started - 5, "first": started + 1, "end": ended}
        time.sleep(5)  # let the worker finish what the last requests queued
        queue = subprocess.run(
            ["redis-cli", "-u", args.redis_url, "llen", "celery"], capture_output=True, text=True
        ).stdout.strip()
    finally:
        for service in services:
            service.stop()
    log(f"locust exited {locust.returncode} after {elapsed:.0f} s; everything stopped")

    samples = read_samples(out / "samples.csv")
    span = (max(s.t for s in samples) - min(s.t for s in samples)) if samples else 1.0
    pages = [s for s in samples if s.kind == "page"]
    api = [s for s in samples if s.kind == "api"]
    rows = [stats("pages", pages, span), stats("API", api, span), stats("**all**", samples, span)]
    if span > 150:  # the same without the first minute (cold workers and caches, the buyers' logins)
        first = min(s.t for s in samples)
        later = [s for s in samples if s.t >= first + 60]
        rows += [
            stats("pages after the first minute", [s for s in later if s.kind == "page"], span - 60),
            stats("API after the first minute", [s for s in later if s.kind == "api"], span - 60),
        ]
    overview = stats_table(rows)
    mem, growths = memory_table(sampler, marks)
    failures = (out / "locust_failures.csv").read_text().strip().splitlines()[1:]
    five_xx = sum(1 for line in web.log_file.read_text().splitlines() if '"status": 5' in line)
    work_done = background_work(env)

    cores = os.cpu_count() or 1
    cpu_line = "CPU used during the run: " + ", ".join(
        f"{name} {seconds_used:.0f} s ({100 * seconds_used / elapsed / cores:.0f} % of the {cores} cores)"
        for name, seconds_used in cpu.items()
    )
    date = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    header = (
        f"Measured {date} on {machine()}. gunicorn from `gunicorn.conf.py` ({workers} workers × "
        f"{os.environ.get('GUNICORN_THREADS', 4)} threads, gthread), a Celery worker (prefork, "
        f"{args.celery_concurrency} processes), PostgreSQL and Redis on 127.0.0.1, production settings "
        f"(DEBUG off, rate limits off), locust on the same machine; {len(data['products'])} products. "
        f"Worker recycling off during the run."
    )
    if args.profile == "think":
        page_p95, api_p95 = stats("", pages, span).p95, stats("", api, span).p95
        errors = sum(not s.ok for s in samples)
        verdict = [
            f"- p95 pages {page_p95:.0f} ms, API {api_p95:.0f} ms (target < {TARGET_P95_MS} ms): "
            + ("met" if max(page_p95, api_p95) < TARGET_P95_MS else "**missed**"),
            f"- errors: {errors} (target 0): " + ("met" if errors == 0 else "**missed**"),
            f"- memory per worker from the 1-minute mark to the end: {memory_verdict(growths)}",
        ]
        length = f"{duration // 60} min" if duration % 60 == 0 else f"{duration} s"
        title = f"### Load test: {args.users} users, 1–5 s think time, {length} (`make loadtest`)"
        marker = "load-test-think"
        body = [
            title,
            header,
            "\n".join(verdict),
            f"**Overall** ({elapsed:.0f} s)\n\n{overview}",
            f"**Per request type** (slowest p95 first)\n\n{endpoint_table(samples, span)}",
            f"**Memory (RSS) per worker** (sampled every 10 s)\n\n{mem}",
            f"Background work done by the Celery worker: {work_done}; left in the queue at the end: {queue}. "
            f"5xx lines in the gunicorn log: {five_xx}.",
            cpu_line + " (the rest: PostgreSQL, Redis, the machine's other users).",
        ]
    else:
        step = step_seconds(duration, args.users)
        settle = min(10, step // 3)
        steps, verdict = steps_table(samples, step, settle=settle)
        title = f"### Load test: saturation (no think time, users stepped up to {args.users}, {duration} s)"
        marker = "load-test-saturation"
        body = [
            title,
            header,
            verdict,
            f"**Per step** (each {step} s; its first {settle} s left out)\n\n{steps}",
            f"**Overall** ({elapsed:.0f} s)\n\n{overview}",
            f"**Per request type** (slowest p95 first)\n\n{endpoint_table(samples, span)}",
            f"**Memory (RSS) per worker**\n\n{mem}",
            f"Background work: {work_done}; left in the queue at the end: {queue}. 5xx lines in the gunicorn log: "
            f"{five_xx}.",
            cpu_line + " (the rest: PostgreSQL, Redis, the machine's other users).",
        ]
    if failures:
        body.append("**Failures** (locust)\n\n```\n" + "\n".join(failures[:20]) + "\n```")
    text = "\n\n".join(body)
    print(text)
    if not args.no_docs:
        write_section(marker, text)
        log(f"written to docs/benchmarks.md ({marker})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
