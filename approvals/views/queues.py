"""The flow's place in viewflow's frontend, with every process and task scoped to the user's units.

viewflow's own views look processes and tasks up by their number alone; here every URL that names
a process answers 404 unless the process's dossier lies within the user's units (and the task
belongs to that process), so a dossier's existence does not leak. The lists take their rows from
``approvals.selectors.tasks``.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from viewflow.utils import viewprop
from viewflow.views import Action
from viewflow.workflow.flow import views
from viewflow.workflow.flow.viewset import FlowAppViewset
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers.selectors import appraised_q
from roles.selectors import scope_q
from workflow_project.errors import ServiceError
from workflow_project.spreadsheets import SpreadsheetListMixin

from ..deadlines import task_due
from ..forms.queues import QueueFilter
from ..nodes import RoleTask
from ..selectors.dossiers import dossier_state
from ..selectors.tasks import (
    DEADLINE,
    DOSSIER,
    task_dossier,
    task_inbox,
    task_queue,
    task_rows,
    visible_processes,
    visible_tasks,
)
from ..spreadsheets import TaskSpreadsheetMixin
from ..transitions import task_claim, task_release


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
        # A dossier is submitted from its own page (“Nộp hồ sơ”), not from the flow's start screen.
        context["start_nodes"] = []
        user = self.request.user
        visible = visible_tasks(user).values("pk")
        for column in context["columns"]:
            tasks = list(
                task_rows(
                    Task.objects.filter(
                        Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=column["node"], pk__in=visible
                    )
                )[: self.MAX_ROWS]
            )
            node = column["node"]
            if isinstance(node, RoleTask) and tasks:
                # Each card's buttons ask whether the user holds the task's role: one query per column.
                held = set(
                    Task.objects.filter(
                        scope_q(user, unit_field=f"{DOSSIER}__unit", roles=[node.role]), pk__in=[t.pk for t in tasks]
                    ).values_list("pk", flat=True)
                )
                for task in tasks:
                    task.role_held = task.pk in held
            column["tasks"] = tasks
        context["finished"] = task_rows(
            Task.objects.filter(finished__isnull=False, flow_task__in=context["end_nodes"], pk__in=visible)
        )[: self.MAX_ROWS]
        return context


def age_text(since) -> str:
    """How long ago, in whole days (in hours on the first day)."""
    elapsed = timezone.now() - since
    if elapsed.days:
        return ngettext("%(n)s day", "%(n)s days", elapsed.days) % {"n": elapsed.days}
    hours = elapsed.seconds // 3600
    if not hours:
        return _("less than an hour")
    return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}


def due_html(due: dict | None) -> str:
    """A due date as every screen shows it (``approvals/includes/due.html``)."""
    return mark_safe(render_to_string("approvals/includes/due.html", {"due": due}).strip())  # escaped by the template


class DossierTaskColumns(TaskSpreadsheetMixin, SpreadsheetListMixin):
    """A list of tasks shown by their dossier: reference, nominee, unit, award form, campaign and
    state; the task, its age and the days left before it is due (``approvals.deadlines``). Filtered on
    the dossier (``QueueFilter``), sorted by the reference, the age or the days left (the most urgent
    first by default). As a spreadsheet too (``?format=xlsx``), filtered and sorted as shown."""

    columns = ("reference", "nominee", "unit", "award_form", "campaign", "state", "task_title", "age", "days_left")
    object_link_columns = ()
    filterset_class = QueueFilter
    ordering = (DEADLINE, "created")

    def get_ordering(self):
        return [*super().get_ordering(), "pk"]

    def reference(self, task):
        dossier = task_dossier(task)
        return format_html('<a href="{}">{}</a>', reverse("dossiers:detail", args=[dossier.pk]), dossier.reference)

    reference.short_description = gettext_lazy("Reference")
    reference.orderby_column = f"{DOSSIER}__pk"

    def nominee(self, task):
        nominee = task_dossier(task).nominee
        return f"{nominee.name} ({nominee.get_kind_display()})"

    nominee.short_description = gettext_lazy("Nominee")

    def unit(self, task):
        return task_dossier(task).unit.name

    unit.short_description = gettext_lazy("Proposing unit")

    def award_form(self, task):
        return task_dossier(task).award_form.name

    award_form.short_description = gettext_lazy("Award form")

    def campaign(self, task):
        return task_dossier(task).campaign.name

    campaign.short_description = gettext_lazy("Campaign")

    def state(self, task):
        # The inbox reads whether each dossier under review is appraised with its rows.
        return dossier_state(task_dossier(task), getattr(task, "appraised", False))

    state.short_description = gettext_lazy("Status")

    def task_title(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.title)

    task_title.short_description = gettext_lazy("Task")

    def age(self, task):
        return age_text(task.created)

    age.short_description = gettext_lazy("Waiting for")
    age.orderby_column = "-created"

    def days_left(self, task):
        return due_html(task_due(task))

    days_left.short_description = gettext_lazy("Days left before the deadline")
    days_left.orderby_column = DEADLINE


class ScopedQueueView(DossierTaskColumns, views.FlowQueueListView):
    spreadsheet_name = "hang-cho"
    spreadsheet_title = gettext_lazy("Queue")
    bulk_actions = (Action(name=gettext_lazy("Claim the selected tasks"), viewname="tasks_assign"),)

    @viewprop
    def queryset(self):
        return task_rows(task_queue(self.request.user, self.flow_class))


class ScopedProcessListView(views.DashboardProcessListView):
    def get_queryset(self):
        # Explicitly ordered: viewflow's count of active tasks groups the rows, which drops the
        # model's default ordering and would page them unpredictably.
        visible = visible_processes(self.request.user).values("pk")
        rows = super().get_queryset().filter(pk__in=visible).select_related("dossier__nominee", "dossier__campaign")
        return rows.order_by("-created", "-pk")


class ScopedTaskListView(DossierTaskColumns, views.DashboardTaskListView):
    """Every task of the flow within the user's units, open or done, and who handles or handled it."""

    columns = (
        "reference",
        "nominee",
        "unit",
        "award_form",
        "campaign",
        "state",
        "task_title",
        "task_status",
        "handled_by",
        "created",
    )
    ordering = ("-created",)
    spreadsheet_name = "cong-viec"
    spreadsheet_title = gettext_lazy("Tasks")

    @viewprop
    def queryset(self):
        # The timers waiting on each task are the flow's own affair, no one's work.
        tasks = visible_tasks(self.request.user).filter(process__flow_class=self.flow_class)
        return task_rows(tasks.exclude(flow_task_type="TIMER"))

    def task_status(self, task):
        return task.get_status_display()

    task_status.short_description = gettext_lazy("Task status")

    def handled_by(self, task):
        return str(task.owner) if task.owner_id else ""

    handled_by.short_description = gettext_lazy("Handled by")


