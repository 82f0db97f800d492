"""Romanian formats (on top of Django's): 04.12.2026, 1.234,50 lei. Money and quantities are grouped
by the `money`/`qty` filters (USE_THOUSAND_SEPARATOR stays off, so ids, years and inputs are not)."""

DATE_FORMAT = "j F Y"  # 4 decembrie 2026
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"  # 04.12.2026
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
