"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

The browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``), never one that
Playwright downloads. Without it (or without the ``playwright`` package) the tests are skipped
with the reason, except under ``CI=true``, where they fail: CI has to prove them.

Each test gets the demo (``seed_demo``) in the live server's database, committed for real so that
the server's thread sees it, and a fresh browser context that asks for Vietnamese. Screenshots go
to ``artifacts/screenshots/<test>/`` (git-ignored).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from pytest_django.live_server_helper import LiveServer

from tests.audit.conftest import APPEND_ONLY, drop_triggers, installed_triggers

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DEMO_PASSWORD = "Trinh-duyet-2020"
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


class SerialLiveServerThread(LiveServerThread):
    """A live server answering one request at a time (Django closes each connection after its
    response), for a database connection that the server shares with the test."""

    def _create_server(self, connections_override=None):
        return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server; on SQLite, serial. There the test database lives in memory and
    one connection serves the test and every request thread alike, and two threads using it at
    once break each other's statements ("database table is locked"). The tests themselves touch
    the database only once the browser has nothing in flight (``ui.settle``)."""
    address = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(address or "localhost", start=False)
    shared = server.thread
    if shared.connections_override:
        server.thread = SerialLiveServerThread(
            shared.host, shared.static_handler, connections_override=shared.connections_override, port=shared.port
        )
        server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture
def audit_triggers_restored(django_db_blocker):
    """After the flush that ends the test (below), the audit trail's triggers are back."""
    yield
    if connection.vendor != "sqlite":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if not installed_triggers():
            for sql in APPEND_ONLY.SQLITE_TRIGGERS:
                cursor.execute(sql)


@pytest.fixture
def transactional_db(audit_triggers_restored, transactional_db):
    """The live server's database. Ending the test empties every table: PostgreSQL truncates,
    which row triggers let through, but SQLite deletes rows, which the append-only audit trail
    refuses; there its triggers are dropped for the flush and made again after it."""
    yield
    if connection.vendor == "sqlite":
        drop_triggers()


@pytest.fixture
def demo(transactional_db, django_db_reset_sequences):
    """The demo: its organisation, users (all with ``DEMO_PASSWORD``) and dossiers, numbered from 1
    in every test, so that screenshots show the same references run after run."""
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=io.StringIO())


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 800},
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
