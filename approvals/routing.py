"""Driving the award-dossier flow without its screens: for ``seed_demo`` and, later, the JSON API.

Each function does what the matching screen does, in the same order and inside the process's lock
and one transaction: check the actor may act on the task, call the lifecycle service, then move the
task so that the flow routes the dossier by reading its new state. A refusal (``ServiceError``)
changes nothing, neither the dossier nor the flow.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers import services as dossiers
from dossiers.models import Dossier
from workflow_project.errors import Conflict, Forbidden, NotFound

from .flows import AwardDossierFlow
from .models import DossierProcess
from .nodes import RoleTask
from .selectors import visible_tasks

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def open_task(*, dossier_id: int) -> Task | None:
    """The open task of the dossier's process, if it has one."""
    return (
        Task.objects.filter(process__dossierprocess__dossier_id=dossier_id, status__in=OPEN).order_by("pk").first()
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
        activation = node.activation_class(task)
        if task.owner_id:
            raise Conflict(_("This task has already been claimed by %(user)s.") % {"user": task.owner})
        if not activation.assign.can_proceed():
            raise Conflict(_("This task can no longer be claimed."))
        node.on_claim(activation, actor)
        activation.assign(actor)
    return task


def task_release(*, task_id: int, actor) -> Task:
    """``actor`` puts a task they claimed back in the queue; the node's release service runs with it."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, node = _task(task_id, actor)
        activation = node.activation_class(task)
        if task.owner_id != actor.pk or not activation.unassign.can_proceed():
            raise Conflict(_("This task is not yours to put back."))
        node.on_release(activation, actor)
        activation.unassign()
    return task


def task_complete(*, task_id: int, actor, perform: Callable[[Dossier], object]) -> Task:
    """``actor`` completes the task they claimed (the task's screen): ``perform`` calls the task's one
    lifecycle service on the dossier, then the task completes and the flow routes the dossier."""
    process_id = _process_of(task_id, actor)
    with AwardDossierFlow.lock(process_id), transaction.atomic():
        task, node = _task(task_id, actor)
        if task.status != STATUS.ASSIGNED or not node.can_execute(actor, task):
            raise Conflict(_("This task is not yours to complete: claim it first."))
        activation = node.activation_class(task)
        activation.start(None)  # a view task's start reads nothing of the request
        perform(Dossier.objects.get(pk=task.process.coerced.dossier_id))
        activation.execute()
    return task


def _process_of(task_id: int, actor) -> int:
    """The process of a task the actor may see (404 otherwise), to lock it before reading the task."""
    process_id = (
        visible_tasks(actor)
        .filter(pk=task_id, process__flow_class=AwardDossierFlow)
        .values_list("process_id", flat=True)
        .first()
    )
    if process_id is None:
        raise NotFound(_("No such task."))
    return process_id


def _task(task_id: int, actor) -> tuple[Task, RoleTask]:
    """The task, read again under its process's lock; refused unless the actor holds its role."""
    task = Task.objects.select_related("process").get(pk=task_id)
    node = task.flow_task
    if not isinstance(node, RoleTask) or not node.holds_role(actor, task):
        raise Forbidden(_("You hold no role that allows this task."))
    return task, node
