"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

The browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``), never one that
Playwright downloads. Without it (or without the ``playwright`` package) the tests are skipped
with the reason, except under ``CI=true``, where they fail: CI has to prove them.

Each test gets the demo (``seed_demo``) in the live server's database, committed for real so that
the server's thread sees it, and a fresh browser context that asks for English, as office browsers
often do: the pages speak Vietnamese all the same, unless the test switches them. Screenshots go to
``artifacts/screenshots/<test>/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.live import DEMO_PASSWORD, audit_triggers_restored, demo, live_server, transactional_db  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESK, PHONE = 1280, 375
# A role's daily job, tried on a desk's screen and on a phone's.
BOTH_WIDTHS = pytest.mark.parametrize("width", [DESK, PHONE], ids=["desk", "phone"], indirect=True)
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    if IN_CI:
        raise
    pytest.skip("the playwright package is missing (make install-test)", allow_module_level=True)

from .ui import Screens, watch  # noqa: E402 - needs playwright


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"no browser: {CHROMIUM} is missing (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    # Playwright's synchronous API runs an event loop in this thread; Django would take the
    # test's own database calls for calls from async code and refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def width(request) -> int:
    """The browser's width: a desk's, unless the test is parametrized with a phone's
    (``@pytest.mark.parametrize("width", [DESK, PHONE], indirect=True)``)."""
    return getattr(request, "param", DESK)


@pytest.fixture
def page(browser, live_server, demo, width):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": 800},
    )
    context.set_default_timeout(15_000)
    expect.set_options(timeout=10_000)
    page = context.new_page()
    watch(page)
    yield page
    context.close()


@pytest.fixture
def screens(request, page) -> Screens:
    """Full-page screenshots of the test's key screens, numbered in the order taken; the README's
    own too when ``README_SCREENSHOTS`` names their folder (``make screenshots``)."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    readme = os.environ.get("README_SCREENSHOTS")
    if readme:
        (ROOT / readme).mkdir(parents=True, exist_ok=True)
    return Screens(page, folder, ROOT / readme if readme else None)
