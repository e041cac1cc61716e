"""The flow's JSON API: the dossier list with its due dates, the transitions a user may make on a
dossier now, the tasks they work, and the letters that carry dossiers to the province.

Every write goes through ``approvals.routing``, as the screens do: under the process's lock and in
one transaction, the lifecycle service runs and the dossier's workflow task moves, so that the flow
routes the dossier by its new state. A refusal changes nothing and answers with the service's
status and code: 409 for a wrong state or a lost race, 422 for a condition that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from viewflow.workflow.models import Task

from dossiers import services as dossiers
from dossiers.api import DossierDetailSerializer, DossierFilter, DossierSerializer, DossierViewSet, NullsLastOrdering
from dossiers.models import Dossier, Status
from dossiers.selectors import criteria_evaluate, dossier_get
from roles.models import Role
from roles.selectors import acting_unit, holders
from workflow_project.api import ChoiceSerializer, validated
from workflow_project.errors import Conflict, InvalidInput, NotFound

from . import routing
from . import services as approvals
from .batch_selectors import councils
from .deadlines import due_display
from .dossier_selectors import with_step_due
from .flows import AwardDossierFlow
from .models import Choice, CompiledSubmission, CouncilMeeting, CouncilOutcome, Decision, ProvincialSubmission
from .nodes import RoleTask
from .selectors import (
    DEADLINE,
    office_overdue_tasks,
    task_deadline,
    task_dossier,
    task_inbox,
    task_queue,
    task_rows,
    visible_tasks,
)

FLOW = AwardDossierFlow


# The dossier list and page, with the due date of the dossier's current step ------------------------
class DueSerializer(serializers.Serializer):
    date = serializers.DateField()
    days_left = serializers.IntegerField(help_text=gettext_lazy("Negative once overdue."))
    overdue = serializers.BooleanField()
    escalated = serializers.BooleanField(help_text=gettext_lazy("Escalated to the head of the office."))


def due_of(due_on, escalated: bool) -> dict | None:
    if due_on is None:
        return None
    shown = due_display(due_on, escalated=escalated)
    return {"date": due_on, "days_left": shown["days_left"], "overdue": shown["days_left"] < 0, "escalated": escalated}


class DueField(serializers.Field):
    """The due date of the dossier's open task (read from ``with_step_due``'s annotation)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, dossier):
        return due_of(dossier.step_due_on, dossier.step_escalated)


DueField = extend_schema_field(DueSerializer(allow_null=True))(DueField)


class FlowDossierSerializer(DossierSerializer):
    due = DueField(help_text=gettext_lazy("When the dossier's current step is due; null when none is running."))

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["due"]


class FlowDossierDetailSerializer(DossierDetailSerializer):
    due = DueField(help_text=gettext_lazy("When the dossier's current step is due; null when none is running."))

    class Meta(DossierDetailSerializer.Meta):
        fields = DossierDetailSerializer.Meta.fields + ["due"]


class FlowDossierFilter(DossierFilter):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("overdue"))
    ordering = NullsLastOrdering(fields=(*DossierFilter.ORDERING, ("step_due_on", "deadline")), label=gettext_lazy("ordering"))

    class Meta(DossierFilter.Meta):
        fields = DossierFilter.Meta.fields + ["overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(step_due_on__lt=timezone.localdate())
        return queryset.filter(late if value else ~late | Q(step_due_on__isnull=True))


def dossier_read(user, dossier_id: int) -> Dossier:
    """The dossier, through the scoping selector, with the due date of its current step."""
    dossier = dossier_get(user=user, dossier_id=dossier_id)
    return with_step_due(Dossier.objects.filter(pk=dossier.pk)).get()


# The transitions ---------------------------------------------------------------------------------
class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        label=gettext_lazy("Comment"), required=False, allow_blank=True, max_length=4000, default="", write_only=True
    )


