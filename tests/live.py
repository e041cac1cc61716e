"""The live server and its database, shared by the browser tests and the API's schemathesis run:
pytest-django's live server (serial on SQLite) and the demo committed for real in its database."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from pytest_django.live_server_helper import LiveServer

from tests.audit.conftest import APPEND_ONLY, drop_triggers, installed_triggers

DEMO_PASSWORD = "Trinh-duyet-2020"


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
