"""Site-wide security posture: headers, cookies, CORS, rate limits."""

import pytest
from django.urls import reverse

from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["/", "/api/products"], ids=["page", "api"])
def response(request, client):
    ProductFactory()
    return client.get(request.param)


def test_content_security_policy_allows_no_inline_script(response):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )

    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_security_headers(response, header, value):
    assert response[header] == value


def test_permissions_policy(response):
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_page_with_an_inline_script_would_need_the_request_nonce(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:overview"))

    assert "'nonce-" not in response["Content-Security-Policy"]  # no inline script: no nonce used


def test_hsts_and_https_redirect_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    plain = client.get("/catalog/")
    secure = client.get("/catalog/", secure=True)

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_locked_down(client, user, password, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("accounts:login"))

    response = client.post(reverse("accounts:login"), {"username": user.email, "password": password})

    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["secure"]
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def test_cors_allows_only_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.metalpro.ro"]
    preflight = {
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "authorization,x-cart-token",
    }

    allowed = client.options("/api/auth/login", HTTP_ORIGIN="https://app.metalpro.ro", **preflight)
    denied = client.options("/api/auth/login", HTTP_ORIGIN="https://evil.example", **preflight)

    assert allowed["Access-Control-Allow-Origin"] == "https://app.metalpro.ro"
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    assert "x-cart-token" in allowed["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in denied


def test_api_auth_rate_limit_is_5_per_15_minutes_per_ip(api_client):
    for _ in range(5):
        api_client.post("/api/auth/reset-password", {"email": "a@b.ro"}, format="json")

    response = api_client.post("/api/auth/reset-password", {"email": "a@b.ro"}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 800 < int(response["Retry-After"]) <= 900


def test_general_api_rate_limit_counts_per_client(api_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/15m"}}

    statuses = [api_client.get("/api/categories").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_authenticated_clients_are_counted_per_user(api_login, user, settings):
    from accounts.tests.factories import UserFactory

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "2/15m"}}
    mine, theirs = api_login(user), api_login(UserFactory())
    mine.get("/api/users/me")
    mine.get("/api/users/me")

    assert mine.get("/api/users/me").status_code == 429
    assert theirs.get("/api/users/me").status_code == 200  # same IP, another user


def test_page_rate_limit_on_sign_in(client, user):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "x@y.ro", "password": "gresit-gresit"})

    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "gresit-gresit"})

    assert response.status_code == 429
    assert response["Retry-After"] == "900"


def test_rate_limits_switch_off(api_client, settings):
    settings.RATELIMIT_ENABLE = False

    statuses = {
        api_client.post("/api/auth/reset-password", {"email": "a@b.ro"}, format="json").status_code for _ in range(8)
    }

    assert statuses == {202}


def test_rate_limits_fail_open_when_redis_is_down(api_client, settings):
    from catalog.tests.test_cache import DEAD_REDIS

    settings.CACHES = DEAD_REDIS

    statuses = {
        api_client.post("/api/auth/reset-password", {"email": "a@b.ro"}, format="json").status_code for _ in range(7)
    }

    assert statuses == {202}


def test_admin_sign_in_is_rate_limited(client, settings):
    settings.RATE_ADMIN_LOGIN = "2/15m"
    for _ in range(2):
        client.post("/admin/login/", {"username": "a@b.ro", "password": "x"})

    assert client.post("/admin/login/", {"username": "a@b.ro", "password": "x"}).status_code == 429