class AppraisalSerializer(CommentSerializer):
    """The labour office's appraisal, with the reviewer's judgement of the award standard where the
    award form sets one for the nominee's kind (as on the appraisal screen)."""

    standard_met = serializers.BooleanField(
        label=gettext_lazy("In your judgement, the award standard is met"), required=False, allow_null=True,
        default=None,
    )
    judgements = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        default=dict,
        label=gettext_lazy("Your answer to each criterion left to the reviewer, by criterion id"),
    )
    standard_seen = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=gettext_lazy("The evaluation you judged, as listed with the transition (refused if it changed)"),
    )

    def validate_judgements(self, value):
        try:
            return {int(key): answer for key, answer in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Criteria are named by their id.")) from None

    def judgement(self) -> dossiers.Judgement | None:
        data = self.validated_data
        if data["standard_met"] is None:
            return None
        return dossiers.Judgement(standard_met=data["standard_met"], answers=data["judgements"], seen=data["standard_seen"])


class VoteSerializer(CommentSerializer):
    """A council's vote on a dossier, as its award form rules it: a secret ballot's totals, or each
    present member's choice."""

    votes_for = serializers.IntegerField(label=gettext_lazy("votes for"), min_value=0, required=False)
    votes_against = serializers.IntegerField(label=gettext_lazy("votes against"), min_value=0, required=False)
    abstentions = serializers.IntegerField(label=gettext_lazy("abstentions"), min_value=0, required=False)
    member_votes = serializers.DictField(
        child=serializers.ChoiceField(choices=Choice.choices),
        required=False,
        label=gettext_lazy("Each present member's vote, by member id (open ballot)"),
    )

    def validate_member_votes(self, value):
        try:
            return {int(key): choice for key, choice in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Members are named by their id.")) from None


class CouncilSerializer(VoteSerializer):
    """The council's outcome. With ``held_on``, the meeting that voted is recorded at the same time
    (attendance and the vote, as the dossier's award form rules it: a secret ballot's totals, or each
    present member's choice); without it, the vote recorded earlier decides."""

    held_on = serializers.DateField(label=gettext_lazy("held on"), required=False)
    attendees = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, label=gettext_lazy("members present")
    )


class DecisionSerializer(CommentSerializer):
    number = serializers.CharField(label=gettext_lazy("decision number"), max_length=40)
    signed_on = serializers.DateField(label=gettext_lazy("signed on"))


class ProvinceResultSerializer(CommentSerializer):
    approved = serializers.BooleanField(label=gettext_lazy("Awarded by the province"))
    decision_number = serializers.CharField(label=gettext_lazy("province's decision number"), max_length=40)
    decided_on = serializers.DateField(label=gettext_lazy("province's decision date"))


@dataclass(frozen=True)
class Transition:
    """A transition of the dossier, as the API offers it: the fields it takes, the flow's task it
    moves (``node``; none for a dossier not yet in the flow), how (``mode``: the task is claimed,
    released, put back by the head of the office, or completed), and what it runs."""

    name: str
    serializer: type[serializers.Serializer]
    node: RoleTask | None
    mode: str
    run: Callable | None = None  # (dossier, actor, serializer) -> None, the lifecycle service

    @property
    def fsm(self):
        return getattr(Dossier, self.name)._django_fsm

    def role(self):
        return dossiers.transition_role(self.name)


def _appraisal(service):
    def run(dossier, actor, data):
        service(dossier_id=dossier.pk, actor=actor, comment=data.validated_data["comment"], judgement=data.judgement())

    return run


def _with_comment(service):
    def run(dossier, actor, data):
        service(dossier_id=dossier.pk, actor=actor, comment=data.validated_data["comment"])

    return run


def _council(outcome: str):
    def run(dossier, actor, data):
        values = data.validated_data
        if "held_on" not in values:
            approvals.OUTCOME_SERVICES[outcome](dossier_id=dossier.pk, actor=actor, comment=values["comment"])
            return
        council = _council_of(dossier, actor)
        approvals.council_meeting_record(
            actor=actor, council_id=council.pk, held_on=values["held_on"], attendee_ids=values["attendees"],
            ballots=[_ballot(dossier.pk, outcome, values)],
        )

    return run


def _ballot(dossier_id: int, outcome: str, vote: dict) -> approvals.Ballot:
    """The council's vote on a dossier (``VoteSerializer``'s values) and the outcome drawn from it."""
    return approvals.Ballot(
        dossier_id,
        vote.get("votes_for"),
        vote.get("votes_against"),
        vote.get("abstentions"),
        outcome=outcome,
        comment=vote["comment"],
        member_votes=vote.get("member_votes"),
    )


def _council_of(dossier: Dossier, actor):
    """The council over the dossier's unit among those the secretary serves: the nearest one."""
    over = [council for council in councils(actor) if dossier.unit.path.startswith(council.scope_path)]
    if not over:
        raise NotFound(_("No such council."))
    return max(over, key=lambda council: len(council.path))


def _decide(dossier, actor, data):
    values = data.validated_data
    approvals.decision_sign(
        actor=actor, number=values["number"], signed_on=values["signed_on"], dossier_ids=[dossier.pk],
        comment=values["comment"],
    )


def _province_result(dossier, actor, data):
    approvals.provincial_result_record(actor=actor, dossier_id=dossier.pk, **data.validated_data)


CLAIM, RELEASE, PUT_BACK, COMPLETE, START = "claim", "release", "put_back", "complete", "start"
TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition("submit", CommentSerializer, None, START),
        Transition("withdraw", CommentSerializer, FLOW.supplement, COMPLETE, _with_comment(dossiers.dossier_withdraw)),
        Transition("start_review", CommentSerializer, FLOW.review, CLAIM),
        Transition("release", CommentSerializer, FLOW.review, RELEASE),
        Transition("reassign", CommentSerializer, FLOW.review, PUT_BACK),
        Transition(
            "return_for_supplement", AppraisalSerializer, FLOW.review, COMPLETE,
            _appraisal(dossiers.dossier_return_for_supplement),
        ),
        Transition("reject", AppraisalSerializer, FLOW.review, COMPLETE, _appraisal(dossiers.dossier_reject)),
        Transition(
            "forward_to_council", AppraisalSerializer, FLOW.review, COMPLETE,
            _appraisal(dossiers.dossier_forward_to_council),
        ),
        Transition("resubmit", CommentSerializer, FLOW.supplement, COMPLETE, _with_comment(dossiers.dossier_resubmit)),
        Transition("recommend_town_award", CouncilSerializer, FLOW.council, COMPLETE, _council(CouncilOutcome.TOWN_AWARD)),
        Transition(
            "recommend_provincial_award", CouncilSerializer, FLOW.council, COMPLETE,
            _council(CouncilOutcome.PROVINCIAL_AWARD),
        ),
        Transition("not_recommend", CouncilSerializer, FLOW.council, COMPLETE, _council(CouncilOutcome.NOT_RECOMMENDED)),
        Transition("approve", DecisionSerializer, FLOW.decision, COMPLETE, _decide),
        Transition("send_back", CommentSerializer, FLOW.decision, COMPLETE, _with_comment(approvals.dossier_send_back)),
        Transition("record_provincial_result", ProvinceResultSerializer, FLOW.province, COMPLETE, _province_result),
    ]
}


