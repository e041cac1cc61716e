"""What of the flow a user may see: processes and tasks, scoped by their dossier's unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from roles.selectors import scope_q

from .models import DossierProcess


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
    from .nodes import RoleTask

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

