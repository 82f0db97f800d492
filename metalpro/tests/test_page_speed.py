"""Fast pages (issue 7, SEO): no third-party or render-blocking scripts and styles, static files
compressed and cached for good once their names carry a hash."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from catalog.tests.factories import ProductFactory

ROOT = Path(__file__).resolve().parents[2]
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}  # data, never run: blocks nothing
PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
ONE_YEAR = 365 * 24 * 3600


def _loads_code(link: dict) -> bool:
    """A stylesheet, or a script or style preloaded."""
    rel = (link.get("rel") or "").split()
    return "stylesheet" in rel or ("preload" in rel and link.get("as") in ("script", "style"))


class Resources(HTMLParser):
    """The scripts and stylesheets of a page, and whether each script is the last thing in <body>."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []  # attributes, plus "_inline" and "_tail" (nothing but scripts after it)
        self.stylesheets: list[str] = []
        self.inline_styles = 0
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "body":
            self._in_body = True
        elif tag == "script":
            self.scripts.append({**attributes, "_inline": "src" not in attributes, "_tail": self._in_body})
            return
        elif tag == "link" and _loads_code(attributes):
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "style":
            self.inline_styles += 1
        if self._in_body:  # content after a script: that script was not at the end of <body>
            for script in self.scripts:
                script["_tail"] = False


@pytest.fixture
def pages(db, client):
    product = ProductFactory(sku="IPE-200", slug="profil-ipe-200", metadata={"featured": True})
    return {
        "home": reverse("catalog:home"),
        "catalog": reverse("catalog:products"),
        "category": product.category.get_absolute_url(),
        "search": reverse("catalog:products") + "?q=ipe+200",
        "product": product.get_absolute_url(),
        "cart": reverse("cart:page"),
        "login": reverse("accounts:login"),
        "signup": reverse("accounts:signup"),
        "bill of materials": reverse("projects:upload"),
    }


def resources(client: Client, url: str) -> Resources:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Resources()
    parser.feed(response.content.decode())
    return parser


PAGES = ["home", "catalog", "category", "search", "product", "cart", "login", "signup", "bill of materials"]


@pytest.mark.parametrize("name", PAGES)
def test_scripts_and_styles_come_from_our_static_files(client, pages, name):
    page = resources(client, pages[name])

    sources = [script["src"] for script in page.scripts if not script["_inline"]] + page.stylesheets
    assert sources, "a page without our stylesheet?"
    for source in sources:
        assert source.startswith(settings.STATIC_URL), source  # same origin: no CDN, no third-party tag
        assert not source.startswith("//"), source


@pytest.mark.parametrize("name", PAGES)
def test_no_script_blocks_rendering(client, pages, name):
    page = resources(client, pages[name])

    for script in page.scripts:
        if script["_inline"]:
            assert script.get("type") in DATA_SCRIPT_TYPES, script  # inline code: none (CSP forbids it too)
        else:
            deferred = "defer" in script or "async" in script or script.get("type") == "module"
            assert deferred or script["_tail"], script
    assert page.inline_styles == 0


def test_the_signed_in_account_page_has_no_blocking_script(client, user):
    client.force_login(user)

    page = resources(client, reverse("accounts:overview"))

    assert all("defer" in script or "async" in script for script in page.scripts if not script["_inline"])


def test_our_stylesheets_import_nothing_from_elsewhere():
    for path in (ROOT / "static").rglob("*.css"):
        text = path.read_text()
        assert "@import" not in text, path
        assert "//" not in text.replace("://www.w3.org/2000/svg", ""), path  # no url(https://…) fonts or images


def test_production_serves_hashed_compressed_static_files():
    code = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND'], getattr(s, 'WHITENOISE_MAX_AGE', 60))"  # WhiteNoise's default
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "metalpro.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    backend, max_age = result.stdout.split()
    assert backend == PRODUCTION_STATIC_STORAGE, result.stderr
    assert int(max_age) >= 60  # unhashed names (favicon.svg): briefly; hashed names: for good (below)


@pytest.fixture
def collected_static(settings, tmp_path):
    """Our static files collected with the production storage, served by WhiteNoise from STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE}}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.DEBUG = False
    ignore = ["admin", "rest_framework", "drf_spectacular_sidecar"]  # third-party apps' files: not ours to test
    call_command("collectstatic", "--noinput", *(f"--ignore={name}" for name in ignore), verbosity=0)
    return settings.STATIC_ROOT


def test_hashed_static_files_are_cached_for_a_year_and_compressed(db, collected_static):
    url = static("css/site.css")

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert url != f"{settings.STATIC_URL}css/site.css"  # the name carries the content's hash
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= ONE_YEAR


def test_pages_link_the_hashed_names_in_production(client, pages, collected_static):
    page = resources(client, pages["home"])

    sources = [script["src"] for script in page.scripts if not script["_inline"]] + page.stylesheets
    assert sources
    for source in sources:
        name = source.rsplit("/", 1)[1]
        assert name.count(".") >= 2, source  # site.390181e3b399.css: cacheable for good
