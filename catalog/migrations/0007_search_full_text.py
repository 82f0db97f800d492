"""Full-text search on PostgreSQL (issue 7): the `unaccent` and `pg_trgm` extensions, a stored generated
`search_words` tsvector column (PostgreSQL only, unknown to the Django model: the database keeps it from
`search_text` on every write) and its GIN index. SQLite keeps its LIKE fallback: nothing to do there.

Stored rather than an expression index: a broad search ("profil": a third of the catalog) is
answered by a scan, and computing the expression on every row took 1.7 s at 100,000 products.

The words are the column's own whitespace-separated tokens (`array_to_tsvector`, not a text-search
parser, which would cut "88.9x3.2" into "88.9" and "x3.2"), plus the numbers inside sizes
("2000x1000x0.6" → "2000", "1000", "0.6"; "d16" → "16"), so that "tabla 0,6" or "otel beton 16"
find their product as `LIKE '%0.6%'` does. The column is already lower case and without diacritics
(catalog.text.normalize, shared with the query), so no dictionary or unaccent is needed in the
expression; `unaccent` is enabled for ad-hoc SQL and reports.

catalog/tests/test_search.py checks on PostgreSQL that searches use the index.
"""

from django.db import migrations

SEARCH_WORDS = (
    "array_to_tsvector(array_remove(string_to_array("
    r"search_text || ' ' || regexp_replace(search_text, '([0-9])x|\md', '\1 ', 'g'), ' '), ''))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "ALTER TABLE catalog_product ADD COLUMN IF NOT EXISTS search_words tsvector "
        f"GENERATED ALWAYS AS ({SEARCH_WORDS}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_words_idx ON catalog_product USING gin (search_words)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_words_idx")
    schema_editor.execute("ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_words")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_english_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
