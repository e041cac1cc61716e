"""Processing limits of the flow's tasks, reminders, and escalation to the head of the office.

Each open task of the flow (``RoleTask``) is due on a date fixed when it opens: a number of
working days (the campaign's limit for its step) after the day it began, or the campaign's dossier
deadline for the commune's own steps. Three non-interrupting timers wait on it (viewflow's
database-backed boundary timers, fired by ``manage.py workflow_timers``): a reminder some working
days before the due date, a reminder once it is overdue, and, for an office's task, an escalation
to the head of the office some working days later. A timer fires once, and is cancelled when its
task completes; none changes the dossier's state.

``dossier_due`` (and ``task_due`` for a list of tasks) is the one due date that every screen and the
API show for a dossier, in the words of ``approvals/includes/due.html``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from audit.services import audit_record
from dossiers.models import Dossier
from dossiers.services import EDITABLE_STATES
from notifications.services import notify
from roles.models import User
from roles.selectors import heads_of_office_over, holders_over
from workdays.working_days import add_working_days, calendar_for

from .models import TaskDeadline
from .selectors.dossiers import open_deadline
from .selectors.tasks import OPEN_TASK, task_deadline, task_dossier
from .viewflow_internals import timers_arm

REMINDER, OVERDUE, ESCALATION = "deadline.reminder", "deadline.overdue", "deadline.escalation"
# Who the timers act as in the audit trail.
TIMERS = "workflow_timers"


def due_on(node, dossier: Dossier, began: datetime.date) -> datetime.date:
    """When a task of ``node`` on ``dossier`` that began on ``began`` is due."""
    if node.limit is None:
        return dossier.campaign.dossier_deadline
    return add_working_days(began, getattr(dossier.campaign, node.limit), calendar_for(dossier.unit))


def due_display(date: datetime.date, *, escalated: bool = False, today: datetime.date | None = None) -> dict:
    """What the screens show of a due date (``approvals/includes/due.html``): the date, the days left
    or overdue, and whether the task was escalated to the head of the office."""
    days_left = (date - (today or timezone.localdate())).days
    return {"date": date, "days_left": days_left, "days_overdue": -days_left, "escalated": escalated}


# The states in which the commune holds the dossier, due at the labour office by the campaign's date.
COMMUNE_HOLDS = EDITABLE_STATES
# Passed for ``deadline`` when the caller has not loaded the dossier's open task's deadline.
_UNREAD = object()


def dossier_due(
    dossier: Dossier, today: datetime.date | None = None, *, deadline: TaskDeadline | None = _UNREAD
) -> dict | None:
    """The one due date every screen and the API show for ``dossier``: that of its open task (its
    ``TaskDeadline``), or, while the commune holds it without one (a draft), the campaign's dossier
    deadline; with ``due_display``'s days left and escalation, and the label it goes by. None when
    nothing is due (a dossier no one holds any more).

    The task's deadline is read from ``deadline`` when the caller has it (a list of tasks), else from
    ``approvals.selectors.dossiers.with_step_due``'s annotation, else queried."""
    if deadline is not _UNREAD:
        date, escalated = (deadline.due_on, deadline.escalated_at is not None) if deadline else (None, False)
    elif hasattr(dossier, "step_due_on"):
        date, escalated = dossier.step_due_on, dossier.step_escalated
    else:
        found = open_deadline(dossier)
        date, escalated = (found.due_on, found.escalated_at is not None) if found else (None, False)
    if date is None and dossier.status in COMMUNE_HOLDS:
        date = dossier.campaign.dossier_deadline
    if date is None:
        return None
    label = _("dossiers due at the labour office") if dossier.status in COMMUNE_HOLDS else _("current step due")
    return {"label": label, **due_display(date, escalated=escalated, today=today)}


def task_due(task: Task, today: datetime.date | None = None) -> dict | None:
    """``dossier_due`` of the dossier of a task loaded through ``selectors.tasks.task_rows`` (no query)."""
    return dossier_due(task_dossier(task), today, deadline=task_deadline(task))


def deadline_open(*, task: Task) -> TaskDeadline:
    """Fix the due date of a task that has just opened."""
    dossier = Dossier.objects.select_related("campaign", "unit").get(process=task.process_id)
    return TaskDeadline.objects.create(
        task=task, due_on=due_on(task.flow_task, dossier, timezone.localdate(task.created))
    )


def deadline_arm(node, activation) -> None:
    """Fix the due date of the activation's task, then arm the node's timers, which read it."""
    deadline_open(task=activation.task)
    timers_arm(node, activation)


