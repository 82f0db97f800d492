"""Playwright for Python driving Debian's Chromium (never a downloaded browser).

Without `chromium` on PATH the browser tests skip with a clear reason, unless
BROWSER_TESTS_REQUIRED=1 (set by .ci/run), which turns the skip into a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
SKIP_REASON = "browser tests skipped: install chromium (apt-get install -y chromium)"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail("BROWSER_TESTS_REQUIRED=1 but chromium is not installed")
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
    # one unless told it is safe (it is: the loop never runs ORM code concurrently). Only while
    # browser tests run, so nothing else (a subprocess, `check --deploy`) inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser, live_server):
    context = browser.new_context(locale="ro-RO", base_url=live_server.url, **VIEWPORTS[request.param])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """`screenshot("step")` saves test-results/screenshots/<test>-<viewport>-<step>.png."""

    def take(step: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.originalname
        page.screenshot(path=SCREENSHOTS / f"{name}-{page.viewport_name}-{step}.png", full_page=True)

    return take