def _task_of(transition: Transition, dossier: Dossier) -> Task:
    """The dossier's open task, which the transition moves; refused (409) if it waits elsewhere."""
    task = routing.open_task(dossier_id=dossier.pk)
    if task is None or task.flow_task != transition.node or transition.fsm.get_transition(dossier.status) is None:
        raise dossiers.wrong_state(transition.name, dossier.status)
    return task


def _before_flow(transition: Transition, dossier: Dossier) -> bool:
    """Whether the transition is a draft's, made before the dossier's flow starts: its submission,
    or its withdrawal."""
    return transition.mode == START or (transition.name == "withdraw" and dossier.status == Status.DRAFT)


def transition_run(*, transition: Transition, dossier_id: int, actor, data: serializers.Serializer) -> None:
    """Make the transition through the flow, as the screens do (``routing``). The dossier's state is
    checked again by the service, under the process's lock."""
    dossier = dossier_get(user=actor, dossier_id=dossier_id)
    dossiers.require_role(actor, transition.role(), dossier)
    comment = data.validated_data.get("comment", "")
    if transition.mode == START:
        routing.flow_submit(dossier_id=dossier.pk, actor=actor, comment=comment)
        return
    if _before_flow(transition, dossier):
        dossiers.dossier_withdraw(dossier_id=dossier.pk, actor=actor, comment=comment)
        return
    task = _task_of(transition, dossier)
    if transition.mode == CLAIM:
        routing.task_claim(task_id=task.pk, actor=actor)
    elif transition.mode == RELEASE:
        routing.task_release(task_id=task.pk, actor=actor)
    elif transition.mode == PUT_BACK:
        if not _task_waits(transition, dossier, task, actor):
            raise Conflict(_("Only a claimed task that is overdue or escalated can be put back in the queue."))
        routing.task_put_back(task_id=task.pk, actor=actor)
    else:
        routing.tasks_complete(
            task_ids=[task.pk],
            node=transition.node,
            actor=actor,
            perform=lambda moved: transition.run(moved[0], actor, data),
        )


