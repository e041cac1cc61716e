"""The dossiers' JSON API: lists and details, read through the one scoping selector."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from workflow_project.api import ChoiceSerializer

from .models import Document, Dossier, NomineeKind, Status
from .selectors import dossier_get, dossier_list
from .services import EVIDENCE_FIELDS


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


class IdFilter(django_filters.Filter):
    """An object named by its id: a whole number a database id can be (anything else answers 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class DossierFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    nominee_kind = django_filters.MultipleChoiceFilter(
        field_name="nominee__kind", choices=NomineeKind.choices, label=_("nominee's kind")
    )
    # By id: within the user's scope already, so a filter tells nothing of other units.
    unit = IdFilter(field_name="unit", label=_("proposing unit"))
    campaign = IdFilter(field_name="campaign", label=_("campaign"))
    award_form = IdFilter(field_name="award_form", label=_("award form"))

    class Meta:
        model = Dossier
        fields = ["status", "unit", "campaign", "award_form", "nominee_kind"]


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """The dossiers the user may read, in the units where they hold a role; any other answers 404."""

    filterset_class = DossierFilter
    ordering_fields = ["created_at", "submitted_at"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return dossier_list(user=self.request.user)

    def get_object(self):
        return dossier_get(user=self.request.user, dossier_id=self.kwargs["pk"])

    def get_serializer_class(self):
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer
