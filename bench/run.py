"""Catalog benchmark: PostgreSQL + Redis + gunicorn (production settings, DEBUG off) under wrk.

    python bench/run.py                       # 10,000 products, throughput and latency, warm and cold
    python bench/run.py --products 100000 --only-single-client   # one client, p95 on a large catalog

Three measurements of the same endpoints:
- warm: the same URL again and again; responses come from the cache after the warm-up;
- cold: every request carries a query string never seen before, so it misses every response
  cache and runs its queries and templates; shared data (category tree, product cards) is cached
  as it is in production;
- no cache: every cache replaced by a no-op (BENCH_CACHE=dummy), the worst case right after a
  flush: nothing at all is reused between requests. Writes its table into
docs/benchmarks.md between markers and prints it. Needs PostgreSQL and Redis on 127.0.0.1 and
`wrk` (apt-get install wrk).
"""

import argparse
import datetime as dt
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DOCS = ROOT / "docs" / "benchmarks.md"

ENDPOINTS = [
    ("trivial 2 KB template (ceiling)", "/bench/trivial"),
    ("catalog list page", "/catalog/"),
    (
        "category page with filters",
        "/catalog/profile-laminate/?grade=S235JR&availability=in_stock&minPrice=10&ordering=price",
    ),
    ("search page", "/catalog/?q=teava+40x40x3"),
    ("product detail page", "/produs/profil-ipe-200-s235jr/"),
    ("GET /api/products", "/api/products"),
]
SINGLE_CLIENT = [
    ("catalog list page", "/catalog/"),
    ("search page", "/catalog/?q=teava+40x40x3"),
    ("search page, one word", "/catalog/?q=tabla"),
    ("GET /api/products", "/api/products"),
    ("GET /api/products?search=", "/api/products?search=profil+ipe+200"),
]


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def ensure_tools() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return
    sys.exit("wrk is required: apt-get install wrk")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def load_products(env: dict, count: int) -> int:
    """The demo catalog, then variants of it until `count` products exist (bulk, idempotent)."""
    code = f"""
from catalog.models import Product
from catalog.services import demo_catalog_ensure
from django.db import connection
demo_catalog_ensure()
have = Product.objects.count()
base = list(Product.objects.select_related("category").filter(sku__regex=r"^[A-Z0-9.X-]+$").order_by("sku")[:364])
batch, n = [], 0
while have + len(batch) < {count}:
    source = base[n % len(base)]
    lot = n // len(base) + 1
    n += 1
    sku = f"{{source.sku}}-L{{lot:04d}}"
    product = Product(
        sku=sku, slug=f"{{source.slug}}-lot-{{lot}}", title=f"{{source.title}} lot L{{lot:04d}}",
        title_en=f"{{source.title_en}} lot L{{lot:04d}}" if source.title_en else "",
        category=source.category, grade=source.grade, standard=source.standard,
        dimensions=source.dimensions, availability=source.availability, base_unit=source.base_unit,
        price_per_unit=source.price_per_unit, weight=source.weight, length_m=source.length_m,
        stock=source.stock, metadata=source.metadata, description=source.description,
    )
    product.search_text = product.build_search_text()
    from catalog.text import natural_sort_key
    product.sort_title = natural_sort_key(product.title)
    batch.append(product)
    if len(batch) == 5000:
        Product.objects.bulk_create(batch, ignore_conflicts=True); have += len(batch); batch = []
Product.objects.bulk_create(batch, ignore_conflicts=True)
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE catalog_product")  # visibility map: index-only scans
print(Product.objects.count())
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env: dict, port: int, workers: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "metalpro.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/health/live", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url: str, *, connections: int, seconds: int, threads: int = 1, unique: bool = False) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "WRK_UNIQUE": "1" if unique else "0"},
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}


def measure(server: Server, endpoints, *, connections: int, seconds: int, unique: bool = False) -> list[Result]:
    results = []
    for name, path in endpoints:
        url = server.url + path
        status = urllib.request.urlopen(url, timeout=10).status
        assert status == 200, f"{path} answered {status}"
        wrk(url, connections=connections, seconds=2)  # warm-up: caches, connections, imports
        raw = wrk(url, connections=connections, seconds=seconds, unique=unique)
        results.append(
            Result(
                name=name,
                path=path,
                rps=raw["requests"] / (raw["duration_us"] / 1e6),
                p50=raw["p50_us"] / 1000,
                p95=raw["p95_us"] / 1000,
                p99=raw["p99_us"] / 1000,
                errors=raw["errors"],
            )
        )
        r = results[-1]
        log(f"{name:<34} {r.rps:8.0f} req/s  p50 {r.p50:6.1f}  p95 {r.p95:6.1f}  p99 {r.p99:6.1f} ms")
    return results


MODES = (
    ("warm: responses from the cache", "", False),
    ("cold: every request misses the response cache", "", True),
    ("no cache at all (worst case, right after a flush)", "dummy", False),
)


def run_modes(env: dict, args: argparse.Namespace, endpoints, *, connections: int) -> list[tuple[str, list[Result]]]:
    """Each measurement mode against its own fresh server: (label, results) per mode."""
    measured = []
    for label, cache, unique in MODES:
        server = Server({**env, "BENCH_CACHE": cache}, args.port, args.workers)
        try:
            log(f"{label} ({connections} connection{'s' if connections > 1 else ''})")
            measured.append(
                (label, measure(server, endpoints, connections=connections, seconds=args.seconds, unique=unique))
            )
        finally:
            server.stop()
    return measured


def table(results: list[Result], ceiling: float | None) -> str:
    lines = [
        "| endpoint | req/s | % of trivial | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        share = f"{100 * r.rps / ceiling:.0f} %" if ceiling else "–"
        lines.append(
            f"| {r.name} (`{r.path}`) | {r.rps:.0f} | {share} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.errors} |"
        )
    return "\n".join(lines)


def write_section(marker: str, text: str) -> None:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    current = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    block = f"{start}\n{text.strip()}\n{end}"
    if start in current:
        current = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, current, flags=re.S)
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    DOCS.write_text(current)


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--only-single-client", action="store_true")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/metalpro_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    args = parser.parse_args()

    ensure_tools()
    database_url = f"{args.database_url}_{args.products}" if args.products != 10_000 else args.database_url
    ensure_database(database_url)
    static_root = tempfile.mkdtemp(prefix="metalpro-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "RATELIMIT_ENABLE": "0",
        "CONN_MAX_AGE": "600",
        "STATIC_ROOT": static_root,
    }
    log(f"migrating {database_url}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    log(f"loading {args.products} products")
    started = time.monotonic()
    count = load_products(env, args.products)
    log(f"{count} products in the catalog ({time.monotonic() - started:.0f} s)")
    subprocess.run(["redis-cli", "-u", args.redis_url, "flushdb"], check=True, stdout=subprocess.DEVNULL)

    date = dt.date.today().isoformat()
    header = (
        f"Measured {date} on {machine()}; PostgreSQL and Redis on 127.0.0.1, gunicorn "
        f"{args.workers} sync workers, production settings (DEBUG off), `wrk` on the same machine."
    )

    if args.only_single_client:
        sections = [
            f"**One client, {label}**\n\n{table(results, None)}"
            for label, results in run_modes(env, args, SINGLE_CLIENT, connections=1)
        ]
        text = "\n\n".join(
            [
                f"### Catalog with {count:,} products: one client\n",
                header,
                "Target: list and search p95 < 100 ms.",
                *sections,
            ]
        )
        write_section(f"catalog-single-client-{args.products}", text)
        print(text)
        return

    sections = []
    ratios = {}
    for label, results in run_modes(env, args, ENDPOINTS, connections=args.connections):
        ceiling = results[0].rps
        ratios[label] = {r.path: r.rps / ceiling for r in results}
        sections.append(
            f"**{label.capitalize()}** ({args.connections} connections, {args.seconds} s each)\n\n"
            + table(results, ceiling)
        )

    warm, cold, _ = ratios.values()
    verdict = []
    for name, path in (("catalog list", "/catalog/"), ("/api/products", "/api/products")):
        verdict.append(
            f"- {name}: {100 * warm[path]:.0f} % of the trivial view warm (target ≥ 50 %), "
            f"{100 * cold[path]:.0f} % cold (target ≥ 25 %)"
        )
    text = "\n\n".join([f"### Catalog with {count:,} products: throughput\n", header, *sections, "\n".join(verdict)])
    write_section("catalog-throughput", text)
    print(text)


if __name__ == "__main__":
    main()
