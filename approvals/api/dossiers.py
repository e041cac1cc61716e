"""The flow's JSON API on dossiers: the dossier list and page with the due date of the dossier's
current step, the transitions a user may make on a dossier now, and making one.

Every write goes through ``approvals.transitions``, as the screens do: under the process's lock and
in one transaction, the lifecycle service runs and the dossier's workflow task moves, so that the
flow routes the dossier by its new state. A refusal changes nothing and answers with the service's
status and code: 409 for a wrong state or a lost race, 422 for a condition that failed.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from dossiers.api import DossierDetailSerializer, DossierFilter, DossierSerializer, DossierViewSet, NullsLastOrdering
from dossiers.models import Dossier
from dossiers.selectors import criteria_evaluate, dossier_get
from dossiers.services import Judgement
from roles.models import Role
from roles.selectors import holders
from workflow_project.api import ChoiceSerializer, UploadField, validated

from ..deadlines import dossier_due
from ..models import Choice
from ..selectors.dossiers import with_step_due
from ..transitions import TRANSITIONS, Available, council_of, transition_run, transitions_available


# The dossier list and page, with the due date of the dossier's current step ------------------------
class DueSerializer(serializers.Serializer):
    date = serializers.DateField()
    days_left = serializers.IntegerField(help_text=gettext_lazy("Negative once overdue."))
    overdue = serializers.BooleanField()
    escalated = serializers.BooleanField(help_text=gettext_lazy("Escalated to the head of the office."))


def due_of(due: dict | None) -> dict | None:
    """What the API tells of ``approvals.deadlines.dossier_due``, the date every screen shows."""
    if due is None:
        return None
    return {
        "date": due["date"],
        "days_left": due["days_left"],
        "overdue": due["days_left"] < 0,
        "escalated": due["escalated"],
    }


class DueField(serializers.Field):
    """The dossier's due date (``dossier_due``, on ``with_step_due``'s annotation)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, dossier):
        return due_of(dossier_due(dossier))


DueField = extend_schema_field(DueSerializer(allow_null=True))(DueField)


DUE_HELP = gettext_lazy(
    "When the dossier is due, as every screen shows it: its current step's due date, or the campaign's "
    "dossier deadline while the commune holds it without one (a draft); null when nothing is due."
)


class FlowDossierSerializer(DossierSerializer):
    due = DueField(help_text=DUE_HELP)

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["due"]


class FlowDossierDetailSerializer(DossierDetailSerializer):
    due = DueField(help_text=DUE_HELP)

    class Meta(DossierDetailSerializer.Meta):
        fields = DossierDetailSerializer.Meta.fields + ["due"]


class FlowDossierFilter(DossierFilter):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("overdue"))
    ordering = NullsLastOrdering(
        fields=(*DossierFilter.ORDERING, ("step_due_on", "deadline")), label=gettext_lazy("ordering")
    )

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

    def values(self) -> dict:
        """What the transition takes (``approvals.transitions``)."""
        return dict(self.validated_data)


