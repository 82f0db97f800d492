"""Search relevance and speed.

    python bench/search_eval/run.py           # `make search-eval`: demo catalog, in-memory SQLite
    python bench/search_eval/run.py --pg      # `make search-eval-pg`: 100,000 products on PostgreSQL

SQLite mode runs every query of queries.py against the demo catalog (a throw-away in-memory
database, as the embedded default) and prints hit@1, hit@3, the misses and the time per search.

PostgreSQL mode (`--pg`, or DATABASE_URL pointing at PostgreSQL) builds a 100,000-product catalog
in a throw-away database (the demo catalog plus the generated variants of bench/run.py), prints
hit@1/hit@3 of the same queries there, then times `GET /api/products?search=` through the Django
test client (one client, the API's own code path: listing, first page, COUNT, rendering) for the
relevance set and for a broader seeded set of realistic queries, with a never-seen query string
each time so that no response comes from the cache. `--explain` prints EXPLAIN ANALYZE of the
slowest searches. Exit status 1 when hit@3 < 95 % (or, on PostgreSQL, p95 >= 50 ms).
"""

import argparse
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HIT_AT_3_TARGET = 0.95
P95_TARGET_MS = 50.0
PG_DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/metalpro_searcheval"


def setup_sqlite() -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "metalpro.settings.test"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from catalog.services import demo_catalog_ensure

    demo_catalog_ensure()


def setup_postgresql(database_url: str, redis_url: str, products: int) -> int:
    """Migrate and fill the throw-away database (idempotent: a second run reuses it). The cache is
    Redis, as in production (an in-process cache would keep every payload as live Python objects
    and turn garbage collection into 100 ms pauses); its database is flushed first."""
    from bench.run import ensure_database, load_products, manage

    ensure_database(database_url)
    os.environ.pop("REDIS_URL", None)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "metalpro.settings.test"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the Django test client's host
    os.environ["RATELIMIT_ENABLE"] = "0"  # one client sending hundreds of searches is the point here
    env = {**os.environ}
    print(f"[search-eval] migrating and loading {products:,} products into {database_url.rsplit('/', 1)[1]}")
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    count = load_products(env, products)
    print(f"[search-eval] {count:,} products ({time.monotonic() - started:.0f} s)")
    import django
    from django.conf import settings

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    django.setup()
    from django.core.cache import cache

    cache.clear()
    # One access-log line per request to the terminal would be the loudest thing measured here.
    logging.getLogger("metalpro.access").setLevel(logging.WARNING)
    return count


def relevance(label: str) -> float:
    from bench.search_eval.queries import QUERIES
    from catalog.selectors import product_listing

    hits1 = hits3 = 0
    timings, misses = [], []
    for query, sku in QUERIES:
        started = time.perf_counter()
        found = [p.sku for p in product_listing(filters={"search": query}).products[:3]]
        timings.append((time.perf_counter() - started) * 1000)
        hits1 += found[:1] == [sku]
        hits3 += sku in found
        if sku not in found:
            misses.append((query, sku, found))
    count = len(QUERIES)
    print(f"{count} queries on {label}: hit@1 {hits1 / count:.1%}, hit@3 {hits3 / count:.1%}")
    median, p95 = percentiles(timings)
    print(f"time per search (listing + top 3, in process): median {median:.1f} ms, p95 {p95:.1f} ms")
    for query, sku, found in misses:
        print(f"  miss: {query!r} expected {sku}, got {found}")
    return hits3 / count


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def realistic_queries(count: int, seed: int = 7) -> list[str]:
    """What buyers type, drawn from the demo catalog: titles in either language (with and without
    diacritics, sizes spaced or with commas), family + size, SKUs, bare family words."""
    from catalog.models import Product
    from catalog.text import strip_diacritics

    rng = random.Random(seed)
    rows = list(
        Product.objects.filter(sku__regex=r"^[A-Z0-9.X-]+$")
        .exclude(sku__contains="-L0")
        .values_list("title", "title_en", "sku", "grade")
        .order_by("sku")
    )
    words = ["tabla", "teava", "profil", "cornier", "sheet", "tube", "otel", "platbanda", "inox", "aluminiu", "hea"]
    queries = []
    while len(queries) < count:
        title, title_en, sku, grade = rng.choice(rows)
        kind = rng.randrange(8)
        sizes = [w for w in title.split() if any(ch.isdigit() for ch in w)]
        family = title.split()[0]
        if kind == 0:
            queries.append(title)
        elif kind == 1:
            queries.append(strip_diacritics(title).lower())
        elif kind == 2 and title_en:
            queries.append(title_en.lower())
        elif kind == 3:
            queries.append(sku.lower())
        elif kind == 4 and sizes:
            queries.append(f"{family} {sizes[0].replace('x', ' x ').replace('.', ',')}")
        elif kind == 5 and sizes:
            queries.append(f"{strip_diacritics(family).lower()} {sizes[0]} {grade}".strip())
        elif kind == 6:
            queries.append(rng.choice(words))
        elif kind == 7 and title_en and sizes:
            queries.append(" ".join(title_en.split()[:2] + sizes[:1]))
    return queries


