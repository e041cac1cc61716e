"""How a dossier moves through the award-dossier flow: the transitions, and the one way to
complete a task around a service. The task screens, the screens over several dossiers, the JSON
API, the demo and the unit mergers all come here; nothing here knows of HTTP.

Each function does what the flow's screens do, in the same order, inside the process's lock and one
transaction: check the actor may act on the task, call the lifecycle service, then move the task so
that the flow routes the dossier by reading its new state. A refusal (``ServiceError``) changes
nothing, neither the dossier nor the flow.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.services import audit_record
from dossiers.fsm import fsm_custom, fsm_transition
from dossiers.models import Dossier, Status
from dossiers.selectors import dossier_get
from dossiers.services import (
    dossier_forward_to_council,
    dossier_judge_ready,
    dossier_reject,
    dossier_resubmit,
    dossier_return_for_supplement,
    dossier_submit,
    dossier_withdraw,
    require_role,
    transition_role,
    wrong_state,
)
from roles.models import Role, Unit
from roles.selectors import acting_unit
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

from .flows import AwardDossierFlow
from .models import CouncilOutcome, DossierProcess
from .nodes import RoleTask
from .selectors.records import councils
from .selectors.tasks import OPEN_TASK, office_overdue_tasks, visible_tasks
from .services import (
    OUTCOME_SERVICES,
    Ballot,
    about_dossier,
    council_meeting_record,
    decision_sign,
    dossier_send_back,
    provincial_result_record,
)

T = TypeVar("T")
FLOW = AwardDossierFlow


# The transitions ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    """A transition of the dossier: the flow's task it moves (``node``; none for a dossier not yet
    in the flow), how (``mode``: the task is claimed, released, put back by the head of the office,
    or completed; or, ``record``, it stays with its claimant, who records a step of it), and, for a
    completing or recording one, the lifecycle service it runs (``run(dossier, actor, values)``,
    ``values`` being the fields of its form or request body)."""

    name: str
    node: RoleTask | None
    mode: str
    run: Callable[[Dossier, object, Mapping], object] | None = None

    def fsm(self, status: str):
        """The state machine's transition from ``status``, or None if it does not leave it."""
        return fsm_transition(getattr(Dossier, self.name), status)

    def label(self):
        """The transition's label, lazy: in the reader's language."""
        return fsm_custom(getattr(Dossier, self.name))["label"]

    def role(self) -> Role:
        return transition_role(self.name)


def _with_comment(service):
    def run(dossier, actor, values):
        service(dossier_id=dossier.pk, actor=actor, comment=values.get("comment", ""))

    return run


def _appraisal(service):
    def run(dossier, actor, values):
        service(
            dossier_id=dossier.pk, actor=actor, comment=values.get("comment", ""), judgement=values.get("judgement")
        )

    return run


def _council(outcome: str):
    """The council's outcome; with ``held_on``, the meeting that voted is recorded at the same time
    (attendance, its chair and signed minutes, and the vote); without it, the vote recorded earlier
    decides."""

    def run(dossier, actor, values):
        if "held_on" not in values:
            OUTCOME_SERVICES[outcome](dossier_id=dossier.pk, actor=actor, comment=values.get("comment", ""))
            return
        council_meeting_record(
            actor=actor,
            council_id=council_of(dossier, actor).pk,
            held_on=values["held_on"],
            attendee_ids=values["attendees"],
            chaired_by=values.get("chaired_by", ""),
            minutes=values.get("minutes"),
            ballots=[ballot(dossier.pk, outcome, values)],
        )

    return run


def ballot(dossier_id: int, outcome: str, vote: Mapping) -> Ballot:
    """The council's vote on a dossier (a secret ballot's totals, or each present member's choice)
    and the outcome drawn from it."""
    return Ballot(
        dossier_id,
        vote.get("votes_for"),
        vote.get("votes_against"),
        vote.get("abstentions"),
        outcome=outcome,
        comment=vote.get("comment", ""),
        member_votes=vote.get("member_votes"),
    )


