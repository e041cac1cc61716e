"""The flow's JSON API for the records that carry several dossiers at once, as the /work/ screens
make them: the labour office's compiled submission, a council meeting, an award decision and the
letter to the province. Each completes the dossiers' tasks all or none
(``approvals.transitions.tasks_at``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from dossiers.selectors import dossier_get
from dossiers.services import require_role
from roles.models import Role
from workflow_project.api import UploadField, validated
from workflow_project.errors import InvalidInput

from ..flows import AwardDossierFlow
from ..models import CompiledSubmission, CouncilMeeting, CouncilOutcome, Decision, ProvincialSubmission
from ..nodes import RoleTask
from ..services import (
    CHAIR_REQUIRED,
    MINUTES_REQUIRED,
    compiled_submission_create,
    council_meeting_record,
    decision_sign,
    provincial_submission_create,
)
from ..transitions import ballot, council_of, tasks_at
from .dossiers import CommentSerializer, VoteSerializer

FLOW = AwardDossierFlow


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


class DossierBonusSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(label=gettext_lazy("Dossier"))
    bonus = serializers.IntegerField(
        allow_null=True,
        label=gettext_lazy("Bonus"),
        help_text=gettext_lazy("In đồng, as the decision recorded it; null if the award form has no bonus configured."),
    )


class DecisionRecordSerializer(BatchSerializer, CommentSerializer):
    """An award decision, answered with each dossier's bonus as recorded on its signing date (the
    base salary then times the award form's coefficient, rounded up to the ten thousand đồng) and
    their total (null if no bonus is configured)."""

    bonuses = serializers.SerializerMethodField()
    bonus_total = serializers.SerializerMethodField()

    class Meta(BatchSerializer.Meta):
        model = Decision
        fields = [*BatchSerializer.Meta.fields, "signed_on", "comment", "bonuses", "bonus_total"]

    @extend_schema_field(DossierBonusSerializer(many=True))
    def get_bonuses(self, record) -> list[dict]:
        amounts = {int(pk): amount for pk, amount in record.bonuses.items()}
        return [{"dossier": pk, "bonus": amounts[pk]} for pk in sorted(amounts)]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_bonus_total(self, record) -> int | None:
        return record.bonus_total()


class LetterSerializer(BatchSerializer):
    class Meta(BatchSerializer.Meta):
        model = ProvincialSubmission
        fields = [*BatchSerializer.Meta.fields, "sent_on"]


class BallotSerializer(VoteSerializer):
    """One dossier of the meeting: its vote and the outcome drawn from it."""

    dossier = serializers.IntegerField(label=gettext_lazy("Dossier"))
    outcome = serializers.ChoiceField(choices=CouncilOutcome.choices, label=gettext_lazy("outcome"))


def multipart_values(data, lists=(), json_lists=()) -> dict:
    """A multipart form's values as a JSON body's: each of ``lists`` from its repeated parts (or
    one JSON array), each of ``json_lists`` from parts that each hold a JSON object (or one JSON
    array of them), as OpenAPI's multipart encoding sends them; any other field from its one part."""
    values = {key: data.get(key) for key in data}
    for key in (*lists, *json_lists):
        if key not in data:
            continue
        parts, values[key] = data.getlist(key), []
        for part in parts:
            decode = key in json_lists or (isinstance(part, str) and part.lstrip().startswith("["))
            try:
                found = json.loads(part) if decode else part
            except (TypeError, ValueError):
                raise serializers.ValidationError({key: [_("Send each entry as JSON.")]}) from None
            values[key].extend(found if isinstance(found, list) else [found])
    return values


