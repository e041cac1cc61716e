"""Flow nodes and checks shared by the award-dossier flow: tasks held by a role over the dossier's unit."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import utils

from dossiers.models import Dossier
from roles.models import ROLE_UNIT_KINDS, Role, UnitKind
from roles.selectors import acting_unit
from workflow_project.errors import Conflict

from . import deadlines
from .viewflow_internals import ArmsTimersWhenReady
from .views.tasks import ClaimTaskView, ReleaseTaskView


def dossier_of(process) -> Dossier:
    """The dossier a process routes. viewflow hands some callables the base ``Process``: coerce."""
    return process.coerced.dossier


def current_status(activation) -> str:
    """The dossier's state as the database has it now, not as a copy loaded before the service ran."""
    return Dossier.objects.values_list("status", flat=True).get(pk=activation.process.coerced.dossier_id)


def status_is(*states: str) -> Callable:
    def check(activation) -> bool:
        return current_status(activation) in states

    check.states = frozenset(states)
    return check


class RoleTask(ArmsTimersWhenReady, flow.View):
    """A human task open to the users holding ``role`` over the dossier's unit.

    ``claim`` and ``release`` are services called, in the same transaction, when a user claims the
    task or puts it back: the review's claim is the dossier's ``start_review``; ``reassign``, when
    the head of the office puts it back for another; ``hand_back``, when its claimant no longer
    holds the role over the dossier's unit (a unit merger).

    Each task is due ``limit`` working days (a campaign's setting, by its name) after it opens, or
    by the campaign's dossier deadline without one (``approvals.deadlines``). Timers on its border
    remind whoever holds it before it is due and once it is overdue, and escalate an office's task
    to the head of the office; the flow's nodes ``remind``, ``remind_overdue`` and ``escalate`` act.
    """

    assign_view_class = ClaimTaskView
    unassign_view_class = ReleaseTaskView

    def __init__(
        self,
        view,
        *,
        role: Role,
        states,
        claimed_states=None,
        claim=None,
        release=None,
        reassign=None,
        hand_back=None,
        limit=None,
        **kwargs,
    ):
        super().__init__(view, **kwargs)
        self.role = role
        self.limit = limit
        self.task_summary_template = "{{ process.dossier.reference }} · {{ process.dossier.nominee.name }}"
        # The dossier's states in which this task may stand open, unclaimed and claimed
        # (``manage.py workflow_check``).
        self.states = frozenset(states)
        self.claimed_states = frozenset(claimed_states or states)
        self._claim = claim
        self._release = release
        self._reassign = reassign
        self._hand_back = hand_back
        self.OnTimeout(
            deadlines.reminder_at, this.remind, interrupting=False, title=gettext_lazy("Reminder before the due date")
        )
        self.OnTimeout(deadlines.overdue_at, this.remind_overdue, interrupting=False, title=gettext_lazy("Overdue"))
        if self.escalates:
            self.OnTimeout(deadlines.escalation_at, this.escalate, interrupting=False, title=gettext_lazy("Escalation"))
        # The role's permission, recorded on each task; viewflow's own unscoped queue matches
        # nobody on it (roles are held on units, never model-wide), the flow's screens use ours.
        self.Permission(role.permission)

    @property
    def escalates(self) -> bool:
        """An office's task escalates to the head of the office."""
        return UnitKind.OFFICE in ROLE_UNIT_KINDS[self.role]

    def task_ready(self, activation) -> None:
        """A new task's due date is fixed before its timers, which read it, are armed."""
        deadlines.deadline_open(task=activation.task)

    def holds_role(self, user, task) -> bool:
        held = getattr(task, "role_held", None)  # read for a whole list at once (the dashboard)
        if held is not None:
            return held
        return (
            user is not None
            and user.is_authenticated
            and acting_unit(user, self.role, dossier_of(task.process).unit) is not None
        )

    def can_assign(self, user, task) -> bool:
        return not task.owner_id and self.holds_role(user, task)

    def can_execute(self, user, task) -> bool:
        return super().can_execute(user, task) and self.holds_role(user, task)

    def claim(self, activation, user) -> None:
        """``user`` claims the activation's task, with the node's claim service; refused (409) if
        someone holds it or it can no longer be claimed. The screens and ``transitions`` both call it."""
        task = activation.task
        if task.owner_id:
            raise Conflict(_("This task has already been claimed by %(user)s.") % {"user": task.owner})
        if not activation.assign.can_proceed():
            raise Conflict(_("This task can no longer be claimed."))
        if self._claim is not None:
            self._claim(dossier_id=dossier_of(activation.process).pk, actor=user)
        activation.assign(user)

    def release(self, activation, user, *, as_head: bool = False) -> bool:
        """``user`` puts back the task they claimed, with the node's release service; or, ``as_head``
        of the office (whose right the caller checked), a task someone else claimed, with the
        node's reassign service. Whether a service ran (and audited the dossier's move)."""
        if as_head and (not activation.task.owner_id or not activation.unassign.can_proceed()):
            raise Conflict(_("This task is not claimed: it is already in the queue."))
        if not as_head and (activation.task.owner_id != user.pk or not activation.unassign.can_proceed()):
            raise Conflict(_("This task is not yours to put back."))
        service = self._reassign if as_head else self._release
        if service is not None:
            service(dossier_id=dossier_of(activation.process).pk, actor=user)
        activation.unassign()
        return service is not None

    def hand_back(self, activation, *, audit: dict, comment: str) -> None:
        """The task goes back to the queue without its claimant, who no longer holds its role over
        the dossier's unit, with the node's hand-back service (recorded with ``audit``: the actor,
        role and unit that moved the dossier)."""
        if self._hand_back is not None:
            self._hand_back(dossier_id=dossier_of(activation.process).pk, comment=comment, **audit)
        activation.unassign()

    @property
    def assign_path(self):
        # Checked by role only, so that a task someone else claimed a moment ago reaches the view
        # and is refused there with a message, not a bare 403.
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/assign/",
            utils.wrap_task_view(self, self.assign_view, permission=self.holds_role),
            name="assign",
        )
