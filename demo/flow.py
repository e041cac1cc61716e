"""Every move of the demo through the award-dossier flow, in one place.

The demo goes through the flow as its screens do (``approvals.routing``): a commune submits its
draft and the dossier's process starts; each later step claims the dossier's open task, which must
be the node expected, and completes it with the task's one service, so that the demo's queues and
inboxes hold what the dossiers' states say. Past review, dossiers go as the batch screens take
them: several tasks of one node completed at once with one batch service (a compiled submission to
the council, a council meeting, the chairman's decision).

Nothing else in the demo calls ``approvals.routing`` or ``approvals.flows``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.management.base import CommandError

from approvals.flows import AwardDossierFlow
from approvals.routing import flow_submit, open_task, task_claim, task_complete, tasks_complete
from approvals.services import (
    Ballot,
    compiled_submission_create,
    council_meeting_record,
    decision_sign,
    provincial_result_record,
)
from dossiers.models import Dossier
from dossiers.services import Judgement, dossier_reject, dossier_return_for_supplement, dossier_withdraw
from roles.models import Unit, User


def _step(dossier: Dossier, node, actor: User, perform=None) -> None:
    """``actor`` claims the dossier's open task, which must be ``node``, and completes it with
    ``perform`` (a call of the task's service on the dossier); without it, only claims it."""
    task = open_task(dossier_id=dossier.pk)
    if task is None or task.flow_task != node:
        raise CommandError(f"{dossier.reference}: expected the task {node.name}, found {task and task.flow_task}.")
    if not task.owner_id:
        task_claim(task_id=task.pk, actor=actor)
    if perform is not None:
        task_complete(task_id=task.pk, actor=actor, perform=perform)


def _batch(dossiers: list[Dossier], node, actor: User, perform) -> None:
    """``actor`` completes the open tasks (``node``) of several dossiers at once, with one call of
    ``perform`` (the batch service) on them all."""
    tasks = [open_task(dossier_id=dossier.pk) for dossier in dossiers]
    if any(task is None or task.flow_task != node for task in tasks):
        raise CommandError(f"Expected the task {node.name} open on {', '.join(d.reference for d in dossiers)}.")
    tasks_complete(task_ids=[task.pk for task in tasks], node=node, actor=actor, perform=perform)


def _judgement(standard_met: bool | None) -> Judgement | None:
    return None if standard_met is None else Judgement(standard_met=standard_met)


# One dossier at a time ---------------------------------------------------------------------------


def submit(dossier: Dossier, submitter: User) -> None:
    flow_submit(dossier_id=dossier.pk, actor=submitter)


def claim_review(dossier: Dossier, reviewer: User) -> None:
    """The reviewer claims the dossier's review: it is under review."""
    _step(dossier, AwardDossierFlow.review, reviewer)


def return_for_supplement(dossier: Dossier, reviewer: User, *, comment: str, standard_met: bool | None) -> None:
    _step(dossier, AwardDossierFlow.review, reviewer, lambda d: dossier_return_for_supplement(
        dossier_id=d.pk, actor=reviewer, comment=comment, judgement=_judgement(standard_met),
    ))


def reject(dossier: Dossier, reviewer: User, *, comment: str, standard_met: bool | None) -> None:
    _step(dossier, AwardDossierFlow.review, reviewer, lambda d: dossier_reject(
        dossier_id=d.pk, actor=reviewer, comment=comment, judgement=_judgement(standard_met),
    ))


def withdraw(dossier: Dossier, submitter: User, *, comment: str) -> None:
    """The submitter withdraws a returned dossier (a withdrawal answers a return, in the flow)."""
    _step(dossier, AwardDossierFlow.supplement, submitter, lambda d: dossier_withdraw(
        dossier_id=d.pk, actor=submitter, comment=comment,
    ))


def provincial_result(
    dossier: Dossier, liaison: User, *, approved: bool, decision_number: str, decided_on: datetime.date
) -> None:
    _step(dossier, AwardDossierFlow.province, liaison, lambda d: provincial_result_record(
        actor=liaison, dossier_id=d.pk, approved=approved, decision_number=decision_number, decided_on=decided_on,
    ))


# Several dossiers at once, as the batch screens -------------------------------------------------


def forward_to_council(
    dossiers: list[Dossier], reviewer: User, *, number: str, submitted_on: datetime.date, comment: str
) -> None:
    """The reviewer forwards the dossiers to the council under one compiled submission."""
    _batch(dossiers, AwardDossierFlow.review, reviewer, lambda dossiers: compiled_submission_create(
        actor=reviewer, number=number, submitted_on=submitted_on, dossier_ids=[d.pk for d in dossiers],
        comment=comment,
    ))


def council_meeting(
    dossiers: list[Dossier],
    secretary: User,
    *,
    council: Unit,
    held_on: datetime.date,
    present: list[User],
    votes: Mapping[int, tuple[str, str]],
) -> None:
    """The secretary records one meeting of the council on the dossiers: every member ``present``
    votes for the outcome of ``votes`` (dossier id → outcome, comment)."""
    _batch(dossiers, AwardDossierFlow.council, secretary, lambda dossiers: council_meeting_record(
        actor=secretary, council_id=council.pk, held_on=held_on, attendee_ids=[m.pk for m in present],
        ballots=[Ballot(d.pk, len(present), 0, 0, *votes[d.pk]) for d in dossiers],
    ))


def decide(dossiers: list[Dossier], chairman: User, *, number: str, signed_on: datetime.date) -> None:
    """The chairman signs one decision awarding the dossiers."""
    _batch(dossiers, AwardDossierFlow.decision, chairman, lambda dossiers: decision_sign(
        actor=chairman, number=number, signed_on=signed_on, dossier_ids=[d.pk for d in dossiers],
    ))
