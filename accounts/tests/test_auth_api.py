"""POST /api/auth/* (CONTRACT §4), end to end through the API client."""

import re
from datetime import timedelta

import pytest
import time_machine

from accounts.models import AuthSession, Company, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Otel-Laminat-2026!"
BUSINESS = {
    "email": "Achizitii@ConstructMetal.ro",
    "password": STRONG,
    "name": "Maria Ionescu",
    "phone": "+40 722 123 456",
    "role": "BUSINESS",
    "company": {"name": "Construct Metal SRL", "cui": "RO 14399840", "city": "Cluj-Napoca", "county": "Cluj"},
}


def link_token(message, kind: str) -> str:
    path = {"verify": "verificare", "reset": "resetare"}[kind]
    return re.search(rf"/cont/{path}/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def signup(api_client, django_capture_on_commit_callbacks):
    def post(payload: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post("/api/auth/signup", payload, format="json")

    return post


def test_business_signup_creates_account_company_session_and_welcome_email(signup, mailoutbox):
    response = signup(BUSINESS)

    body = response.json()
    assert response.status_code == 201
    assert body["user"]["email"] == "achizitii@constructmetal.ro"
    assert body["user"]["role"] == "BUSINESS"
    assert body["user"]["emailVerified"] is False
    assert body["user"]["company"]["name"] == "Construct Metal SRL"
    assert body["user"]["company"]["cui"] == "14399840"
    assert set(body["tokens"]) == {"accessToken", "refreshToken"}
    assert Company.objects.get().city == "Cluj-Napoca"
    assert AuthSession.objects.filter(kind="API").count() == 1
    assert mailoutbox[0].to == ["achizitii@constructmetal.ro"]
    assert "/cont/verificare/" in mailoutbox[0].body


def test_individual_signup_needs_no_company(signup):
    response = signup({"email": "ion@exemplu.ro", "password": STRONG, "name": "Ion Pop", "role": "INDIVIDUAL"})

    assert response.status_code == 201
    assert response.json()["user"]["company"] is None


def test_signup_passwords_are_hashed_with_argon2(signup, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    signup({"email": "ion@exemplu.ro", "password": STRONG, "name": "Ion Pop", "role": "INDIVIDUAL"})

    assert User.objects.get().password.startswith("argon2$argon2id$")


def test_a_wrong_cui_is_a_field_error(signup):
    response = signup({**BUSINESS, "company": {**BUSINESS["company"], "cui": "RO14399841"}})

    assert response.status_code == 400
    assert "cifra de control" in response.json()["details"]["cui"][0]
    assert not User.objects.exists()


def test_a_business_needs_its_company(signup):
    response = signup({key: value for key, value in BUSINESS.items() if key != "company"})

    assert response.status_code == 400
    assert "company" in response.json()["details"]


def test_an_email_in_another_case_is_already_taken(signup):
    UserFactory(email="achizitii@constructmetal.ro")

    response = signup(BUSINESS)

    assert response.status_code == 400
    assert "email" in response.json()["details"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "fragment"),
    [("scurta", "12"), ("password1234", "răspândit"), ("123456789012345", "numeric")],
    ids=["short", "common", "numeric"],
)
def test_weak_passwords_are_refused(signup, password, fragment):
    response = signup({**BUSINESS, "password": password})

    assert response.status_code == 400
    assert fragment in " ".join(response.json()["details"]["password"]).lower()


def test_wrong_types_are_400_and_unknown_fields_are_ignored(signup):
    wrong = signup({**BUSINESS, "name": {"first": "Maria"}, "role": "ADMIN"})
    extra = signup({**BUSINESS, "isStaff": True, "isSuperuser": True})

    assert wrong.status_code == 400
    assert set(wrong.json()["details"]) >= {"name", "role"}
    assert extra.status_code == 201
    assert not User.objects.get().is_staff


def test_login_returns_user_and_tokens(api_client, user, password):
    response = api_client.post("/api/auth/login", {"email": user.email.upper(), "password": password}, format="json")

    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(user.id)
    assert response.json()["tokens"]["accessToken"]


def test_bad_credentials_are_401_without_saying_which(api_client, user):
    wrong_password = api_client.post("/api/auth/login", {"email": user.email, "password": "x" * 12}, format="json")
    no_account = api_client.post("/api/auth/login", {"email": "nimeni@exemplu.ro", "password": "x" * 12}, format="json")

    assert wrong_password.status_code == no_account.status_code == 401
    assert wrong_password.json() == no_account.json()


def test_five_failures_lock_the_account_for_15_minutes(api_client, user, password, settings):
    settings.RATELIMIT_ENABLE = False  # isolate the lockout from the per-IP rate limit
    for _ in range(5):
        api_client.post("/api/auth/login", {"email": user.email, "password": "gresita-parola"}, format="json")

    locked = api_client.post("/api/auth/login", {"email": user.email, "password": password}, format="json")

    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert locked["Retry-After"] == "900"
    with time_machine.travel(timedelta(minutes=16)):
        unlocked = api_client.post("/api/auth/login", {"email": user.email, "password": password}, format="json")
    assert unlocked.status_code == 200


def test_four_failures_do_not_lock(api_client, user, password, settings):
    settings.RATELIMIT_ENABLE = False
    for _ in range(4):
        api_client.post("/api/auth/login", {"email": user.email, "password": "gresita-parola"}, format="json")

    assert (
        api_client.post("/api/auth/login", {"email": user.email, "password": password}, format="json").status_code
        == 200
    )


def test_access_token_reaches_my_profile(auth_client, user):
    response = auth_client.get("/api/users/me")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_missing_or_forged_token_is_401(api_client, auth_client):
    forged = auth_client.tokens.access[:-4] + "AAAA"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")

    assert api_client.get("/api/users/me").status_code == 401
    api_client.credentials()
    assert api_client.get("/api/users/me").status_code == 401


def test_refresh_rotates_and_the_old_refresh_token_dies(api_client, auth_client):
    old = auth_client.tokens.refresh

    first = api_client.post("/api/auth/refresh", {"refreshToken": old}, format="json")
    again = api_client.post("/api/auth/refresh", {"refreshToken": old}, format="json")

    assert first.status_code == 200
    assert first.json()["tokens"]["refreshToken"] != old
    assert again.status_code == 401


def test_reusing_a_dead_refresh_token_revokes_the_whole_session(api_client, auth_client):
    old = auth_client.tokens.refresh
    new = api_client.post("/api/auth/refresh", {"refreshToken": old}, format="json").json()["tokens"]

    reuse = api_client.post("/api/auth/refresh", {"refreshToken": old}, format="json")

    assert reuse.json()["code"] == "token_reused"
    assert api_client.post("/api/auth/refresh", {"refreshToken": new["refreshToken"]}, format="json").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {new['accessToken']}")
    assert api_client.get("/api/users/me").status_code == 401
    assert AuthSession.objects.get(pk=auth_client.session_id).revoke_reason == "refresh_reuse"


def test_logout_kills_access_and_refresh_tokens_at_once(api_client, auth_client):
    assert auth_client.get("/api/users/me").status_code == 200  # the session is now cached as alive

    assert auth_client.post("/api/auth/logout").status_code == 204

    assert auth_client.get("/api/users/me").status_code == 401
    refresh = api_client.post("/api/auth/refresh", {"refreshToken": auth_client.tokens.refresh}, format="json")
    assert refresh.status_code == 401


def test_expired_access_token_is_refused(auth_client, settings):
    with time_machine.travel(timedelta(minutes=settings.JWT_ACCESS_MINUTES + 1)):
        assert auth_client.get("/api/users/me").status_code == 401


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_an_invalid_access_token_is_401_with_a_plain_message(api_client, token):
    response = api_client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response.json() == {  # was the repr of simplejwt's dict: "{'detail': ErrorDetail(string=..."
        "error": "Given token not valid for any token type",
        "code": "token_not_valid",
        "details": {},
    }


def test_session_check_is_cached_not_a_query_per_request(auth_client, django_assert_num_queries):
    auth_client.get("/api/users/me")

    with django_assert_num_queries(2):  # the user, and the profile with its company; no session query
        auth_client.get("/api/users/me")


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    api_client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = api_client.post("/api/auth/reset-password", {"email": user.email}, format="json")
        unknown = api_client.post("/api/auth/reset-password", {"email": "nimeni@exemplu.ro"}, format="json")

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [message.to for message in mailoutbox] == [[user.email]]


@pytest.fixture
def reset_token(api_client, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post("/api/auth/reset-password", {"email": user.email}, format="json")
    return link_token(mailoutbox[-1], "reset")


def test_reset_sets_the_password_and_ends_every_session(api_client, auth_client, user, reset_token):
    response = api_client.post(
        "/api/auth/reset-password/confirm", {"token": reset_token, "password": STRONG}, format="json"
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert user.check_password(STRONG)
    assert auth_client.get("/api/users/me").status_code == 401


def test_a_reset_link_works_once(api_client, reset_token):
    api_client.post("/api/auth/reset-password/confirm", {"token": reset_token, "password": STRONG}, format="json")

    again = api_client.post(
        "/api/auth/reset-password/confirm", {"token": reset_token, "password": STRONG + "x"}, format="json"
    )

    assert again.status_code == 400
    assert "token" in again.json()["details"]


def test_a_reset_link_expires_after_an_hour(api_client, reset_token):
    with time_machine.travel(timedelta(minutes=61)):
        response = api_client.post(
            "/api/auth/reset-password/confirm", {"token": reset_token, "password": STRONG}, format="json"
        )

    assert response.status_code == 400


def test_email_verification_link(api_client, signup, mailoutbox):
    signup(BUSINESS)
    token = link_token(mailoutbox[0], "verify")

    response = api_client.post("/api/auth/verify-email", {"token": token}, format="json")

    assert response.status_code == 200
    assert User.objects.get().email_verified


def test_email_verification_expires_after_24_hours(api_client, signup, mailoutbox):
    signup(BUSINESS)
    token = link_token(mailoutbox[0], "verify")

    with time_machine.travel(timedelta(hours=25)):
        response = api_client.post("/api/auth/verify-email", {"token": token}, format="json")

    assert response.status_code == 400
    assert not User.objects.get().email_verified


def test_a_tampered_verification_token_is_refused(api_client, signup, mailoutbox):
    signup(BUSINESS)
    token = link_token(mailoutbox[0], "verify")

    assert api_client.post("/api/auth/verify-email", {"token": token[:-2] + "xx"}, format="json").status_code == 400


def test_password_change_ends_the_other_sessions_only(api_login, user, password):
    this, other = api_login(user), api_login(user)

    response = this.patch("/api/users/me/password", {"currentPassword": password, "newPassword": STRONG}, format="json")

    assert response.status_code == 200
    assert this.get("/api/users/me").status_code == 200
    assert other.get("/api/users/me").status_code == 401


def test_password_change_needs_the_current_password(auth_client):
    response = auth_client.patch(
        "/api/users/me/password", {"currentPassword": "nu-e-asta", "newPassword": STRONG}, format="json"
    )

    assert response.status_code == 400
    assert "currentPassword" in response.json()["details"]