def _deadline_of_host(timer: Task) -> TaskDeadline:
    """The deadline of the task a boundary timer waits on."""
    return TaskDeadline.objects.select_related("task__process__dossierprocess__dossier__campaign").get(
        task__leading=timer
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _moment(activation, days_after_due) -> datetime.datetime:
    deadline = _deadline_of_host(activation.task)
    dossier = deadline.task.process.dossierprocess.dossier
    return _start_of(add_working_days(deadline.due_on, days_after_due(dossier.campaign), calendar_for(dossier.unit)))


def reminder_at(activation) -> datetime.datetime:
    """The reminder's timer: the campaign's reminder days before the due date (working days)."""
    return _moment(activation, lambda campaign: -campaign.reminder_days)


def overdue_at(activation) -> datetime.datetime:
    """The overdue reminder's timer: the day after the due date."""
    return _start_of(_deadline_of_host(activation.task).due_on + datetime.timedelta(days=1))


def escalation_at(activation) -> datetime.datetime:
    """The escalation's timer: the day after the campaign's escalation days past the due date."""
    return _moment(activation, lambda campaign: campaign.escalation_days) + datetime.timedelta(days=1)


def host_task(activation) -> Task:
    """The task whose timer led to the function node of ``activation``."""
    return Task.objects.select_related("process").get(leading__leading=activation.task)


def _dossier(task: Task) -> Dossier:
    return Dossier.objects.select_related("unit", "campaign", "nominee").get(process=task.process_id)


def _task_holders(task: Task, dossier: Dossier) -> list[User]:
    """Whoever holds the task: its claimant, or the holders of its role over the dossier's unit."""
    if task.owner_id:
        return [task.owner]
    return list(holders_over(task.flow_task.role, dossier.unit))


def task_remind(*, task: Task, kind: str) -> None:
    """Remind whoever holds ``task`` that it is due soon (``REMINDER``) or overdue (``OVERDUE``)."""
    with transaction.atomic():
        dossier = _dossier(task)
        deadline = TaskDeadline.objects.get(task=task)
        values = {
            "task": task.flow_task.task_title,
            "dossier": dossier.reference,
            "date": f"{deadline.due_on:%d/%m/%Y}",
        }

        def subject() -> str:
            if kind == REMINDER:
                return _("Reminder: %(task)s for dossier %(dossier)s is due on %(date)s") % values
            return _("Overdue: %(task)s for dossier %(dossier)s was due on %(date)s") % values

        recipients = _task_holders(task, dossier)
        audit_record(
            action=kind,
            obj=dossier,
            actor_username=TIMERS,
            after={
                "task": task.pk,
                "due_on": deadline.due_on,
                "to": sorted(user.get_username() for user in recipients),
            },
        )
        notify(recipients=recipients, kind=kind, subject=subject, body=subject, dossier=dossier)


def task_escalate(*, task: Task) -> None:
    """Escalate an overdue task to the heads of the offices that hold its role over the dossier."""
    with transaction.atomic():
        dossier = _dossier(task)
        deadline = TaskDeadline.objects.select_for_update().get(task=task)
        if deadline.escalated_at is not None:
            return
        deadline.escalated_at = timezone.now()
        deadline.save(update_fields=["escalated_at"])
        heads = list(heads_of_office_over(task.flow_task.role, dossier.unit))
        audit_record(
            action=ESCALATION,
            obj=dossier,
            actor_username=TIMERS,
            after={"task": task.pk, "due_on": deadline.due_on, "to": sorted(user.get_username() for user in heads)},
        )
        values = {
            "task": task.flow_task.task_title,
            "dossier": dossier.reference,
            "date": f"{deadline.due_on:%d/%m/%Y}",
        }

        def subject() -> str:
            return _("Escalated: %(task)s for dossier %(dossier)s, due on %(date)s, is still open") % values

        def body() -> str:
            return _("%(subject)s. Held by: %(owner)s.") % {
                "subject": subject(),
                "owner": task.owner if task.owner_id else _("nobody (in the queue)"),
            }

        notify(recipients=heads, kind=ESCALATION, subject=subject, body=body, dossier=dossier)


def deadlines_open_missing(flow_class) -> int:
    """Give the open tasks that have no due date (opened before due dates existed) theirs, and arm
    their timers; returns how many. Running it again changes nothing."""
    count = 0
    open_tasks = Task.objects.filter(
        process__flow_class=flow_class,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK,
        deadline__isnull=True,
    )
    for task in open_tasks.order_by("pk"):
        node = task.flow_task
        if not hasattr(node, "limit"):
            continue
        with flow_class.lock(task.process_id), transaction.atomic():
            deadline_arm(node, node.activation_class(task))
        count += 1
    return count
