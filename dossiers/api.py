"""The dossiers' JSON API: lists and details, read through the one scoping selector; a submitter's
drafts created and edited, their documents added and downloaded, and each dossier's history.

Every dossier is read through ``dossiers.selectors`` (another unit's answers 404) and changed
through one service of ``dossiers.services``, as on the screens. Input the serializers cannot read
answers 422, as the services' own refusals of bad input do.
"""

from __future__ import annotations

from collections.abc import Mapping

import django_filters
from django.db.models import F
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from workflow_project.api import AmountField, ChoiceSerializer, IdFilter, validated

from . import services
from .files import FILE_TYPES, document_response
from .history import timeline
from .models import Document, DocumentKind, Dossier, Nominee, NomineeKind, Status
from .search import MAX_LENGTH, search_q
from .selectors import dossier_document, dossier_documents, dossier_events, dossier_get, dossier_list
from .services import EVIDENCE_FIELDS, NOMINEE_FIELDS

FILE_CONTENT_TYPES = sorted({content_type for content_type, _inline in FILE_TYPES.values()})


class UnitCodeSerializer(serializers.Serializer):
    """A unit as the audit trail names it: its code, and its name while it exists."""

    code = serializers.CharField()
    name = serializers.CharField()


class RefSerializer(serializers.Serializer):
    """A related object: its id and its name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class UnitSerializer(RefSerializer):
    code = serializers.CharField()


class CampaignSerializer(RefSerializer):
    year = serializers.IntegerField()


class AwardFormSerializer(RefSerializer):
    code = serializers.CharField()


class NomineeSerializer(RefSerializer):
    kind = serializers.SerializerMethodField()

    def get_kind(self, nominee) -> ChoiceSerializer:
        return {"code": nominee.kind, "label": str(nominee.get_kind_display())}


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "size", "sha256", "uploaded_at"]

    def get_kind(self, document) -> ChoiceSerializer:
        return {"code": document.kind, "label": str(document.get_kind_display())}


class DossierSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()
    unit = UnitSerializer(read_only=True)
    nominee = NomineeSerializer(read_only=True)
    award_form = AwardFormSerializer(read_only=True)
    campaign = CampaignSerializer(read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "reference",
            "status",
            "unit",
            "nominee",
            "award_form",
            "campaign",
            "procedure",
            "return_count",
            "created_at",
            "updated_at",
            "submitted_at",
        ]

    def get_status(self, dossier) -> ChoiceSerializer:
        return {"code": dossier.status, "label": str(dossier.get_status_display())}


class DossierDetailSerializer(DossierSerializer):
    """A dossier with its evidence: the achievements, the figures and the current documents."""

    documents = DocumentSerializer(source="current_documents", many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["summary", *EVIDENCE_FIELDS, "documents"]


class PersonSerializer(serializers.Serializer):
    """Who acted: their username and their name."""

    username = serializers.CharField()
    name = serializers.CharField()


class DocumentItemSerializer(DocumentSerializer):
    """A document among every file of its dossier: who uploaded it, the one that replaced it (none
    for a current one), and where to download it."""

    uploaded_by = serializers.SerializerMethodField()
    replaced_by = serializers.IntegerField(source="superseded_by_id", allow_null=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + ["uploaded_by", "replaced_by", "url"]

    def get_uploaded_by(self, document) -> PersonSerializer:
        user = document.uploaded_by
        return {"username": user.username, "name": user.full_name or user.username}

    def get_url(self, document) -> str:
        return self.context["view"].reverse_action(
            "document", args=[document.dossier_id, document.pk], request=self.context["request"]
        )


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    # Its extension, size, content and emptiness are the service's to check, as for the screens.
    file = serializers.FileField(allow_empty_file=True, use_url=False)


class NomineeInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nominee
        fields = NOMINEE_FIELDS


def amount_field(name: str) -> AmountField:
    """The dossier's amount ``name``, read as the screens read it."""
    return AmountField(
        required=False,
        allow_null=True,
        label=capfirst(Dossier._meta.get_field(name).verbose_name),
        help_text=_(
            "In đồng: a whole number (50000000), or a string written 50.000.000, 50 000 000 or 50000000. "
            "Anything that could be read two ways (50.000000, 50,5), a negative or a fraction is refused."
        ),
    )


