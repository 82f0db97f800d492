"""Helpers for API URL patterns."""

from django.urls import path


def slashless(route: str, view, name: str) -> list:
    """The route as the contract writes it (no trailing slash), and the same with a slash."""
    return [path(route, view, name=name), path(f"{route}/", view)]