def transitions_available(dossier: Dossier, user) -> list[dict]:
    """The transitions ``user`` may make on the dossier now: its state allows them, they hold the
    role over its unit, and its task waits for them (unclaimed, or claimed by them). Each with the
    fields it takes and the conditions that would refuse it now."""
    task = routing.open_task(dossier_id=dossier.pk)
    available = []
    for transition in TRANSITIONS.values():
        fsm = transition.fsm.get_transition(dossier.status)
        if fsm is None or acting_unit(user, transition.role(), dossier.unit) is None:
            continue
        if not fsm.has_perm(dossier, user) or not _task_waits(transition, dossier, task, user):
            continue
        available.append(
            {
                "name": transition.name,
                "label": dossiers.transition_label(getattr(Dossier, transition.name)),
                "fields": _fields(transition, fsm, dossier, user),
                "unmet": [
                    {"code": condition.__name__, "detail": str(condition.message(dossier))}
                    for condition in fsm.conditions
                    if not condition(dossier)
                ],
            }
        )
    return available


def _task_waits(transition: Transition, dossier: Dossier, task: Task | None, user) -> bool:
    if _before_flow(transition, dossier):
        return task is None
    if task is None or task.flow_task != transition.node:
        return False
    if transition.mode == CLAIM:
        return task.owner_id is None
    if transition.mode == RELEASE:
        return task.owner_id == user.pk
    if transition.mode == PUT_BACK:
        return task.owner_id is not None and office_overdue_tasks(user, FLOW).filter(pk=task.pk).exists()
    return task.owner_id in (None, user.pk)


FIELD_TYPES = [
    (serializers.BooleanField, "boolean"),
    (serializers.IntegerField, "integer"),
    (serializers.DateField, "date"),
    (serializers.ChoiceField, "choice"),
    (serializers.ListField, "array"),
    (serializers.DictField, "object"),
    (serializers.CharField, "string"),
]


def _fields(transition: Transition, fsm, dossier: Dossier, user) -> list[dict]:
    described = []
    for name, field in transition.serializer().fields.items():
        spec = {
            "name": name,
            "type": next(kind for cls, kind in FIELD_TYPES if isinstance(field, cls)),
            "required": field.required or (name == "comment" and bool(fsm.custom.get("comment_required"))),
            "label": str(field.label or name),
        }
        if isinstance(field, serializers.DictField) and isinstance(field.child, serializers.ChoiceField):
            spec["choices"] = [{"code": code, "label": str(label)} for code, label in field.child.choices.items()]
        described.append(spec)
    if transition.serializer is AppraisalSerializer:
        _describe_standard(described, dossier)
    elif transition.serializer is CouncilSerializer:
        _describe_ballot(described, dossier, user)
    return described