class AppraisalSerializer(CommentSerializer):
    """The labour office's appraisal, with the reviewer's judgement of the award standard where the
    award form sets one for the nominee's kind (as on the appraisal screen)."""

    standard_met = serializers.BooleanField(
        label=gettext_lazy("In your judgement, the award standard is met"),
        required=False,
        allow_null=True,
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

    def values(self) -> dict:
        data = self.validated_data
        judgement = None
        if data["standard_met"] is not None:
            judgement = Judgement(
                standard_met=data["standard_met"], answers=data["judgements"], seen=data["standard_seen"]
            )
        return {"comment": data["comment"], "judgement": judgement}


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
    (attendance, who chaired it and its signed minutes, sent as ``multipart/form-data``, and the vote,
    as the dossier's award form rules it: a secret ballot's totals, or each present member's choice);
    without it, the vote recorded earlier decides."""

    held_on = serializers.DateField(label=gettext_lazy("held on"), required=False)
    attendees = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, label=gettext_lazy("members present")
    )
    chaired_by = serializers.CharField(
        label=gettext_lazy("Chaired by"), max_length=200, required=False, help_text=gettext_lazy("With held_on.")
    )
    minutes = UploadField(
        label=gettext_lazy("Signed minutes of the meeting"),
        required=False,
        help_text=gettext_lazy("With held_on: the signed minutes, a PDF, JPEG or PNG file (multipart/form-data)."),
    )


class DecisionSerializer(CommentSerializer):
    number = serializers.CharField(label=gettext_lazy("decision number"), max_length=40)
    signed_on = serializers.DateField(label=gettext_lazy("signed on"))


class ProvinceResultSerializer(CommentSerializer):
    approved = serializers.BooleanField(label=gettext_lazy("Awarded by the province"))
    decision_number = serializers.CharField(label=gettext_lazy("province's decision number"), max_length=40)
    decided_on = serializers.DateField(label=gettext_lazy("province's decision date"))


# Each transition's body: its fields, as the screens ask them.
SERIALIZERS = {
    "return_for_supplement": AppraisalSerializer,
    "reject": AppraisalSerializer,
    "forward_to_council": AppraisalSerializer,
    "judge_ready": AppraisalSerializer,
    "recommend_town_award": CouncilSerializer,
    "recommend_provincial_award": CouncilSerializer,
    "not_recommend": CouncilSerializer,
    "approve": DecisionSerializer,
    "record_provincial_result": ProvinceResultSerializer,
}


def serializer_of(name: str) -> type[serializers.Serializer]:
    return SERIALIZERS.get(name, CommentSerializer)


FIELD_TYPES = [
    (serializers.BooleanField, "boolean"),
    (serializers.IntegerField, "integer"),
    (serializers.DateField, "date"),
    (serializers.ChoiceField, "choice"),
    (serializers.ListField, "array"),
    (serializers.DictField, "object"),
    (serializers.CharField, "string"),
    (serializers.FileField, "file"),  # sent in a multipart form
]


def transition_described(available: Available, dossier: Dossier, user) -> dict:
    """A transition the user may make now, with the fields it takes and the conditions that would
    refuse it now."""
    transition = available.transition
    return {
        "name": transition.name,
        "label": str(transition.label()),
        "fields": _fields(transition.name, available.fsm, dossier, user),
        "unmet": [{"code": code, "detail": detail} for code, detail in available.unmet],
    }


def _fields(name: str, fsm, dossier: Dossier, user) -> list[dict]:
    serializer = serializer_of(name)
    described = []
    for name, field in serializer().fields.items():
        spec = {
            "name": name,
            "type": next(kind for cls, kind in FIELD_TYPES if isinstance(field, cls)),
            "required": field.required or (name == "comment" and bool(fsm.custom.get("comment_required"))),
            "label": str(field.label or name),
        }
        if isinstance(field, serializers.DictField) and isinstance(field.child, serializers.ChoiceField):
            spec["choices"] = [{"code": code, "label": str(label)} for code, label in field.child.choices.items()]
        described.append(spec)
    if serializer is AppraisalSerializer:
        _describe_standard(described, dossier)
    elif serializer is CouncilSerializer:
        _describe_ballot(described, dossier, user)
    return described


def _describe_ballot(described: list[dict], dossier: Dossier, user) -> None:
    """The meeting, as its screen asks it: the council's members to mark present, and the vote as the
    award form rules it (a secret ballot's totals, or each present member's choice)."""
    members = holders(Role.COUNCIL_MEMBER, council_of(dossier, user)).order_by("full_name", "username")
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
        available = [
            transition_described(each, dossier, request.user) for each in transitions_available(dossier, request.user)
        ]
        return Response(TransitionSerializer(available, many=True).data)


class TransitionView(GenericAPIView):
    """Make one transition of the dossier: answers with the dossier in its new state."""

    transition: str = ""

    def get_serializer_class(self):
        return serializer_of(self.transition)

    def post(self, request, pk: int):
        data = self.get_serializer(data=request.data)
        validated(data)
        transition_run(name=self.transition, dossier_id=pk, actor=request.user, values=data.values())
        dossier = dossier_read(request.user, pk)
        return Response(FlowDossierDetailSerializer(dossier, context=self.get_serializer_context()).data)


def transition_view(name: str):
    """The view of one transition, with its own fields in the schema."""

    def post(self, request, pk: int):
        return TransitionView.post(self, request, pk)

    schema = extend_schema(
        operation_id=f"dossiers_transitions_{name}",
        summary=TRANSITIONS[name].label(),  # lazy: in the reader's language
        description=serializer_of(name).__doc__ or "",
        responses={200: FlowDossierDetailSerializer},
    )
    view = type(
        f"{name.title().replace('_', '')}TransitionView", (TransitionView,), {"transition": name, "post": schema(post)}
    )
    return view.as_view()
