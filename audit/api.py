"""The audit trail's JSON API, for auditors only: the events (filtered as on the auditor's screen,
by the screen's own form), one event, and the verification of the whole trail.

Every row comes from ``audit.selectors``, scoped to the units where the user holds the auditor's
role; anyone else gets 403, and an event outside the auditor's scope answers 404.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from workflow_project.api import ChoiceSerializer

from .forms import API_DATE_FORMATS, EventFilterForm
from .labels import action_label
from .models import AuditEvent
from .selectors import event_get, event_list, is_auditor, role_label, trail_verification

# How many of the problems within the auditor's units the verification names (the screen: 5).
VERIFY_LIMIT = 100


class IsAuditor(permissions.BasePermission):
    """Holds the auditor's role somewhere (the selectors narrow what they read to its units)."""

    def has_permission(self, request, view) -> bool:
        return is_auditor(request.user)


class ActorSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="As recorded: the user name at the time of the event.")
    name = serializers.CharField(help_text="The user's full name today; empty for an anonymous event.")


class ObjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='The model, as "app.model": "dossiers.dossier".')
    id = serializers.CharField()
    repr = serializers.CharField(help_text="The object as it was named when the event was written.")


class AuditEventSerializer(serializers.ModelSerializer):
    at = serializers.DateTimeField(source="occurred_at")
    action_label = serializers.SerializerMethodField(
        help_text="The action in words, in the reader's language; its code when it has no label."
    )
    actor = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    unit_name = serializers.SerializerMethodField(
        help_text="The name of the unit the actor acted for; empty when none, or when it no longer exists."
    )
    object = serializers.SerializerMethodField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "stream",
            "seq",
            "at",
            "action",
            "action_label",
            "actor",
            "role",
            "unit",
            "unit_name",
            "object",
            "before",
            "after",
            "comment",
            "ip",
            "request_id",
            "prev_hash",
            "hash",
        ]
        extra_kwargs = {"unit": {"help_text": "The code of the unit the actor acted for."}}

    def get_action_label(self, event) -> str:
        return action_label(event.action)

    def get_unit_name(self, event) -> str:
        return getattr(event, "unit_name", None) or ""

    def get_actor(self, event) -> ActorSerializer:
        return {"username": event.actor_username, "name": event.actor.full_name if event.actor else ""}

    @extend_schema_field(ChoiceSerializer(allow_null=True, help_text="The role the actor acted in; null for none."))
    def get_role(self, event):
        return {"code": event.role, "label": role_label(event.role)} if event.role else None

    @extend_schema_field(ObjectSerializer(allow_null=True, help_text="What the event changed; null for none."))
    def get_object(self, event):
        if not event.object_type:
            return None
        return {"type": event.object_type, "id": event.object_id, "repr": event.object_repr}


def _filter_parameters() -> list[OpenApiParameter]:
    """The screen's filters, described from its form."""
    return [
        OpenApiParameter(
            name,
            OpenApiTypes.DATE if isinstance(field, forms.DateField) else OpenApiTypes.STR,
            description=format_lazy("{} (yyyy-mm-dd, dd/mm/yyyy)", field.label)
            if isinstance(field, forms.DateField)
            else field.help_text or field.label,
        )
        for name, field in EventFilterForm.base_fields.items()
    ]


@extend_schema_view(
    list=extend_schema(
        parameters=_filter_parameters(),
        responses=AuditEventSerializer(many=True),
    ),
    retrieve=extend_schema(responses=AuditEventSerializer),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit events the auditor may read, newest first; filters as on the auditor's screen.

    A town's auditor reads the events of their town's dossiers; a province's auditor every event.
    Anyone without the auditor's role gets 403; an event outside the auditor's scope answers 404.
    """

    serializer_class = AuditEventSerializer
    permission_classes = [permissions.IsAuthenticated, IsAuditor]
    filter_backends: list = []  # the screen's form filters, in ``get_queryset``
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action != "list":
            return event_list(user=self.request.user)
        form = EventFilterForm(self.request.query_params, date_formats=API_DATE_FORMATS)
        if not form.is_valid():
            raise ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name: messages
                    for name, messages in form.errors.items()
                }
            )
        return event_list(user=self.request.user, **form.selector_kwargs())

    def get_object(self):
        return event_get(user=self.request.user, event_id=self.kwargs["pk"])


class ProblemSerializer(serializers.Serializer):
    stream = serializers.CharField()
    event_id = serializers.IntegerField(allow_null=True)
    seq = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    text = serializers.CharField(source="__str__", help_text="Where and what, in words.")


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="Whether the whole trail is intact.")
    events = serializers.IntegerField(source="report.events", help_text="Events verified.")
    streams = serializers.IntegerField(source="report.streams", help_text="Streams (hash chains) verified.")
    problem_count = serializers.SerializerMethodField(help_text="Problems found in the whole trail.")
    problems = ProblemSerializer(
        many=True, help_text=f"The first {VERIFY_LIMIT} problems within the auditor's units, by event."
    )
    hidden = serializers.IntegerField(help_text="Problems outside the auditor's units, not named.")

    def get_problem_count(self, verification) -> int:
        return len(verification.report.problems)


class TrailVerifyView(APIView):
    """Verify the whole audit trail now (it reads every event): whether every chain is intact, how
    many events and streams it holds, and the problems found. A town's auditor is told how many
    problems lie outside their units, not where."""

    permission_classes = [permissions.IsAuthenticated, IsAuditor]

    @extend_schema(responses=VerificationSerializer)
    def get(self, request):
        verification = trail_verification(user=request.user, limit=VERIFY_LIMIT)
        return Response(VerificationSerializer(verification).data)
