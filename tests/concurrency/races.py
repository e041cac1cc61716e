"""Racing calls against each other, each in its own thread and database connection, as two
browsers would send them; and what every race must leave: clean refusals and a trail that verifies."""

from __future__ import annotations

import threading
from io import StringIO

from django.core.management import call_command
from django.db import DatabaseError, connection

from audit.verify import verify_trail
from roles.models import User
from workflow_project.errors import ServiceError


def race(*calls, timeout: float = 60):
    """Run every call in its own thread, all released at the same moment; return their outcomes.

    An outcome is ``("ok", result)`` or ``("error", exception)``.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call), daemon=True) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung (deadlock?)"
    return outcomes


def as_user(user: User) -> User:
    """A fresh copy of ``user`` for a thread, so that no two threads share one instance."""
    return User.objects.get(pk=user.pk)


def assert_clean_refusal(exc: BaseException, *allowed: type[ServiceError]):
    assert not isinstance(exc, DatabaseError), f"a database error leaked: {exc!r}"
    assert isinstance(exc, allowed), f"expected one of {allowed}, got {exc!r}"


def assert_trail_verifies():
    assert verify_trail().ok, verify_trail().problems
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    assert out.getvalue()