def council_of(dossier: Dossier, actor) -> Unit:
    """The council over the dossier's unit among those the secretary serves: the nearest one."""
    over = [council for council in councils(actor) if dossier.unit.path.startswith(council.scope_path)]
    if not over:
        raise NotFound(_("No such council."))
    return max(over, key=lambda council: len(council.path))


def _decide(dossier, actor, values):
    decision_sign(
        actor=actor,
        number=values["number"],
        signed_on=values["signed_on"],
        dossier_ids=[dossier.pk],
        comment=values.get("comment", ""),
    )


def _province_result(dossier, actor, values):
    provincial_result_record(
        actor=actor,
        dossier_id=dossier.pk,
        approved=values["approved"],
        decision_number=values["decision_number"],
        decided_on=values["decided_on"],
        comment=values.get("comment", ""),
    )


CLAIM, RELEASE, PUT_BACK, COMPLETE, START = "claim", "release", "put_back", "complete", "start"
RECORD = "record"
TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition("submit", None, START),
        Transition("withdraw", FLOW.supplement, COMPLETE, _with_comment(dossier_withdraw)),
        Transition("start_review", FLOW.review, CLAIM),
        Transition("release", FLOW.review, RELEASE),
        Transition("reassign", FLOW.review, PUT_BACK),
        Transition("return_for_supplement", FLOW.review, COMPLETE, _appraisal(dossier_return_for_supplement)),
        Transition("reject", FLOW.review, COMPLETE, _appraisal(dossier_reject)),
        Transition("forward_to_council", FLOW.review, COMPLETE, _appraisal(dossier_forward_to_council)),
        Transition("judge_ready", FLOW.review, RECORD, _appraisal(dossier_judge_ready)),
        Transition("resubmit", FLOW.supplement, COMPLETE, _with_comment(dossier_resubmit)),
        Transition("recommend_town_award", FLOW.council, COMPLETE, _council(CouncilOutcome.TOWN_AWARD)),
        Transition("recommend_provincial_award", FLOW.council, COMPLETE, _council(CouncilOutcome.PROVINCIAL_AWARD)),
        Transition("not_recommend", FLOW.council, COMPLETE, _council(CouncilOutcome.NOT_RECOMMENDED)),
        Transition("approve", FLOW.decision, COMPLETE, _decide),
        Transition("send_back", FLOW.decision, COMPLETE, _with_comment(dossier_send_back)),
        Transition("record_provincial_result", FLOW.province, COMPLETE, _province_result),
    ]
}


def _before_flow(transition: Transition, dossier: Dossier) -> bool:
    """Whether the transition is a draft's, made before the dossier's flow starts: its submission,
    or its withdrawal."""
    return transition.mode == START or (transition.name == "withdraw" and dossier.status == Status.DRAFT)


def transition_run(*, name: str, dossier_id: int, actor, values: Mapping) -> None:
    """Make the transition ``name`` through the flow. The dossier's state is checked again by the
    service, under the process's lock."""
    transition = TRANSITIONS[name]
    dossier = dossier_get(user=actor, dossier_id=dossier_id)
    require_role(actor, transition.role(), dossier)
    comment = values.get("comment", "")
    if transition.mode == START:
        flow_submit(dossier_id=dossier.pk, actor=actor, comment=comment)
        return
    if _before_flow(transition, dossier):
        dossier_withdraw(dossier_id=dossier.pk, actor=actor, comment=comment)
        return
    task = open_task(dossier_id=dossier.pk)
    if task is None or task.flow_task != transition.node or transition.fsm(dossier.status) is None:
        raise wrong_state(transition.name, dossier.status)
    if transition.mode == CLAIM:
        task_claim(task_id=task.pk, actor=actor)
    elif transition.mode == RELEASE:
        task_release(task_id=task.pk, actor=actor)
    elif transition.mode == PUT_BACK:
        if not _task_waits(transition, dossier, task, actor):
            raise Conflict(_("Only a claimed task that is overdue or escalated can be put back in the queue."))
        task_put_back(task_id=task.pk, actor=actor)
    elif transition.mode == RECORD:
        task_record(task_id=task.pk, actor=actor, perform=lambda moved: transition.run(moved, actor, values))
    else:
        tasks_complete(
            task_ids=[task.pk],
            node=transition.node,
            actor=actor,
            perform=lambda moved: transition.run(moved[0], actor, values),
        )


