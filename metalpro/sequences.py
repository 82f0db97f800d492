"""Document numbers: one atomic upsert per number, so concurrent callers never get the same value.

The increment belongs to the caller's transaction: a rolled-back document gives its number back
(no gap), and the row lock it holds makes the next caller wait rather than read a stale value.
"""

from django.db import connection
from django.utils import timezone

from metalpro.models import Sequence

_TABLE = Sequence._meta.db_table
_NEXT = (
    f"INSERT INTO {_TABLE} (name, year, last_value) VALUES (%s, %s, 1) "
    f"ON CONFLICT (name, year) DO UPDATE SET last_value = {_TABLE}.last_value + 1 "
    "RETURNING last_value"
)


def next_number(name: str, *, year: int | None = None) -> int:
    year = year or timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [name, year])
        return cursor.fetchone()[0]


def next_reference(prefix: str, *, digits: int = 5) -> str:
    """`PREFIX-<year>-<zero-padded number>`, restarting every year."""
    year = timezone.localdate().year
    return f"{prefix}-{year}-{next_number(prefix, year=year):0{digits}d}"
