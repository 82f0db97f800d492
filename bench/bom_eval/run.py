"""BOM mapping evaluation: accuracy on real-world layouts, speed and memory on a large file.

    python bench/bom_eval/run.py             # or: make bom-eval
    python bench/bom_eval/run.py --verbose   # also every row that was mapped wrongly

Writes the evaluation files to var/bom-eval/, maps them with the production pipeline (reader →
header → lines → matcher → pricing) against the demo catalog in a throw-away SQLite database, and
prints, per file and overall:
- exact-SKU accuracy on rows that name a catalog product (the first choice, auto or suggested);
- precision of auto-accepted rows (confidence ≥ AUTO_ACCEPT);
- rejection rate of rows that are not catalog products (left without a product);
Then, in a fresh process per measurement, time and peak memory of 5,000 rows against a catalog of
10,000 products (the demo catalog plus products in grades the demo catalog does not have), and
how time grows with rows and with catalog size. Results go to docs/benchmarks.md; the exit
status is 1 when a target is missed.
"""

import argparse
import contextlib
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "bom-eval"
TARGETS = {"accuracy": 0.97, "precision": 0.99, "rejection": 0.95, "seconds": 3.0, "peak_mb": 300}
LARGE_ROWS = 5_000
LARGE_CATALOG = 10_000
COUNTS = ("matchable", "correct", "auto", "auto_correct", "foreign", "rejected", "skip", "skipped_ok")


def setup_django() -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "AWS_STORAGE_BUCKET_NAME"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "metalpro.settings.test"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"  # throw-away: never the dev database
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(products: int) -> int:
    """The demo catalog, then the same sizes in other grades until `products` exist."""
    from catalog.models import Product
    from catalog.services import demo_catalog_ensure
    from catalog.text import natural_sort_key

    demo_catalog_ensure()
    base = list(Product.objects.select_related("category").order_by("sku"))
    extra_grades = [
        "S275JR", "S275J0", "S275J2", "S275N", "S275NL", "S275M", "S420M", "S420N", "S420ML", "S460M", "S460N",
        "S460NL", "S460Q", "S500Q", "S550Q", "S690Q", "S890Q", "S960Q", "E295", "E335", "E360", "P235GH",
        "P265GH", "P355NH", "L245", "L290", "X52", "X60",
    ]  # fmt: skip
    batch = []
    for grade in extra_grades:
        for source in base:
            if len(base) + len(batch) >= products:
                break
            title = (
                source.title.replace(source.grade, grade) if source.grade in source.title else f"{source.title} {grade}"
            )
            product = Product(
                sku=f"{source.sku}-{grade}", slug=f"{source.slug}-{grade.lower()}", title=title,
                category=source.category, grade=grade, standard=source.standard, dimensions=source.dimensions,
                availability=source.availability, base_unit=source.base_unit, price_per_unit=source.price_per_unit,
                weight=source.weight, length_m=source.length_m, stock=source.stock, metadata=source.metadata,
            )  # fmt: skip
            product.search_text = product.build_search_text()
            product.sort_title = natural_sort_key(product.title)
            batch.append(product)
    Product.objects.bulk_create(batch, batch_size=2000)
    from catalog.cache import invalidate_catalog

    invalidate_catalog()
    return Product.objects.count()


# --- Files --------------------------------------------------------------------------------------