@dataclass(frozen=True)
class Available:
    """A transition the user may make now, from the dossier's state (``fsm``), and the conditions
    that would refuse it now (``unmet``: code, message)."""

    transition: Transition
    fsm: object
    unmet: list[tuple[str, str]]


def transitions_available(dossier: Dossier, user) -> list[Available]:
    """The transitions ``user`` may make on the dossier now: its state allows them, they hold the
    role over its unit, and its task waits for them (unclaimed, or claimed by them)."""
    task = open_task(dossier_id=dossier.pk)
    available = []
    for transition in TRANSITIONS.values():
        fsm = transition.fsm(dossier.status)
        if fsm is None or acting_unit(user, transition.role(), dossier.unit) is None:
            continue
        if not fsm.has_perm(dossier, user) or not _task_waits(transition, dossier, task, user):
            continue
        unmet = [
            (condition.__name__, str(condition.message(dossier)))
            for condition in fsm.conditions
            if not condition(dossier)
        ]
        available.append(Available(transition, fsm, unmet))
    return available


def _task_waits(transition: Transition, dossier: Dossier, task: Task | None, user) -> bool:
    if _before_flow(transition, dossier):
        return task is None
    if task is None or task.flow_task != transition.node:
        return False
    if transition.mode == CLAIM:
        return task.owner_id is None
    if transition.mode in (RELEASE, RECORD):
        return task.owner_id == user.pk
    if transition.mode == PUT_BACK:
        return task.owner_id is not None and office_overdue_tasks(user, FLOW).filter(pk=task.pk).exists()
    return task.owner_id in (None, user.pk)


def tasks_at(
    node: RoleTask, dossier_ids: Iterable[int], actor, perform: Callable[[list[int]], T], *, claim: bool = True
) -> T:
    """Complete the open tasks of ``node`` on these dossiers at once, around the one service
    ``perform`` (given the dossiers' ids): each dossier read through the scoping selector (404
    otherwise), each waiting at ``node`` (409 otherwise, naming it); all or none. Unclaimed tasks
    are claimed for the actor on the way, unless ``claim`` is False (``tasks_complete``)."""
    ids = sorted(set(dossier_ids))
    for pk in ids:  # first: none of another unit's dossiers, whatever their step, leaks
        dossier_get(user=actor, dossier_id=pk)
    task_ids = []
    for pk in ids:
        task = open_task(dossier_id=pk)
        if task is None or task.flow_task != node:
            with about_dossier(pk, among=len(ids)):
                raise Conflict(_("This step of the dossier is no longer waiting: it was completed or moved on."))
        task_ids.append(task.pk)
    return tasks_complete(
        task_ids=task_ids,
        node=node,
        actor=actor,
        perform=lambda moved: perform([dossier.pk for dossier in moved]),
        claim=claim,
    )


# Driving the flow --------------------------------------------------------------------------------
def open_task(*, dossier_id: int) -> Task | None:
    """The open task of the dossier's process, if it has one."""
    return (
        Task.objects.filter(process__dossierprocess__dossier_id=dossier_id, status__in=OPEN_TASK).order_by("pk").first()
    )


def flow_submit(*, dossier_id: int, actor, comment: str = "") -> DossierProcess:
    """The commune submits its draft and the dossier's process starts (as the flow's Start screen)."""
    node = AwardDossierFlow.submit
    with transaction.atomic():
        activation = node.activation_class.create(node, None, None)
        if not node.can_execute(actor, activation.task):
            raise Forbidden(_("You may not submit dossiers."))
        # The start screen records its user as the task's owner; that is all it reads of the request.
        activation.start(SimpleNamespace(user=actor))
        flow_start(activation, dossier_id=dossier_id, actor=actor, comment=comment)
    return activation.process


