"""Dossiers put in the reviewers' queue, claimed, or taken on to the council through the flow's
services (``approvals.transitions``), for the tests of the queues, their due dates and query budgets."""

import datetime

from django.utils import timezone
from viewflow.workflow.models import Task

from approvals import transitions
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.approvals.flow_client import status_of
from tests.factories import draft


def waiting(town, the_campaign, **kwargs):
    """A dossier submitted into the flow: its review waits in the town reviewers' queue."""
    dossier = draft(town, the_campaign, **kwargs)
    submitter = town.submitter if dossier.unit == town.commune else town.ward_submitter
    transitions.flow_submit(dossier_id=dossier.pk, actor=submitter)
    return dossier


def task_of(dossier) -> Task:
    return transitions.open_task(dossier_id=dossier.pk)


def claimed(town, dossier, reviewer=None):
    transitions.task_claim(task_id=task_of(dossier).pk, actor=reviewer or town.reviewer)
    return dossier


def at_council(town, the_campaign, **kwargs):
    dossier = claimed(town, waiting(town, the_campaign, **kwargs))
    transitions.task_complete(
        task_id=task_of(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
    )
    assert status_of(dossier) == Status.AT_COUNCIL
    return dossier


def deadline_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
