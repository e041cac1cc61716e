"""Two runs of ``manage.py campaign_reminders`` at once (cron overlapping a slow run, or cron and
celery beat both configured) remind each unit once: the second waits on the first's reminder row."""

from __future__ import annotations

import pytest
from django.utils import timezone

from approvals.campaign_reminders import REMINDER, campaign_reminders_send
from audit.models import AuditEvent
from notifications.models import Notification
from tests.concurrency.races import race
from tests.factories import Town, campaign, draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_runs_at_once_remind_a_unit_once():
    town = Town("sa-pa")
    # Due today: only the commune's draft is to be reminded.
    the_campaign = campaign(town, dossier_deadline=timezone.localdate())
    draft(town, the_campaign)

    outcomes = race(campaign_reminders_send, campaign_reminders_send)

    assert sorted(outcomes) == [("ok", 0), ("ok", 1)]
    assert list(Notification.objects.filter(kind=REMINDER).values_list("recipient__username", flat=True)) == [
        "sa-pa-submitter"
    ]
    assert AuditEvent.objects.filter(action=REMINDER).count() == 1
