"""The saturation profile's user steps, shared by locustfile.py (the shape) and run.py (the report)."""

LEVELS = (2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)


def step_levels(max_users: int) -> list[int]:
    levels = [n for n in LEVELS if n < max_users]
    return [*levels, max_users]


def step_seconds(duration: int, max_users: int) -> int:
    return max(10, duration // len(step_levels(max_users)))
