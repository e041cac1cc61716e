"""Driving the award-dossier flow without its task screens: for the batch screens (several
dossiers at once), ``seed_demo`` and, later, the JSON API.

Each function does what the matching screen does, in the same order and inside the process's lock
and one transaction: check the actor may act on the task, call the lifecycle service, then move the
task so that the flow routes the dossier by reading its new state. A refusal (``ServiceError``)
changes nothing, neither the dossier nor the flow.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers import services as dossiers
from audit.services import audit_record
from dossiers.models import Dossier
from roles.models import Role
from roles.selectors import acting_unit
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

from .flows import AwardDossierFlow
from .models import DossierProcess
from .nodes import RoleTask
from .selectors import OPEN_TASK, office_overdue_tasks, visible_tasks
from .services import about_dossier

T = TypeVar("T")


def open_task(*, dossier_id: int) -> Task | None:
    """The open task of the dossier's process, if it has one."""
    return (
        Task.objects.filter(process__dossierprocess__dossier_id=dossier_id, status__in=OPEN_TASK).order_by("pk").first()
    )


def flow_submit(*, dossier_id: int, actor, comment: str = "") -> DossierProcess:
    """The commune submits its draft and the dossier's process starts (the flow's Start screen)."""
    node = AwardDossierFlow.submit
    with transaction.atomic():
        activation = node.activation_class.create(node, None, None)
        if not node.can_execute(actor, activation.task):
            raise Forbidden(_("You may not submit dossiers."))
        # The start screen records its user as the task's owner; that is all it reads of the request.
        activation.start(SimpleNamespace(user=actor))
        # The service first: a dossier outside the actor's units answers 404 before anything else.
        dossier = dossiers.dossier_submit(dossier_id=dossier_id, actor=actor, comment=comment)
        if DossierProcess.objects.filter(dossier_id=dossier_id).exists():
            raise Conflict(_("This dossier is already on its way."))
        activation.process.dossier = dossier
        activation.execute()
    return activation.process


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
    """``actor`` completes the task they claimed (the task's screen): ``perform`` calls the task's one
    lifecycle service on the dossier, then the task completes and the flow routes the dossier."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, node = _task(task_id, actor)
        activation = _start(node.activation_class(task), actor)
        perform(_dossier(task))
        activation.execute()
    return task


def tasks_complete(*, task_ids: Iterable[int], node: RoleTask, actor, perform: Callable[[list[Dossier]], T]) -> T:
    """``actor`` completes several tasks of ``node`` at once (the batch screens), all or none.

    Under every process's lock (taken in id order), each task still open is claimed by the actor
    if nobody has claimed it (the node's claim service with it), and must then be theirs;
    ``perform`` calls ONE lifecycle service on all the dossiers (given in the order of the sorted
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
                if task.flow_task != node or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                    raise Conflict(_("This step of the dossier is no longer waiting: it was completed or moved on."))
                _check_role(task, actor)
                activation = node.activation_class(task)
                if task.owner_id != actor.pk:
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
        raise Conflict(_("This task is not yours to complete: claim it first."))
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
