"""English formats for a European shop (on top of Django's US ones): 4 Dec 2026 rather than
12/04/2026, a 24-hour clock, weeks from Monday; 1,234.50 RON."""

DATE_FORMAT = "j F Y"  # 4 December 2026
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"  # 4 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