def _describe_ballot(described: list[dict], dossier: Dossier, user) -> None:
    """The meeting, as its screen asks it: the council's members to mark present, and the vote as the
    award form rules it (a secret ballot's totals, or each present member's choice)."""
    members = holders(Role.COUNCIL_MEMBER, _council_of(dossier, user)).order_by("full_name", "username")
    keys = [{"id": member.pk, "label": str(member)} for member in members]
    unasked = {"member_votes"} if dossier.award_form.secret_ballot else {"votes_for", "votes_against", "abstentions"}
    described[:] = [spec for spec in described if spec["name"] not in unasked]
    for spec in described:
        if spec["name"] in {"attendees", "member_votes"}:
            spec["keys"] = keys


def _describe_standard(described: list[dict], dossier: Dossier) -> None:
    """The appraisal's judgement, as its screen asks it: only where the award form sets a standard
    for the nominee's kind, with the criteria left to the reviewer and the evaluation they judge."""
    evaluation = criteria_evaluate(dossier=dossier)
    if evaluation.result is None:
        described[:] = [spec for spec in described if spec["name"] == "comment"]
        return
    for spec in described:
        if spec["name"] == "judgements":
            spec["keys"] = [{"id": criterion.pk, "label": str(criterion)} for criterion in evaluation.judgements]
        elif spec["name"] == "standard_met":
            spec["proposed"] = evaluation.result == "met"
            spec["evaluation"] = evaluation.label()
        elif spec["name"] == "standard_seen":
            spec["default"] = evaluation.digest()


class KeySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class FieldSpecSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=[kind for _cls, kind in FIELD_TYPES])
    required = serializers.BooleanField()
    label = serializers.CharField()
    choices = ChoiceSerializer(many=True, required=False, help_text=gettext_lazy("The values each entry may take."))
    keys = KeySerializer(
        many=True, required=False, help_text=gettext_lazy("The entries it takes: criteria to answer, council members.")
    )
    proposed = serializers.BooleanField(required=False, help_text=gettext_lazy("What the evidence says."))
    evaluation = serializers.CharField(required=False)
    default = serializers.CharField(required=False)


class UnmetSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class TransitionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=list(TRANSITIONS))
    label = serializers.CharField()
    fields = FieldSpecSerializer(many=True)
    unmet = UnmetSerializer(many=True, help_text=gettext_lazy("The conditions that would refuse it now (422)."))


class FlowDossierViewSet(DossierViewSet):
    """The dossiers the user may read, each with the due date of its current step; the transitions
    they may make now, and making one."""

    filterset_class = FlowDossierFilter
    serializer_classes = {
        **DossierViewSet.serializer_classes,
        "list": FlowDossierSerializer,
        "retrieve": FlowDossierDetailSerializer,
    }

    def get_queryset(self):
        return with_step_due(super().get_queryset())

    def read(self, dossier_id: int) -> Dossier:
        return dossier_read(self.request.user, dossier_id)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        dossier = dossier_get(user=request.user, dossier_id=pk)
        return Response(TransitionSerializer(transitions_available(dossier, request.user), many=True).data)


class TransitionView(GenericAPIView):
    """Make one transition of the dossier: answers with the dossier in its new state."""

    transition: str = ""

    def get_serializer_class(self):
        return TRANSITIONS[self.transition].serializer

    def post(self, request, pk: int):
        data = self.get_serializer(data=request.data)
        validated(data)
        transition_run(transition=TRANSITIONS[self.transition], dossier_id=pk, actor=request.user, data=data)
        dossier = dossier_read(request.user, pk)
        return Response(FlowDossierDetailSerializer(dossier, context=self.get_serializer_context()).data)