def flow_start(activation, *, dossier_id: int, actor, comment: str = "") -> None:
    """Submit the draft and start its process from the started Start task (``flow_submit``, or the
    Start screen, under viewflow's lock)."""
    # The service first: a dossier outside the actor's units answers 404 before anything else.
    dossier = dossier_submit(dossier_id=dossier_id, actor=actor, comment=comment)
    if DossierProcess.objects.filter(dossier_id=dossier_id).exists():
        raise Conflict(_("This dossier is already on its way."))
    activation.process.dossier = dossier
    activation.execute()


def task_claim(*, task_id: int, actor) -> Task:
    """``actor`` claims an open task (the claim screen); the node's claim service runs with it."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, node = _task(task_id, actor)
        node.claim(node.activation_class(task), actor)
    return task


def task_release(*, task_id: int, actor) -> Task:
    """``actor`` puts a task they claimed back in the queue; the node's release service runs with it."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, node = _task(task_id, actor)
        node.release(node.activation_class(task), actor)
    return task


def task_put_back(*, task_id: int, actor) -> Task:
    """The head of the office puts an overdue or escalated task that someone claimed back in the
    queue, for another to take (the node's reassign service runs with it). A task outside the
    offices they head answers as not found. One audit event: the reassign service's, or, for a
    task whose dossier stays where it is, ``deadline.put_back``."""
    if not office_overdue_tasks(actor, AwardDossierFlow).filter(pk=task_id).exists():
        raise NotFound(_("No such task."))
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task = Task.objects.select_related("process", "owner").get(pk=task_id)
        owner = task.owner
        node = task.flow_task
        if not node.release(node.activation_class(task), actor, as_head=True):
            dossier = _dossier(task)
            held = acting_unit(actor, Role.HEAD_OF_OFFICE, dossier.unit)
            audit_record(
                action="deadline.put_back",
                actor=actor,
                obj=dossier,
                before={"task": task.pk, "owner": owner.get_username() if owner else None},
                role=Role.HEAD_OF_OFFICE.value,
                unit=held.code if held else "",
            )
    return task


def task_complete(*, task_id: int, actor, perform: Callable[[Dossier], object]) -> Task:
    """``actor`` completes the task they claimed: ``perform`` calls the task's one lifecycle service
    on the dossier, then the task completes and the flow routes the dossier (``tasks_complete`` for
    one task, which must be claimed already)."""
    tasks_complete(task_ids=[task_id], actor=actor, perform=lambda moved: perform(moved[0]), claim=False)
    return Task.objects.get(pk=task_id)


