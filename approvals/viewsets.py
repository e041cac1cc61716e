"""The flow's place in viewflow's frontend, with every process and task scoped to the user's units.

viewflow's own views look processes and tasks up by their number alone; here every URL that names
a process answers 404 unless the process's dossier lies within the user's units (and the task
belongs to that process), so a dossier's existence does not leak. The lists take their rows from
``approvals.selectors``.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.urls import URLPattern, URLResolver
from viewflow.utils import viewprop
from viewflow.workflow.flow import views
from viewflow.workflow.flow.viewset import FlowAppViewset
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflow_project.errors import ServiceError

from .selectors import task_inbox, task_queue, visible_processes, visible_tasks


def scoped(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        process_pk, task_pk = kwargs.get("process_pk"), kwargs.get("task_pk")
        if process_pk is not None and not visible_processes(request.user).filter(pk=process_pk).exists():
            raise Http404
        if task_pk is not None and not visible_tasks(request.user).filter(pk=task_pk, process_id=process_pk).exists():
            raise Http404
        return view(request, *args, **kwargs)

    update_wrapper(wrapper, view)
    return wrapper


def scope_patterns(patterns) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            scope_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and "process_pk" in str(pattern.pattern):
            pattern.callback = scoped(pattern.callback)


class ScopedDashboardView(views.DashboardView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = visible_tasks(self.request.user).values("pk")
        for column in context["columns"]:
            column["tasks"] = Task.objects.filter(
                Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=column["node"], pk__in=visible
            ).select_related("process")[: self.MAX_ROWS]
        context["finished"] = Task.objects.filter(
            finished__isnull=False, flow_task__in=context["end_nodes"], pk__in=visible
        ).select_related("process")[: self.MAX_ROWS]
        return context


class ScopedQueueView(views.FlowQueueListView):
    @viewprop
    def queryset(self):
        return task_queue(self.request.user, self.flow_class).select_related("process").order_by("-created")


class ScopedProcessListView(views.DashboardProcessListView):
    def get_queryset(self):
        # Explicitly ordered: viewflow's count of active tasks groups the rows, which drops the
        # model's default ordering and would page them unpredictably.
        visible = visible_processes(self.request.user).values("pk")
        return super().get_queryset().filter(pk__in=visible).order_by("-created", "-pk")


class ScopedTaskListView(views.DashboardTaskListView):
    @viewprop
    def queryset(self):
        return super().queryset.filter(pk__in=visible_tasks(self.request.user).values("pk"))


class ScopedInboxView(views.FlowInboxListView):
    @viewprop
    def queryset(self):
        return task_inbox(self.request.user, self.flow_class).select_related("process").order_by("-created")


class ScopedArchiveView(views.FlowArchiveListView):
    @viewprop
    def queryset(self):
        return super().queryset.filter(pk__in=visible_tasks(self.request.user).values("pk"))


class BulkClaimView(views.BulkAssignTasksActionView):
    """Claim several tasks of the user's queue at once: each claim as the single claim does it
    (the node's claim service, then the assignment), all or none."""

    def get_queryset(self):
        self.queryset = task_queue(self.request.user, self.viewset._flow_class)
        return super().get_queryset()

    def act(self, activation, user):
        if not activation.flow_task.can_assign(user, activation.task):
            raise PermissionDenied
        activation.flow_task.on_claim(activation, user)
        activation.assign(user)

    def form_valid(self, form):
        user = self.request.user
        try:
            with transaction.atomic():
                for task in self.get_queryset().order_by("process_id", "pk"):
                    with task.activation() as activation:
                        self.act(activation, user)
        except ServiceError as exc:
            messages.error(self.request, _("Nothing was done: %(reason)s") % {"reason": exc}, fail_silently=True)
            return HttpResponseRedirect(self.get_success_url())
        self.message_user()
        return HttpResponseRedirect(self.get_success_url())


class BulkReleaseView(BulkClaimView, views.BulkUnassignTasksActionView):
    """Put several claimed tasks back at once, each through the node's release service."""

    template_name = views.BulkUnassignTasksActionView.template_name
    template_name_suffix = views.BulkUnassignTasksActionView.template_name_suffix

    def get_queryset(self):
        self.queryset = task_inbox(self.request.user, self.viewset._flow_class)
        return views.BulkUnassignTasksActionView.get_queryset(self)

    def act(self, activation, user):
        if not activation.flow_task.can_unassign(user, activation.task):
            raise PermissionDenied
        activation.flow_task.on_release(activation, user)
        activation.unassign()

    def message_user(self):
        views.BulkUnassignTasksActionView.message_user(self)


class ScopedFlowAppViewset(FlowAppViewset):
    tasks_assign_view_class = BulkClaimView
    tasks_unassign_view_class = BulkReleaseView
    dashboard_view_class = ScopedDashboardView
    queue_view_class = ScopedQueueView
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    inbox_view_class = ScopedInboxView
    archive_view_class = ScopedArchiveView

    def _get_urls(self):
        patterns = super()._get_urls()
        scope_patterns(patterns)
        return patterns

    def get_context_data(self, request):
        return {
            "user_inbox": task_inbox(request.user, self._flow_class),
            "user_queue": task_queue(request.user, self._flow_class),
        }