class DossierUpdateSerializer(serializers.ModelSerializer):
    """What the submitter may change of a draft or returned dossier: its award form, procedure,
    achievements, evidence and nominee. Only the fields given change."""

    award_form = serializers.IntegerField(help_text=_("The award form's id; the campaign must offer it."))
    nominee = NomineeInputSerializer()
    support_amount = amount_field("support_amount")
    income_per_capita_2019 = amount_field("income_per_capita_2019")
    income_per_capita_now = amount_field("income_per_capita_now")

    class Meta:
        model = Dossier
        fields = ["award_form", "procedure", "summary", *EVIDENCE_FIELDS, "nominee"]


class DossierCreateSerializer(DossierUpdateSerializer):
    """A new draft of one of the submitter's communes or wards, for a campaign; its nominee, unless
    it follows one of the unit's registrations, which names the nominee."""

    campaign = serializers.IntegerField(help_text=_("The campaign's id."))
    unit = serializers.IntegerField(help_text=_("The proposing unit's id: a commune or ward of yours."))
    registration = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The id of the unit's registration the dossier follows.")
    )
    nominee = NomineeInputSerializer(required=False)

    class Meta(DossierUpdateSerializer.Meta):
        fields = ["campaign", "unit", "registration", *DossierUpdateSerializer.Meta.fields]

    def to_internal_value(self, data):
        # The nominee is named with the other missing fields, not once they are given.
        try:
            value, found = super().to_internal_value(data), {}
        except serializers.ValidationError as exc:
            value, found = None, exc.detail
        if isinstance(data, Mapping) and data.get("registration") is None and data.get("nominee") is None:
            found = {**found, "nominee": [serializers.ErrorDetail(_("This field is required."), code="required")]}
        if found:
            raise serializers.ValidationError(found)
        return value


class EventSerializer(serializers.Serializer):
    """One event of the dossier's history: when, who, in which role and unit, what, and why."""

    id = serializers.IntegerField(source="event.pk")
    seq = serializers.IntegerField(source="event.seq")
    at = serializers.DateTimeField(source="event.occurred_at")
    action = serializers.CharField(source="event.action")
    label = serializers.CharField()
    actor = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    comment = serializers.CharField(source="event.comment")
    before = serializers.JSONField(source="event.before")
    after = serializers.JSONField(source="event.after")

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_actor(self, row):
        username = row["event"].actor_username
        return {"username": username, "name": row["actor"]} if username else None

    @extend_schema_field(ChoiceSerializer(allow_null=True))
    def get_role(self, row):
        code = row["event"].role
        return {"code": code, "label": row["role"]} if code else None

    @extend_schema_field(UnitCodeSerializer(allow_null=True))
    def get_unit(self, row):
        code = row["event"].unit
        return {"code": code, "name": row["unit"]} if code else None


class FileNegotiation(DefaultContentNegotiation):
    """A file is answered whatever the client says it accepts; a refusal, in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            return renderers[0], renderers[0].media_type


class NullsLastOrdering(django_filters.OrderingFilter):
    """Ordering by a date some dossiers lack (a draft has no due date): those last, on every database."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            name = self.get_ordering_value(param)
            field = F(name.lstrip("-"))
            ordering.append(field.desc(nulls_last=True) if name.startswith("-") else field.asc(nulls_last=True))
        return qs.order_by(*ordering, "-pk")