class MeetingSerializer(serializers.ModelSerializer):
    """A council meeting: who attended and who chaired it, its signed minutes (a PDF, JPEG or PNG
    file), and each dossier's vote and outcome (the vote as its award form rules it: a secret
    ballot's totals, or each present member's choice).

    Sent as ``multipart/form-data``: ``minutes`` is the file; ``attendees`` one part per member id;
    ``ballots`` one part per dossier, each a JSON object (or one part holding their JSON array)."""

    # A multipart form has no empty list: no part names no member present.
    attendees = serializers.ListField(
        child=serializers.IntegerField(),
        label=gettext_lazy("members present"),
        write_only=True,
        required=False,
        default=list,
    )
    chaired_by = serializers.CharField(
        label=gettext_lazy("Chaired by"),
        max_length=200,
        help_text=gettext_lazy("Full name and position of whoever chaired the meeting, as the minutes name them."),
        error_messages={"required": CHAIR_REQUIRED, "blank": CHAIR_REQUIRED},
    )
    minutes = UploadField(
        label=gettext_lazy("Signed minutes of the meeting"),
        write_only=True,
        help_text=gettext_lazy("The signed minutes: a PDF, JPEG or PNG file, no larger than a dossier's document."),
        error_messages={"required": MINUTES_REQUIRED, "empty": MINUTES_REQUIRED},
    )
    ballots = BallotSerializer(many=True, allow_empty=False, write_only=True)
    attendee_ids = serializers.SerializerMethodField()
    dossier_ids = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMeeting
        fields = [
            "id",
            "council",
            "held_on",
            "attendees",
            "chaired_by",
            "minutes",
            "ballots",
            "members_present",
            "members_total",
            "attendee_ids",
            "dossier_ids",
            "minutes_name",
            "minutes_sha256",
        ]
        read_only_fields = ["id", "council", "members_present", "members_total", "minutes_name", "minutes_sha256"]

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):
            data = multipart_values(data, lists=["attendees"], json_lists=["ballots"])
        return super().to_internal_value(data)

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
    claim = True  # whether the unclaimed tasks are claimed for the user on the way

    def get_queryset(self):
        return self.get_serializer_class().Meta.model.objects.none()

    def record(self, values: dict):
        values = dict(values)
        ids = values.pop("dossiers")

        def make(dossier_ids):
            return type(self).service(actor=self.request.user, dossier_ids=dossier_ids, **values)

        return make(ids) if self.node is None else tasks_at(self.node, ids, self.request.user, make, claim=self.claim)

    def create(self, request, *args, **kwargs):
        record = self.record(validated(self.get_serializer(data=request.data)))
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class CompiledSubmissionViewSet(BatchViewSet):
    """The labour office forwards appraised dossiers to the council under one compiled submission:
    each dossier's appraisal ends in ``forward_to_council``, all or none. Each must be under review
    by the reviewer and judged ready by them (``/api/dossiers/<id>/transitions/judge_ready/``); a
    dossier in the queue is refused (409, ``not_claimed``), one not appraised too (422,
    ``not_appraised``)."""

    serializer_class = CompiledSubmissionSerializer
    node = FLOW.review
    claim = False
    service = staticmethod(compiled_submission_create)


class MeetingViewSet(BatchViewSet):
    """The home-affairs secretary records one council meeting on several dossiers: attendance, who
    chaired it and its signed minutes, each dossier's vote, and the outcome drawn from it, all or
    none. A ``multipart/form-data`` request, for the minutes' file."""

    serializer_class = MeetingSerializer
    parser_classes = [MultiPartParser]

    def record(self, values):
        ballots = {each["dossier"]: each for each in values["ballots"]}
        if len(ballots) != len(values["ballots"]):
            raise InvalidInput(_("Each dossier can be voted on only once at a meeting."))
        first = dossier_get(user=self.request.user, dossier_id=min(ballots))
        require_role(self.request.user, Role.HOME_AFFAIRS_SECRETARY, first)
        council = council_of(first, self.request.user)

        def record(ids):
            return council_meeting_record(
                actor=self.request.user,
                council_id=council.pk,
                held_on=values["held_on"],
                attendee_ids=values["attendees"],
                chaired_by=values["chaired_by"],
                minutes=values["minutes"],
                ballots=[ballot(pk, ballots[pk]["outcome"], ballots[pk]) for pk in ids],
            )

        return tasks_at(FLOW.council, ballots, self.request.user, record)


class DecisionViewSet(BatchViewSet):
    """The chairman signs one award decision covering several dossiers awaiting it, all or none."""

    serializer_class = DecisionRecordSerializer
    node = FLOW.decision
    service = staticmethod(decision_sign)


class LetterViewSet(BatchViewSet):
    """The provincial liaison sends dossiers the council proposed for a provincial award to the
    province, under one letter; the province's result, recorded later, completes each one's task."""

    serializer_class = LetterSerializer
    service = staticmethod(provincial_submission_create)
