from rest_framework import pagination

from metalpro.pagination import KnownCountPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?pageSize=` (at most 100), answering `{count, next, previous, results}`.

    `paginate_queryset(..., count=n)` skips the COUNT query when the caller already knows it.
    """

    page_size_query_param = "pageSize"
    max_page_size = 100
    known_count: int | None = None

    def django_paginator_class(self, *args, **kwargs) -> KnownCountPaginator:
        return KnownCountPaginator(*args, count=self.known_count, **kwargs)

    def paginate_queryset(self, queryset, request, view=None, count: int | None = None):
        self.known_count = count
        return super().paginate_queryset(queryset, request, view=view)