class DossierFilter(django_filters.FilterSet):
    ORDERING = (("created_at", "created_at"), ("submitted_at", "submitted_at"))

    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_LENGTH,
        label=_(
            "A dossier's reference (HS-2026-00013, 2026-13 or 13), or words of its nominee's or proposing "
            "unit's name, each found whatever its accents and case (Sung A Pao finds Sùng A Pao)."
        ),
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    nominee_kind = django_filters.MultipleChoiceFilter(
        field_name="nominee__kind", choices=NomineeKind.choices, label=_("nominee's kind")
    )
    # By id: within the user's scope already, so a filter tells nothing of other units.
    unit = IdFilter(field_name="unit", label=_("proposing unit"))
    campaign = IdFilter(field_name="campaign", label=_("campaign"))
    award_form = IdFilter(field_name="award_form", label=_("award form"))
    ordering = NullsLastOrdering(fields=ORDERING, label=_("ordering"))

    class Meta:
        model = Dossier
        fields = ["search", "status", "unit", "campaign", "award_form", "nominee_kind"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_q(value))


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """The dossiers the user may read, in the units where they hold a role; any other answers 404.
    A commune's or ward's submitter creates drafts, edits them while draft or returned, and adds
    their documents."""

    filterset_class = DossierFilter
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = "[0-9]+"
    parser_classes = [JSONParser]
    # A dossier is edited field by field: PATCH, never PUT.
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_classes = {
        "list": DossierSerializer,
        "retrieve": DossierDetailSerializer,
        "create": DossierCreateSerializer,
        "partial_update": DossierUpdateSerializer,
        "documents": DocumentItemSerializer,
        "history": EventSerializer,
    }

    def get_queryset(self):
        return dossier_list(user=self.request.user)

    def read(self, dossier_id: int) -> Dossier:
        """One dossier, through the scoping selector (404 outside the user's units)."""
        return dossier_get(user=self.request.user, dossier_id=dossier_id)

    def get_object(self):
        return self.read(self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "documents" and self.request.method == "POST":
            return DocumentUploadSerializer
        return self.serializer_classes.get(self.action, DossierSerializer)

    def detail_response(self, dossier_id: int, status_code: int = status.HTTP_200_OK, **kwargs) -> Response:
        """The dossier as its detail shows it (the ``retrieve`` serializer), read again through the
        scoping selector."""
        dossier = self.read(dossier_id)
        body = self.serializer_classes["retrieve"](dossier, context=self.get_serializer_context()).data
        return Response(body, status=status_code, **kwargs)

    @extend_schema(
        request=DossierCreateSerializer,
        responses={201: DossierDetailSerializer},
        description="Create a draft dossier of one of your communes or wards (a submitter's). "
        "Another unit answers 404, as one that does not exist.",
    )
    def create(self, request, *args, **kwargs):
        data = validated(self.get_serializer(data=request.data))
        evidence = {name: data[name] for name in EVIDENCE_FIELDS if name in data}
        optional = {name: data[name] for name in ("procedure", "summary") if name in data}
        dossier = services.dossier_create(
            actor=request.user,
            campaign_id=data["campaign"],
            unit_id=data["unit"],
            award_form_id=data["award_form"],
            nominee=dict(data["nominee"]) if "nominee" in data else None,
            evidence=evidence,
            registration_id=data.get("registration"),
            **optional,
        )
        location = self.reverse_action("detail", args=[dossier.pk])
        return self.detail_response(dossier.pk, status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        request=DossierUpdateSerializer,
        responses={200: DossierDetailSerializer},
        description="Edit a draft or returned dossier of your unit (a submitter's): only the fields given change.",
    )
    def partial_update(self, request, *args, **kwargs):
        dossier = self.get_object()
        data = dict(validated(self.get_serializer(data=request.data, partial=True)))
        nominee = dict(data.pop("nominee", {}))
        services.dossier_update(dossier_id=dossier.pk, actor=request.user, fields=data, nominee=nominee)
        return self.detail_response(dossier.pk)

    @extend_schema(
        methods=["GET"],
        responses={200: DocumentItemSerializer(many=True)},
        description="Every file of the dossier, the replaced ones too, by kind and then oldest first.",
    )
    @extend_schema(
        methods=["POST"],
        request=DocumentUploadSerializer,
        responses={201: DocumentItemSerializer},
        description="Attach a file (PDF, DOCX, XLSX, JPEG or PNG) to a draft or returned dossier of your "
        "unit; it replaces the current file of its kind.",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], filter_backends=[])
    def documents(self, request, pk=None):
        dossier = self.get_object()
        if request.method == "POST":
            data = validated(self.get_serializer(data=request.data))
            document = services.document_add(
                dossier_id=dossier.pk, actor=request.user, kind=data["kind"], upload=data["file"]
            )
            body = DocumentItemSerializer(document, context=self.get_serializer_context()).data
            return Response(body, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(dossier_documents(dossier))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="dossiers_documents_download",
        parameters=[OpenApiParameter("document_id", int, OpenApiParameter.PATH, description=_("The document's id."))],
        responses={
            **{(200, content_type): OpenApiResponse(OpenApiTypes.BINARY) for content_type in FILE_CONTENT_TYPES},
        },
        description="The document's file itself, current or replaced, to whoever may read its dossier.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)",
        url_name="document",
        filter_backends=[],
        content_negotiation_class=FileNegotiation,
    )
    def document(self, request, pk=None, document_id=None):
        return document_response(dossier_document(self.get_object(), int(document_id)))

    @extend_schema(
        responses={200: EventSerializer(many=True)},
        description="The dossier's audit events, oldest first.",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        page = self.paginate_queryset(dossier_events(self.get_object()))
        return self.get_paginated_response(self.get_serializer(timeline(page), many=True).data)