def transition_view(name: str):
    """The view of one transition, with its own fields in the schema."""
    transition = TRANSITIONS[name]
    def post(self, request, pk: int):
        return TransitionView.post(self, request, pk)

    schema = extend_schema(
        operation_id=f"dossiers_transitions_{name}",
        summary=next(iter(transition.fsm.transitions.values())).custom["label"],  # lazy: in the reader's language
        description=transition.serializer.__doc__ or "",
        responses={200: FlowDossierDetailSerializer},
    )
    view = type(f"{name.title().replace('_', '')}TransitionView", (TransitionView,), {"transition": name, "post": schema(post)})
    return view.as_view()


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
        deadline = task_deadline(task)
        return None if deadline is None else due_of(deadline.due_on, deadline.escalated_at is not None)

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
        tasks = task_queue(user, FLOW) | task_inbox(user, FLOW)
        return task_rows(tasks).order_by(F(DEADLINE).asc(nulls_last=True), "pk")

    def _answer(self, task_id: int) -> Response:
        task = self.get_queryset().filter(pk=task_id).first() or task_rows(visible_tasks(self.request.user)).get(pk=task_id)
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        routing.task_claim(task_id=int(pk), actor=request.user)
        return self._answer(int(pk))

    @extend_schema(request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        routing.task_release(task_id=int(pk), actor=request.user)
        return self._answer(int(pk))


# The records that carry several dossiers at once, as the /work/ screens make them ------------------
def tasks_at(node: RoleTask, dossier_ids, actor, perform: Callable[[list[int]], object]):
    """Complete the open tasks of ``node`` on these dossiers at once, around the one service
    ``perform`` (given the dossiers' ids): each dossier read through the scoping selector (404
    otherwise), each waiting at ``node`` (409 otherwise, naming it); all or none."""
    ids = sorted(set(dossier_ids))
    for pk in ids:  # first: none of another unit's dossiers, whatever their step, leaks
        dossier_get(user=actor, dossier_id=pk)
    task_ids = []
    for pk in ids:
        task = routing.open_task(dossier_id=pk)
        if task is None or task.flow_task != node:
            with approvals.about_dossier(pk, among=len(ids)):
                raise Conflict(_("This step of the dossier is no longer waiting: it was completed or moved on."))
        task_ids.append(task.pk)
    return routing.tasks_complete(
        task_ids=task_ids, node=node, actor=actor, perform=lambda moved: perform([dossier.pk for dossier in moved])
    )


class BatchSerializer(serializers.ModelSerializer):
    """A record covering several dossiers: given their ids, answered with them."""

    dossiers = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, label=gettext_lazy("Dossiers"), write_only=True
    )
    dossier_ids = serializers.SerializerMethodField()

    class Meta:
        fields = ["id", "number", "dossiers", "dossier_ids"]
        read_only_fields = ["id"]
        # The number's form and uniqueness are the service's to check, as for the screens.
        extra_kwargs = {"number": {"validators": []}}

    def get_dossier_ids(self, record) -> list[int]:
        return sorted(record.dossiers.values_list("pk", flat=True))


class CompiledSubmissionSerializer(BatchSerializer, CommentSerializer):

    class Meta(BatchSerializer.Meta):
        model = CompiledSubmission
        fields = [*BatchSerializer.Meta.fields, "submitted_on", "comment"]


class DecisionRecordSerializer(BatchSerializer, CommentSerializer):

    class Meta(BatchSerializer.Meta):
        model = Decision
        fields = [*BatchSerializer.Meta.fields, "signed_on", "comment"]


class LetterSerializer(BatchSerializer):
    class Meta(BatchSerializer.Meta):
        model = ProvincialSubmission
        fields = [*BatchSerializer.Meta.fields, "sent_on"]


class BallotSerializer(VoteSerializer):
    """One dossier of the meeting: its vote and the outcome drawn from it."""

    dossier = serializers.IntegerField(label=gettext_lazy("Dossier"))
    outcome = serializers.ChoiceField(choices=CouncilOutcome.choices, label=gettext_lazy("outcome"))


