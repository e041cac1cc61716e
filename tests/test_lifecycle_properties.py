"""The lifecycle as a property: random sequences of service calls by random users of two towns.

A hypothesis ``RuleBasedStateMachine`` calls the services (submit, review, council, decision,
province…) on a few dossiers of two towns. Each call is made mostly by the user whose job it is
on a dossier in a state the call leaves, and otherwise by any user of either town, in any role,
on any dossier. After every call it checks that

* a state moved only along a transition of the state machine (django-fsm's own table), a call
  refused as a conflict was one the table does not allow from the current state, and a
  transition the table allows, made by the right user with what it needs, is not refused;
* a successful call wrote exactly one audit event on each dossier it touched, and nothing else;
* a refused call (any ``ServiceError``) changed nothing: no dossier row, no audit event, no record;

and, after every step, that the whole trail verifies and that no list shows a unit's dossiers to a
user of another unit.

The towns and the dossiers are built once for the test class, in its transaction; every example
runs in a savepoint that is rolled back at its end. The world and the actions' strategies are in
``tests/lifecycle_world.py``, the calls and their checks in ``tests/lifecycle_calls.py``.
"""

from __future__ import annotations

import tempfile

from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis.extra.django import TestCase
from hypothesis.stateful import RuleBasedStateMachine, invariant, run_state_machine_as_test

from audit.verify import verify_trail
from roles.models import User
from tests.lifecycle_calls import LifecycleCalls
from tests.lifecycle_world import ACTIONS, USERNAMES, World, directed


class LifecycleMachine(LifecycleCalls, RuleBasedStateMachine):
    world: World  # set by the test before the machine runs

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
        self.today = timezone.localdate()
        self.last_snapshot = self.snapshot()  # the state after the last call
        self.lists_checked_at: dict | None = None  # the state whose lists were last checked
        self.checks = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # The rules: one per action, added below the class (``directed``); the calls they make and the
    # checks around them are ``LifecycleCalls``'.

    # After every step

    @invariant()
    def the_trail_verifies(self):
        report = verify_trail()
        assert report.ok, report.problems

    @invariant()
    def no_list_leaks_across_units(self):
        self.check_no_list_leaks_across_units()


for _action in ACTIONS:
    setattr(LifecycleMachine, _action, directed(_action))


class TestLifecycle(TestCase):
    """Hypothesis' Django TestCase; the world is built once, in the class's transaction."""

    @classmethod
    def setUpClass(cls):
        media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(media.cleanup)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media.name))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.world = World()

    def test_random_service_calls_keep_the_lifecycle_sound(self):
        LifecycleMachine.world = self.world
        run_state_machine_as_test(
            LifecycleMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=20,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
