"""What of the flow a user may see: processes and tasks, scoped by their dossier's unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from dossiers.models import AwardForm, Campaign, Dossier
from roles.models import Role, Unit
from roles.selectors import roles_in, scope_q, units_held

from ..models import DossierProcess, TaskDeadline

# From a task to its dossier and to its due date (``approvals.deadlines``), for filters and ordering.
DOSSIER = "process__dossierprocess__dossier"
DEADLINE = "deadline__due_on"
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def visible_processes(user) -> QuerySet[DossierProcess]:
    """The processes of the dossiers within the user's units (all of them for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return DossierProcess.objects.none()
    if user.is_superuser:
        return DossierProcess.objects.all()
    return DossierProcess.objects.filter(scope_q(user, unit_field="dossier__unit"))


def visible_tasks(user) -> QuerySet[Task]:
    """The tasks of those processes."""
    return Task.objects.filter(process__in=visible_processes(user).values("pk"))


def task_queue(user, flow_class) -> QuerySet[Task]:
    """Unclaimed tasks of ``flow_class`` that the user may claim: their node's role, over the unit."""
    from ..nodes import RoleTask

    query = Q(pk__in=[])
    for node in flow_class.instance.nodes():
        if isinstance(node, RoleTask):
            query |= Q(flow_task=node) & scope_q(
                user, unit_field="process__dossierprocess__dossier__unit", roles=[node.role]
            )
    return Task.objects.filter(query, process__flow_class=flow_class, status=STATUS.NEW)


def task_inbox(user, flow_class) -> QuerySet[Task]:
    """Tasks of ``flow_class`` the user has claimed and not completed, within their units."""
    return visible_tasks(user).filter(process__flow_class=flow_class, owner=user, status=STATUS.ASSIGNED)


def office_overdue_tasks(user, flow_class, today=None) -> QuerySet[Task]:
    """The open tasks of the offices ``user`` heads that are overdue or were escalated: those of a
    role held in one of these offices, on the dossiers of the office's town."""
    from ..nodes import RoleTask

    today = today or timezone.localdate()
    query = Q(pk__in=[])
    for office in units_held(user, [Role.HEAD_OF_OFFICE]):
        roles = roles_in(office)
        for node in flow_class.instance.nodes():
            if isinstance(node, RoleTask) and node.role in roles:
                query |= Q(flow_task=node, **{f"{DOSSIER}__unit__path__startswith": office.scope_path})
    return Task.objects.filter(query, process__flow_class=flow_class, status__in=OPEN_TASK).filter(
        Q(deadline__due_on__lt=today) | Q(deadline__escalated_at__isnull=False)
    )


def task_rows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks ready to list with their dossier (nominee, unit, award form, campaign) and claimant:
    one query, whatever the number of rows."""
    return tasks.select_related(
        f"{DOSSIER}__nominee",
        f"{DOSSIER}__unit",
        f"{DOSSIER}__award_form",
        f"{DOSSIER}__campaign",
        "owner",
        "deadline",
    )


def task_dossier(task: Task) -> Dossier:
    """The dossier of a task loaded through ``task_rows`` (no query)."""
    return task.process.dossierprocess.dossier


def task_deadline(task: Task) -> TaskDeadline | None:
    """The due date of a task loaded through ``task_rows`` (no query); None for a task that has none."""
    try:
        return task.deadline
    except TaskDeadline.DoesNotExist:
        return None


def task_filter_choices(user) -> dict[str, QuerySet]:
    """What the task lists may be filtered on: the campaigns, proposing units and award forms of the
    dossiers the user may see, and nothing of anyone else's."""
    dossiers = Dossier.objects.filter(scope_q(user))
    return {
        "campaign": Campaign.objects.filter(pk__in=dossiers.values("campaign")),
        "unit": Unit.objects.filter(pk__in=dossiers.values("unit")).order_by("name"),
        "award_form": AwardForm.objects.filter(pk__in=dossiers.values("award_form")).order_by("name"),
    }


def workflow_mismatches(flow_class) -> list[str]:
    """Every process of ``flow_class`` whose routing disagrees with its dossier's state.

    An open task must stand where the dossier is (the review, unclaimed, on a submitted dossier;
    claimed, on one under review…); a running process must have an open task and no failed one; a
    finished process must have left its dossier in a state its end allows; a cancelled one, in a
    final state.
    """
    from ..nodes import RoleTask

    processes = list(
        DossierProcess.objects.filter(flow_class=flow_class).select_related("dossier__campaign").order_by("pk")
    )
    tasks: dict[int, list[Task]] = {}
    for task in (
        Task.objects.filter(process__in=[p.pk for p in processes])
        .exclude(status__in=[STATUS.CANCELED, STATUS.REVIVED])
        .order_by("pk")
    ):
        tasks.setdefault(task.process_id, []).append(task)

    problems = []
    for process in processes:
        dossier = process.dossier
        state = dossier.status
        where = _("Process #%(process)s (%(dossier)s)") % {"process": process.pk, "dossier": dossier.reference}

        def problem(message: str, where: str = where, **values) -> None:
            problems.append(f"{where}: {message % values}")

        if process.status == PROCESS.CANCELED:
            if not dossier.is_final:
                problem(_("cancelled, but the dossier is still “%(state)s”."), state=state)
            continue
        own = tasks.get(process.pk, [])
        if process.status == PROCESS.DONE:
            ends = [t for t in own if t.flow_task_type == "END" and t.status == STATUS.DONE]
            allowed = set().union(*(flow_class.END_STATES.get(t.flow_task.name, set()) for t in ends))
            if state not in allowed:
                problem(_("finished, but the dossier is “%(state)s”."), state=state)
            continue
        for task in own:
            if task.status == STATUS.ERROR:
                problem(_("task “%(task)s” failed."), task=task.title)
        waiting = [t for t in own if t.status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)]
        if not waiting:
            problem(_("no open task, while the dossier is “%(state)s”."), state=state)
        for task in waiting:
            node = task.flow_task
            if not isinstance(node, RoleTask):
                continue
            allowed = node.claimed_states if task.owner_id else node.states
            if state not in allowed:
                problem(
                    _("open task “%(task)s” (%(claim)s) expects the dossier %(expected)s, but it is “%(state)s”."),
                    task=task.title,
                    claim=_("claimed by %(user)s") % {"user": task.owner} if task.owner_id else _("unclaimed"),
                    expected=" / ".join(f"“{s}”" for s in sorted(allowed)),
                    state=state,
                )
    return problems