def write_file(spec: dict, rows: list[tuple[list, str | None]]) -> tuple[Path, dict[int, str | None]]:
    """Write one evaluation file; return {spreadsheet row number: expected}."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / spec["name"]
    lines = [*spec["title"], spec["header"], *[cells for cells, _ in rows]]
    first_data = len(spec["title"]) + 2
    expected = {first_data + index: expect for index, (_, expect) in enumerate(rows)}
    if spec["format"] == "csv":
        with open(path, "w", encoding=spec["encoding"], errors="replace", newline="") as handle:
            writer = csv.writer(handle, delimiter=spec["delimiter"])
            for cells in lines:
                writer.writerow(["" if c is None else c for c in cells])
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("BOM")
        for cells in lines:
            sheet.append([None if c == "" else c for c in cells])
        summary = workbook.create_sheet("Sumar")
        summary.append(["Total", "=SUM(BOM!G:G)"])
        workbook.save(path)
    return path, expected


def small_files() -> list[tuple[Path, dict]]:
    from bench.bom_eval.files_blind import BLIND_FILES
    from bench.bom_eval.files_blind3 import BLIND3_FILES
    from bench.bom_eval.files_holdout import HOLDOUT_FILES
    from bench.bom_eval.files_small import SMALL_FILES

    written = []
    for spec in [*SMALL_FILES, *BLIND_FILES, *HOLDOUT_FILES, *BLIND3_FILES]:
        rows = [(list(row[:-1]), row[-1]) for row in spec["rows"]]
        written.append(write_file(spec, rows))
    return written


def large_file(count: int, name: str) -> tuple[Path, dict]:
    from bench.bom_eval.large import HEADER, generate

    spec = {"name": name, "format": "xlsx", "title": [["Lista materiale consolidata"], []], "header": HEADER}
    return write_file(spec, generate(count))


# --- Scoring ------------------------------------------------------------------------------------


def map_file(path: Path):
    from projects.services.bom import bom_map, bom_read, catalog_index

    with open(path, "rb") as handle:
        result = bom_read(handle, "xlsx" if path.suffix == ".xlsx" else "csv")
    return bom_map(result, index=catalog_index(), memory={})


def score(rows: list[dict], summary: dict, expected: dict) -> dict:
    by_row = {row["row"]: row for row in rows}
    skipped = {item["row"] for item in summary["skipped"]}
    counts = dict.fromkeys(COUNTS, 0)
    wrong = []
    for number, expect in expected.items():
        row = by_row.get(number)
        if expect == "SKIP":
            counts["skip"] += 1
            counts["skipped_ok"] += row is None
            continue
        sku = row.get("sku") if row else None
        auto = bool(row and row.get("matched"))
        if expect is None:
            counts["foreign"] += 1
            counts["rejected"] += sku is None
            if sku is not None:
                wrong.append((number, row["description"], None, sku, row["confidence"]))
        else:
            counts["matchable"] += 1
            counts["correct"] += sku == expect
            if sku != expect:
                description = row["description"] if row else f"(skipped: {number in skipped})"
                wrong.append((number, description, expect, sku, row["confidence"] if row else None))
        if auto:
            counts["auto"] += 1
            counts["auto_correct"] += sku == expect
    counts["wrong"] = wrong
    return counts


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


# --- Speed and memory (fresh process each) ------------------------------------------------------


def measure(rows: int, catalog: int) -> dict:
    """Run in a child: seed `catalog` products, map a `rows`-row file twice (cold and warm index)."""
    code = ["--measure", str(rows), str(catalog)]
    out = subprocess.run([sys.executable, __file__, *code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure_child(rows: int, catalog: int) -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    setup_django()
    products = seed(catalog)
    path, _ = large_file(rows, f"large_{rows}.xlsx")
    from projects.services import bom

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    map_file(path)  # cold: the catalog index is built inside
    cold = time.perf_counter() - started
    started = time.perf_counter()
    with open(path, "rb") as handle:
        result = bom.bom_read(handle, "xlsx")
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    bom.bom_map(result, index=bom.catalog_index(), memory={})
    map_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": rows,
                "products": products,
                "cold": cold,
                "warm": read_seconds + map_seconds,
                "read": read_seconds,
                "map": map_seconds,
                "rss_mb": peak,
                "rss_before_mb": baseline,
            }
        )
    )


# --- Report -------------------------------------------------------------------------------------


def write_section(text: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench.run import write_section as write

    write("bom-eval", text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument("--measure", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure_child(*args.measure)
        return 0

    setup_django()
    seed(0)
    files = [*small_files(), large_file(LARGE_ROWS, f"large_{LARGE_ROWS}.xlsx")]
    from projects.bom import BomError
    from projects.bom.matching import AUTO_ACCEPT

    lines = [
        "| file | rows | exact SKU (matchable) | auto-accepted: precision | not ours: left unmatched | totals skipped |"
    ]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    totals = dict.fromkeys(COUNTS, 0)
    for path, expected in files:
        try:
            rows, summary = map_file(path)
        except BomError as error:  # the whole file refused: every row counts as wrong
            print(f"  {path.name}: refused: {error.message}")
            rows, summary = [], {"skipped": []}
        counts = score(rows, summary, expected)
        for key in totals:
            totals[key] += counts[key]
        lines.append(
            f"| {path.name} | {len(expected)} | {counts['correct']}/{counts['matchable']} "
            f"({ratio(counts['correct'], counts['matchable']):.1%}) | {counts['auto_correct']}/{counts['auto']} "
            f"({ratio(counts['auto_correct'], counts['auto']):.1%}) | {counts['rejected']}/{counts['foreign']} "
            f"({ratio(counts['rejected'], counts['foreign']):.1%}) | {counts['skipped_ok']}/{counts['skip']} |"
        )
        if args.verbose:
            for number, description, expect, got, confidence in counts["wrong"]:
                print(f"  {path.name}:{number}  {description!r}  expected {expect}  got {got} ({confidence})")
    accuracy = ratio(totals["correct"], totals["matchable"])
    precision = ratio(totals["auto_correct"], totals["auto"])
    rejection = ratio(totals["rejected"], totals["foreign"])
    lines.append(
        f"| **all** | {sum(len(e) for _, e in files)} | **{accuracy:.1%}** | **{precision:.1%}** "
        f"({totals['auto']} rows auto-accepted, {ratio(totals['auto'], totals['matchable']):.0%} of matchable) "
        f"| **{rejection:.1%}** | {totals['skipped_ok']}/{totals['skip']} |"
    )
    report = [
        f"Auto-accept threshold: confidence ≥ {AUTO_ACCEPT}. Targets: exact SKU ≥ {TARGETS['accuracy']:.0%}, "
        f"auto-accepted precision ≥ {TARGETS['precision']:.0%}, non-catalog rows left unmatched ≥ "
        f"{TARGETS['rejection']:.0%}.\n",
        "\n".join(lines),
    ]
    failures = []
    if accuracy < TARGETS["accuracy"]:
        failures.append(f"exact-SKU accuracy {accuracy:.1%}")
    if precision < TARGETS["precision"]:
        failures.append(f"auto-accepted precision {precision:.1%}")
    if rejection < TARGETS["rejection"]:
        failures.append(f"non-catalog rejection {rejection:.1%}")
    print("\n".join(report))

    if not args.no_speed:
        print("\nmeasuring speed and memory (fresh process per run)…", flush=True)
        large = measure(LARGE_ROWS, LARGE_CATALOG)
        scaling = [measure(n, LARGE_CATALOG) for n in (1_000, 2_500, 10_000)] + [measure(LARGE_ROWS, 364)]
        speed = [
            f"\n5,000 rows × {large['products']:,} products, one core ({platform.python_version()}, "
            f"{platform.machine()}): **{large['cold']:.2f} s** with the catalog index built in the run "
            f"(read {large['read']:.2f} s + map and price {large['map']:.2f} s = {large['warm']:.2f} s once the "
            f"index is built); peak memory **{large['rss_mb']:.0f} MB** RSS for the whole process "
            f"({large['rss_before_mb']:.0f} MB with Django loaded and the catalog seeded, before the file).\n",
            "| rows | products | seconds (index built in the run) | seconds (index ready) | per 1,000 rows |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for run in sorted([large, *scaling], key=lambda r: (r["products"], r["rows"])):
            speed.append(
                f"| {run['rows']:,} | {run['products']:,} | {run['cold']:.2f} | {run['warm']:.2f} | "
                f"{run['warm'] / run['rows'] * 1000:.2f} |"
            )
        print("\n".join(speed))
        report.extend(speed)
        if large["cold"] >= TARGETS["seconds"]:
            failures.append(f"5,000 rows took {large['cold']:.2f} s")
        if large["rss_mb"] >= TARGETS["peak_mb"]:
            failures.append(f"peak memory {large['rss_mb']:.0f} MB")
        write_section("### BOM mapping evaluation (`make bom-eval`)\n\n" + "\n".join(report))
    if failures:
        print("\nTARGETS MISSED: " + "; ".join(failures))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
