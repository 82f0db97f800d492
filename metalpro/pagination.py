from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    """A paginator that can be told the total up front (e.g. from a cached tree): no COUNT query."""

    def __init__(self, *args, count: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if count is not None:
            self.count = count
