"""The flow's JSON API on tasks: the user's queue and inbox, soonest due first, and claiming and
releasing a task (``approvals.transitions``, as the screens do)."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from viewflow.workflow.models import Task

from dossiers.api import DossierSerializer
from workflow_project.api import ChoiceSerializer

from ..deadlines import task_due
from ..flows import AwardDossierFlow
from ..selectors.tasks import DEADLINE, task_dossier, task_inbox, task_queue, task_rows, visible_tasks
from ..transitions import COMPLETE, TRANSITIONS, task_claim, task_release
from .dossiers import DueSerializer, due_of


# The tasks ---------------------------------------------------------------------------------------
class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step = serializers.SerializerMethodField()
    claimed_by = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    due = serializers.SerializerMethodField()
    dossier = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField(
        help_text=gettext_lazy("What this step asks of its holder: the transitions that complete it.")
    )

    def get_claimed_by(self, task) -> str | None:
        return task.owner.get_username() if task.owner_id else None

    def get_step(self, task) -> ChoiceSerializer:
        return {"code": task.flow_task.name, "label": str(task.flow_task.task_title)}

    @extend_schema_field(DueSerializer(allow_null=True))
    def get_due(self, task):
        return due_of(task_due(task))

    def get_dossier(self, task) -> DossierSerializer:
        return DossierSerializer(task_dossier(task), context=self.context).data

    def get_transitions(self, task) -> list[str]:
        return [t.name for t in TRANSITIONS.values() if t.node == task.flow_task and t.mode == COMPLETE]


class TaskFilter(django_filters.FilterSet):
    QUEUE, INBOX = "queue", "inbox"
    box = django_filters.ChoiceFilter(
        choices=[(QUEUE, gettext_lazy("waiting to be claimed")), (INBOX, gettext_lazy("claimed by me"))],
        method="filter_box",
        label=gettext_lazy("queue or inbox"),
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("overdue"))

    class Meta:
        model = Task
        fields = ["box", "overdue"]

    def filter_box(self, queryset, name, value):
        return queryset.filter(owner__isnull=value == self.QUEUE)

    def filter_overdue(self, queryset, name, value):
        late = Q(**{f"{DEADLINE}__lt": timezone.localdate()})
        return queryset.filter(late if value else ~late | Q(**{f"{DEADLINE}__isnull": True}))


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's work: the tasks waiting in the queues of the roles they hold over the units of
    their dossiers, and the ones they claimed, soonest due first. Claiming and releasing one."""

    queryset = Task.objects.none()  # the schema's model; each request reads ``get_queryset``
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        tasks = task_queue(user, AwardDossierFlow) | task_inbox(user, AwardDossierFlow)
        return task_rows(tasks).order_by(F(DEADLINE).asc(nulls_last=True), "pk")

    def _answer(self, task_id: int) -> Response:
        task = self.get_queryset().filter(pk=task_id).first() or task_rows(visible_tasks(self.request.user)).get(
            pk=task_id
        )
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        task_claim(task_id=int(pk), actor=request.user)
        return self._answer(int(pk))

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        task_release(task_id=int(pk), actor=request.user)
        return self._answer(int(pk))
