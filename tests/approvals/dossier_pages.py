"""The dossier's pages (``dossiers:``) as their readers open them, and dossiers taken through the
flow to the state a page is read in (their process and open task are real)."""

from django.urls import reverse

from approvals import services as approval_services
from approvals import transitions
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.approvals.flow_client import as_user, open_task
from tests.factories import draft, vote


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


def page(client, user, dossier, **headers):
    return as_user(client, user).get(url("detail", dossier.pk), headers=headers)


def routed(town, the_campaign, status=Status.SUBMITTED, **kwargs):
    """A dossier taken to ``status`` through the flow (its process and open task are real)."""
    dossier = draft(town, the_campaign, **kwargs)
    submitter = town.submitter if dossier.unit == town.commune else town.ward_submitter
    transitions.flow_submit(dossier_id=dossier.pk, actor=submitter)
    if status == Status.SUBMITTED:
        return dossier
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    if status == Status.UNDER_REVIEW:
        return dossier
    task = open_task(dossier)
    forward = lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer)  # noqa: E731
    transitions.task_complete(task_id=task.pk, actor=town.reviewer, perform=forward)
    if status == Status.AT_COUNCIL:
        return dossier
    assert status == Status.AWAITING_DECISION
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.secretary)
    vote(town, dossier)
    recommend = lambda d: approval_services.dossier_recommend_town_award(dossier_id=d.pk, actor=town.secretary)  # noqa: E731
    transitions.task_complete(task_id=open_task(dossier).pk, actor=town.secretary, perform=recommend)
    return dossier