class MeetingSerializer(serializers.ModelSerializer):
    """A council meeting: who attended, and each dossier's vote and outcome (the vote as its award
    form rules it: a secret ballot's totals, or each present member's choice)."""

    attendees = serializers.ListField(
        child=serializers.IntegerField(), label=gettext_lazy("members present"), write_only=True
    )
    ballots = BallotSerializer(many=True, allow_empty=False, write_only=True)
    attendee_ids = serializers.SerializerMethodField()
    dossier_ids = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMeeting
        fields = [
            "id", "council", "held_on", "attendees", "ballots", "members_present", "members_total", "attendee_ids",
            "dossier_ids",
        ]
        read_only_fields = ["id", "council", "members_present", "members_total"]

    def get_attendee_ids(self, meeting) -> list[int]:
        return sorted(meeting.attendees.values_list("pk", flat=True))

    def get_dossier_ids(self, meeting) -> list[int]:
        return sorted(meeting.votes.values_list("dossier_id", flat=True))


class BatchViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A record covering several dossiers, made by its one ``service`` from the serializer's values:
    around the open tasks of ``node`` on those dossiers, completed all or none (``tasks_at``), where
    the record ends a step of the flow. Records are made here and read on the dossiers they carry."""

    node: RoleTask | None = None
    service: Callable

    def get_queryset(self):
        return self.get_serializer_class().Meta.model.objects.none()

    def record(self, values: dict):
        values = dict(values)
        ids = values.pop("dossiers")

        def make(dossier_ids):
            return type(self).service(actor=self.request.user, dossier_ids=dossier_ids, **values)

        return make(ids) if self.node is None else tasks_at(self.node, ids, self.request.user, make)

    def create(self, request, *args, **kwargs):
        record = self.record(validated(self.get_serializer(data=request.data)))
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class CompiledSubmissionViewSet(BatchViewSet):
    """The labour office forwards appraised dossiers to the council under one compiled submission:
    each dossier's appraisal ends in ``forward_to_council``, all or none (those waiting in the queue
    are claimed for the reviewer on the way)."""

    serializer_class = CompiledSubmissionSerializer
    node = FLOW.review
    service = staticmethod(approvals.compiled_submission_create)


class MeetingViewSet(BatchViewSet):
    """The home-affairs secretary records one council meeting on several dossiers: attendance, each
    dossier's vote, and the outcome drawn from it, all or none."""

    serializer_class = MeetingSerializer

    def record(self, values):
        ballots = {ballot["dossier"]: ballot for ballot in values["ballots"]}
        if len(ballots) != len(values["ballots"]):
            raise InvalidInput(_("Each dossier can be voted on only once at a meeting."))
        first = dossier_get(user=self.request.user, dossier_id=min(ballots))
        dossiers.require_role(self.request.user, Role.HOME_AFFAIRS_SECRETARY, first)
        council = _council_of(first, self.request.user)

        def record(ids):
            return approvals.council_meeting_record(
                actor=self.request.user,
                council_id=council.pk,
                held_on=values["held_on"],
                attendee_ids=values["attendees"],
                ballots=[_ballot(pk, ballots[pk]["outcome"], ballots[pk]) for pk in ids],
            )

        return tasks_at(FLOW.council, ballots, self.request.user, record)


class DecisionViewSet(BatchViewSet):
    """The chairman signs one award decision covering several dossiers awaiting it, all or none."""

    serializer_class = DecisionRecordSerializer
    node = FLOW.decision
    service = staticmethod(approvals.decision_sign)


class LetterViewSet(BatchViewSet):
    """The provincial liaison sends dossiers the council proposed for a provincial award to the
    province, under one letter; the province's result, recorded later, completes each one's task."""

    serializer_class = LetterSerializer
    service = staticmethod(approvals.provincial_submission_create)
