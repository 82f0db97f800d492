"""The API's shared behaviour: error envelope, languages, schema and docs."""

import pytest
from django.test import Client
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

import metalpro.urls
from metalpro.exceptions import ApplicationError


class ExplodingApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("database password is hunter2")

    def post(self, request):
        raise ApplicationError("Stocul s-a epuizat între timp.", code="out_of_stock")


def exploding_plain_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/explode", ExplodingApi.as_view()),
    path("api/plain-explode", exploding_plain_view),
]
handler404, handler500 = metalpro.urls.handler404, metalpro.urls.handler500


@pytest.fixture
def exploding_urls(settings):
    settings.ROOT_URLCONF = "metalpro.tests.test_api_plumbing"


@pytest.mark.parametrize("path", ["/api/nope", "/api/products/x/y/z", "/api/"])
def test_unknown_api_paths_are_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "Nu a fost găsit.", "code": "not_found", "details": {}}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unknown_api_paths_are_json_404_for_writes_too(method):
    client = Client(enforce_csrf_checks=True)  # as a browser or SPA without a CSRF cookie

    response = getattr(client, method)("/api/cart/items/not-a-uuid", {}, content_type="application/json")

    assert response.status_code == 404  # was the HTML CSRF page (403)
    assert response.json() == {"error": "Nu a fost găsit.", "code": "not_found", "details": {}}


@pytest.mark.django_db
def test_wrong_method_is_405_envelope(api_client):
    response = api_client.delete("/api/products")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response.json()) == {"error", "code", "details"}


@pytest.mark.django_db
def test_errors_are_romanian_by_default_and_english_on_request(api_client):
    romanian = api_client.get("/api/products?minPrice=x")
    english = api_client.get("/api/products?minPrice=x", HTTP_ACCEPT_LANGUAGE="en")

    assert romanian.json()["error"] == "Datele trimise nu sunt valide."
    assert english.json()["error"] == "The data sent is not valid."
    assert english.json()["details"]["minPrice"] == ["Enter a number."]


def test_unexpected_error_is_500_envelope_without_internals(exploding_urls, api_client):
    response = api_client.get("/api/explode")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "hunter2" not in response.content.decode()


def test_unexpected_error_outside_drf_is_still_json_under_api(exploding_urls, client):
    client.raise_request_exception = False

    response = client.get("/api/plain-explode")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def test_application_error_is_409_with_its_code(exploding_urls, api_client):
    response = api_client.post("/api/explode")

    assert response.status_code == 409
    assert response.json() == {
        "error": "Stocul s-a epuizat între timp.",
        "code": "out_of_stock",
        "details": {},
    }


@pytest.mark.django_db
def test_schema_is_openapi_3_with_camel_case_fields(client):
    response = client.get("/api/schema", HTTP_ACCEPT="application/json")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert "/api/products" in schema["paths"]
    assert "/api/products/{key}/estimate" in schema["paths"]
    product = schema["components"]["schemas"]["ProductOutput"]["properties"]
    assert {"pricePerUnit", "baseUnit", "lengthM"} <= set(product)


@pytest.mark.django_db
def test_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html