def task_record(*, task_id: int, actor, perform: Callable[[Dossier], object]) -> None:
    """``actor`` records a step of the task they claimed, which stays open and theirs: ``perform``
    calls the step's lifecycle service on the dossier, under the process's lock (a reviewer's
    judgement that the dossier is ready for the council)."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, _node = _task(task_id, actor)
        if task.status != STATUS.ASSIGNED or task.owner_id != actor.pk:
            raise Conflict(_("This task is not yours: claim it first."), code="not_claimed")
        perform(_dossier(task))


def task_complete_here(activation, *, transition: str, actor, values: dict) -> None:
    """The task screens' way: viewflow's screen holds the process's lock and started the claimed
    task (``activation``); the transition's service runs on its dossier and the task completes,
    unless the transition only records a step of it (``RECORD``: the task stays open, theirs)."""
    made = TRANSITIONS[transition]
    if made.node != activation.flow_task:
        raise Conflict(_("This step of the dossier is no longer waiting: it was completed or moved on."))
    made.run(_dossier(activation.task), actor, values)
    if made.mode == COMPLETE:
        activation.execute()


def tasks_complete(
    *,
    task_ids: Iterable[int],
    actor,
    perform: Callable[[list[Dossier]], T],
    node: RoleTask | None = None,
    claim: bool = True,
) -> T:
    """``actor`` completes several tasks of ``node`` (any one node, without it) at once, all or
    none: the one way a task completes around a service, outside viewflow's own screens.

    Under every process's lock (taken in id order), each task still open is claimed by the actor
    if nobody has claimed it and ``claim`` allows (the node's claim service with it), and must then
    be theirs; ``perform`` calls ONE lifecycle service on all the dossiers (given in the order of the sorted
    task ids); then every task completes, and the flow routes each dossier by its new state. A
    refusal names the dossier concerned, if there are several.
    """
    ids = sorted(set(task_ids))
    if not ids:
        raise InvalidInput(_("Choose at least one dossier."), fields={"dossiers": [_("Choose at least one dossier.")]})
    processes = _processes_of(ids, actor)
    with contextlib.ExitStack() as locks:
        for process_id in sorted(set(processes.values())):
            locks.enter_context(AwardDossierFlow.lock(process_id))
        locks.enter_context(transaction.atomic())
        activations = []
        for task_id in ids:
            task = Task.objects.select_related("process").get(pk=task_id)
            with about_dossier(_dossier_id(task), among=len(ids)):
                if node not in (None, task.flow_task) or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                    raise Conflict(_("This step of the dossier is no longer waiting: it was completed or moved on."))
                node = _check_role(task, actor)  # the first task's node, for all
                activation = node.activation_class(task)
                if claim and task.owner_id != actor.pk:
                    node.claim(activation, actor)
                activations.append(_start(activation, actor))
        result = perform([_dossier(activation.task) for activation in activations])
        for activation in activations:
            activation.execute()
    return result


def _start(activation, actor):
    """Start the actor's own claimed task, to complete it."""
    task = activation.task
    if task.status != STATUS.ASSIGNED or not activation.flow_task.can_execute(actor, task):
        raise Conflict(_("This task is not yours to complete: claim it first."), code="not_claimed")
    activation.start(None)  # a view task's start reads nothing of the request
    return activation


def _dossier_id(task: Task) -> int:
    return task.process.coerced.dossier_id


def _dossier(task: Task) -> Dossier:
    return Dossier.objects.get(pk=_dossier_id(task))


def _process_of(task_id: int, actor) -> int:
    return _processes_of([task_id], actor)[task_id]


def _processes_of(task_ids: list[int], actor) -> dict[int, int]:
    """The process of each task, all of which the actor may see (404 otherwise), to lock them
    before reading the tasks."""
    processes = dict(
        visible_tasks(actor)
        .filter(pk__in=task_ids, process__flow_class=AwardDossierFlow)
        .values_list("pk", "process_id")
    )
    if len(processes) != len(set(task_ids)):
        raise NotFound(_("No such task."))
    return processes


def _task(task_id: int, actor) -> tuple[Task, RoleTask]:
    """The task, read again under its process's lock; refused unless the actor holds its role."""
    task = Task.objects.select_related("process").get(pk=task_id)
    return task, _check_role(task, actor)


def _check_role(task: Task, actor) -> RoleTask:
    node = task.flow_task
    if not isinstance(node, RoleTask) or not node.holds_role(actor, task):
        raise Forbidden(_("You hold no role that allows this task."))
    return node


def tasks_follow_merger(sender, *, dossier: Dossier, successor: Unit, audit: dict, comment: str, **kwargs) -> dict:
    """A unit merger moved the dossier to ``successor``: a task someone claimed who no longer holds
    its role over the successor goes back to the successor's queue, and the dossier with it (a
    review's claim ends) (``mergers.signals.dossier_moved``)."""
    claimed = Task.objects.select_for_update(of=("self",)).filter(
        process__dossierprocess__dossier=dossier, status=STATUS.ASSIGNED, owner__isnull=False
    )
    released = []
    for task in claimed.select_related("owner", "process").order_by("pk"):
        node = task.flow_task
        if isinstance(node, RoleTask) and acting_unit(task.owner, node.role, successor) is None:
            released.append({"task": task.pk, "owner": task.owner.get_username()})
            node.hand_back(node.activation_class(task), audit=audit, comment=comment)
    return {"released_tasks": released} if released else {}
