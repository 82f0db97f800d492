"""Fixtures shared by every app's tests (STYLE.md: `user`, `operator`, `api_client`, ...)."""

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    """Each test starts with an empty cache and the site language (a request leaves its language
    active, and `reverse()` follows it), and writes files and mail under its own temp dir."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAIL_DIR = tmp_path / "mail"
    settings.BACKUP_DIR = tmp_path / "backups"
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """A transactional test starts on the tables the previous one emptied, content types included:
    forget the cached content type ids, or audit log entries would point at rows that are gone."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def password() -> str:
    return "Corect-Cal-Baterie-42"


@pytest.fixture
def user(db, password):
    from accounts.tests.factories import UserFactory

    return UserFactory(password=password)


@pytest.fixture
def operator(db, password):
    from accounts.tests.factories import UserFactory

    return UserFactory(password=password, is_staff=True, is_superuser=True, name="Operator")


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if any("browser tests skipped" in str(report.longrepr) for report in skipped):
        terminalreporter.write_line("browser tests skipped: install chromium", yellow=True, bold=True)


@pytest.fixture
def api_login():
    """`api_login(user)` -> an APIClient carrying a bearer token of a new server-side session
    (`client.tokens` holds the pair, `client.session_id` the session)."""
    from accounts.services.sessions import api_session_start

    def login(user) -> APIClient:
        session, tokens = api_session_start(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
        client.tokens, client.session_id = tokens, session.pk
        return client

    return login


@pytest.fixture
def auth_client(user, api_login) -> APIClient:
    return api_login(user)


# Data migrations that build the "Sales operators" group; transactional tests empty every table,
# so tests that need the group run them again (the migrations stay the one source of truth).
OPERATOR_GROUP_MIGRATIONS = (
    "accounts.migrations.0003_sales_operators_group",
    "rfq.migrations.0002_operator_permissions",
    "projects.migrations.0002_operator_permissions",
    "projects.migrations.0003_operator_retry_permission",
    "accounts.migrations.0004_audit_operator_permissions",
    "catalog.migrations.0004_rating_operator_permissions",
    "orders.migrations.0003_operator_permissions",
    "analytics.migrations.0002_operator_permissions",
)


@pytest.fixture
def sales_operators_group(db):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    for module in OPERATOR_GROUP_MIGRATIONS:
        importlib.import_module(module).forwards(apps, None)
    return Group.objects.get(name="Sales operators")
