"""Dossiers taken through the award-dossier flow (``approvals.transitions``), so that their tasks stand
where their states say: the batch screens pick among those tasks."""

from __future__ import annotations

import contextlib

from viewflow.workflow.models import Process, Task

from approvals import services as approval_services
from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.models import CompiledSubmission
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.factories import database_state, draft, vote

STEPS = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.AT_COUNCIL, Status.AWAITING_DECISION]


def step(dossier, node, actor, perform=None):
    task = transitions.open_task(dossier_id=dossier.pk)
    assert task.flow_task == node, task.flow_task
    if not task.owner_id:
        transitions.task_claim(task_id=task.pk, actor=actor)
    if perform is not None:
        transitions.task_complete(task_id=task.pk, actor=actor, perform=perform)


def routed(status: Status, town, the_campaign, *, appraised: bool = False, **kwargs):
    """A dossier in ``status`` (submitted … awaiting decision, or escalated), with its process where
    it should be; under review and ``appraised``, judged ready for the council by its reviewer (what
    a compiled submission forwards)."""
    if status == Status.ESCALATED:
        kwargs.setdefault("form_code", "bang-khen")
    dossier = draft(town, the_campaign, **kwargs)
    submitter = town.submitter if dossier.unit == town.commune else town.ward_submitter
    transitions.flow_submit(dossier_id=dossier.pk, actor=submitter)
    escalated = status == Status.ESCALATED
    stages = STEPS[1 : STEPS.index(Status.AT_COUNCIL if escalated else status) + 1]
    flow = AwardDossierFlow
    for stage in stages:
        if stage == Status.UNDER_REVIEW:
            step(dossier, flow.review, town.reviewer)
            if appraised:
                transitions.transition_run(name="judge_ready", dossier_id=dossier.pk, actor=town.reviewer, values={})
        elif stage == Status.AT_COUNCIL:
            step(
                dossier,
                flow.review,
                town.reviewer,
                lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
            )
        elif stage == Status.AWAITING_DECISION:
            vote(town, dossier)
            step(
                dossier,
                flow.council,
                town.secretary,
                lambda d: approval_services.dossier_recommend_town_award(dossier_id=d.pk, actor=town.secretary),
            )
    if escalated:
        vote(town, dossier)
        step(
            dossier,
            flow.council,
            town.secretary,
            lambda d: approval_services.dossier_recommend_provincial_award(dossier_id=d.pk, actor=town.secretary),
        )
    dossier.refresh_from_db()
    assert dossier.status == status
    return dossier


def task_of(dossier):
    return transitions.open_task(dossier_id=dossier.pk)


@contextlib.contextmanager
def unchanged():
    """Assert that the block changes nothing: dossiers, council records, audit trail (as
    ``nothing_changes``), compiled submissions, and the flow's processes and tasks."""

    def state():
        return {
            **database_state(),
            "submissions": CompiledSubmission.objects.count(),
            "tasks": list(Task.objects.order_by("pk").values("pk", "flow_task", "status", "owner_id")),
            "processes": list(Process.objects.order_by("pk").values("pk", "status")),
        }

    before = state()
    yield
    assert state() == before
