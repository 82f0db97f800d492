def drop_trailing_slash_twins(endpoints: list) -> list:
    """drf-spectacular preprocessing hook: every API route also answers with a trailing slash
    (see `slashless`); document each operation once, under the contract's path."""
    paths = {path for path, *_ in endpoints}
    return [e for e in endpoints if not (e[0].endswith("/") and e[0].rstrip("/") in paths)]
