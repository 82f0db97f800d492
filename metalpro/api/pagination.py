from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?pageSize=` (at most 100), answering `{count, next, previous, results}`."""

    page_size_query_param = "pageSize"
    max_page_size = 100