def api_latency(queries: list[str], label: str, rounds: int = 1) -> tuple[list[tuple[float, str]], float]:
    """Milliseconds per `GET /api/products?search=` (first page and count), one client, each request
    with a query string never seen before (the response cache misses, as for a new search)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for query in queries[:5]:  # warm-up: connection, category tree, imports
        client.get("/api/products", {"search": query, "_": "warm"})
    timings: list[tuple[float, str]] = []
    sql_timings: list[float] = []
    sql_time = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - started

    load = os.getloadavg()[0]
    with connection.execute_wrapper(timed):
        for round_ in range(rounds):
            for n, query in enumerate(queries):
                sql_time[0] = 0.0
                started = time.perf_counter()
                response = client.get("/api/products", {"search": query, "_": f"{round_}-{n}-{time.time_ns()}"})
                timings.append(((time.perf_counter() - started) * 1000, query))
                sql_timings.append(sql_time[0] * 1000)
                assert response.status_code == 200, (query, response.status_code)
    median, p95 = percentiles([ms for ms, _ in timings])
    sql_median, sql_p95 = percentiles(sql_timings)
    print(
        f"GET /api/products?search= ({label}, {len(timings)} requests): median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(ms for ms, _ in timings):.1f} ms; of which SQL: median {sql_median:.1f} ms, p95 {sql_p95:.1f} ms "
        f"(load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    return timings, p95


def explain(query: str) -> None:
    from django.db import connection

    from catalog.selectors import product_listing

    listing = product_listing(filters={"search": query})
    for label, queryset in (("first page", listing.products.values_list("id", flat=True)[:20]),):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"\n--- {query!r} {label}\n" + "\n".join(row[0] for row in cursor.fetchall()))
        count_sql, count_params = listing.products.order_by().values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({count_sql}) t", count_params)
            print(f"--- {query!r} count\n" + "\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", action="store_true", help="100,000 products on PostgreSQL")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("SEARCH_EVAL_DATABASE_URL", PG_DEFAULT_URL))
    parser.add_argument("--redis-url", default=os.environ.get("SEARCH_EVAL_REDIS_URL", "redis://127.0.0.1:6379/11"))
    parser.add_argument("--realistic", type=int, default=300, help="how many generated queries to time")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest searches")
    args = parser.parse_args()

    if not (args.pg or os.environ.get("DATABASE_URL", "").startswith("postgres")):
        setup_sqlite()
        return 0 if relevance("the demo catalog (SQLite)") >= HIT_AT_3_TARGET else 1

    count = setup_postgresql(args.database_url, args.redis_url, args.products)
    from bench.search_eval.queries import QUERIES

    hit_at_3 = relevance(f"{count:,} products (PostgreSQL)")
    relevance_timings, p95_relevance = api_latency([q for q, _ in QUERIES], "relevance set", rounds=3)
    realistic = realistic_queries(args.realistic)
    realistic_timings, p95_realistic = api_latency(realistic, f"{len(set(realistic))} realistic queries")
    slowest = sorted(relevance_timings + realistic_timings, reverse=True)
    print("slowest:", ", ".join(f"{query!r} {ms:.0f} ms" for ms, query in slowest[:8]))
    for query in list(dict.fromkeys(query for _, query in slowest))[: args.explain]:
        explain(query)
    ok = hit_at_3 >= HIT_AT_3_TARGET and max(p95_relevance, p95_realistic) < P95_TARGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