class ScopedInboxView(DossierTaskColumns, views.FlowInboxListView):
    spreadsheet_name = "viec-cua-toi"
    spreadsheet_title = gettext_lazy("Inbox")
    bulk_actions = (Action(name=gettext_lazy("Put the selected tasks back in the queue"), viewname="tasks_unassign"),)

    @viewprop
    def queryset(self):
        return task_rows(task_inbox(self.request.user, self.flow_class)).annotate(appraised=appraised_q(f"{DOSSIER}__"))


class ScopedArchiveView(DossierTaskColumns, views.FlowArchiveListView):
    """The tasks the user completed, within their units, shown by their dossier."""

    columns = ("reference", "nominee", "unit", "award_form", "campaign", "state", "task_title", "finished")
    ordering = ("-finished",)
    spreadsheet_name = "viec-da-lam"
    spreadsheet_title = gettext_lazy("Archive")

    @viewprop
    def queryset(self):
        return task_rows(super().queryset.filter(pk__in=visible_tasks(self.request.user).values("pk")))


class BulkClaimView(views.BulkAssignTasksActionView):
    """Claim several tasks of the user's queue at once, all or none.

    The list posts the ticked tasks (or "select all", with the list's filters); a confirmation page
    shows their dossiers; confirming claims each as the single claim does (``transitions.task_claim``)
    in one transaction. A task that left the queue meanwhile (someone else claimed it) refuses the
    whole batch, with a message naming its dossier.
    """

    template_name = "approvals/queues/tasks_claim.html"
    flow_class = None  # given by the flow's viewset, as to its other views
    filterset_class = QueueFilter
    title = gettext_lazy("Claim the selected tasks")
    act = staticmethod(task_claim)
    list_name, done_list_name = "queue", "inbox"

    def available(self):
        return task_queue(self.request.user, self.flow_class)

    def nothing_done(self, reason) -> str:
        return _("Nothing was claimed: %(reason)s") % {"reason": reason}

    def done(self, count: int) -> str:
        return ngettext("%(n)s task claimed.", "%(n)s tasks claimed.", count) % {"n": count}

    def get_template_names(self):
        return [self.template_name]

    def get_queryset(self):
        self.queryset = task_rows(self.available()).order_by(DEADLINE, "created", "pk")
        return super().get_queryset()

    def selected(self, form) -> list[Task]:
        """The tasks chosen: those ticked, or every task of the filtered list."""
        if form.cleaned_data.get("select_all"):
            return list(self.object_list)
        return list(form.cleaned_data["pk"])

    def labels(self, tasks) -> dict[int, str]:
        """Each task's dossier reference where the user may see it, else the task's number."""
        visible = task_rows(visible_tasks(self.request.user).filter(pk__in=[task.pk for task in tasks]))
        known = {task.pk: task_dossier(task).reference for task in visible}
        return {task.pk: known.get(task.pk, f"#{task.pk}") for task in tasks}

    def refuse(self, message: str):
        messages.error(self.request, self.nothing_done(message), fail_silently=True)
        return HttpResponseRedirect(self.viewset.reverse(self.list_name))

    def form_invalid(self, form):
        return self.refuse(_("the selection could not be read."))

    def form_not_confirmed(self, form):
        tasks = self.selected(form)
        if not tasks:
            return self.refuse(_("no task was selected."))
        waiting = {task.pk for task in self.object_list}
        gone = [task for task in tasks if task.pk not in waiting]
        if gone:
            labels = self.labels(gone)
            return self.refuse(
                _("%(tasks)s: no longer in this list (someone else may have acted on it meanwhile).")
                % {"tasks": ", ".join(labels[task.pk] for task in gone)}
            )
        chosen = {task.pk for task in tasks}
        rows = [task for task in self.object_list if task.pk in chosen]
        return self.render_to_response(self.get_context_data(form=form, tasks=rows))

    def form_valid(self, form):
        tasks = sorted(self.selected(form), key=lambda task: (task.process_id, task.pk))
        if not tasks:
            return self.refuse(_("no task was selected."))
        current = None
        try:
            with transaction.atomic():
                for current in tasks:
                    self.act(task_id=current.pk, actor=self.request.user)
        except ServiceError as exc:
            return self.refuse(f"{self.labels([current])[current.pk]}: {exc}")
        messages.success(self.request, self.done(len(tasks)), fail_silently=True)
        return HttpResponseRedirect(self.viewset.reverse(self.done_list_name))


class BulkReleaseView(BulkClaimView):
    """Put several claimed tasks back in the queue at once (``transitions.task_release``), all or none."""

    title = gettext_lazy("Put the selected tasks back in the queue")
    act = staticmethod(task_release)
    list_name, done_list_name = "inbox", "queue"

    def available(self):
        return task_inbox(self.request.user, self.flow_class)

    def nothing_done(self, reason) -> str:
        return _("Nothing was put back: %(reason)s") % {"reason": reason}

    def done(self, count: int) -> str:
        return ngettext("%(n)s task put back in the queue.", "%(n)s tasks put back in the queue.", count) % {"n": count}


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
