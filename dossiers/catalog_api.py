"""The catalogue's JSON API: the campaigns and award forms a user may use, read through
``dossiers.selectors`` (``CatalogScope``): a submitter's are those their units may be proposed for,
a reader's those launched or granted over or within the units they read."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from roles.models import UnitKind
from workflow_project.api import ChoiceSerializer, IdFilter

from .api import AwardFormSerializer, UnitSerializer
from .models import AwardForm, Campaign, NomineeKind, Procedure
from .selectors import award_form_get, award_form_list, campaign_get, campaign_list


def choice(value, choices) -> dict:
    return {"code": value, "label": str(choices(value).label)}


class CampaignDetailSerializer(serializers.ModelSerializer):
    launched_by = UnitSerializer(read_only=True)
    accepts_dossiers = serializers.SerializerMethodField(help_text="Whether the dossier deadline has not passed.")
    award_forms = AwardFormSerializer(
        source="usable_award_forms", many=True, read_only=True, help_text="The award forms it offers the user."
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "year",
            "legal_basis",
            "launched_by",
            "accepts_dossiers",
            "registration_deadline",
            "registration_compile_deadline",
            "plan_deadline",
            "dossier_deadline",
            "compile_deadline",
            "report_day",
            "midyear_report_deadline",
            "yearend_report_deadline",
            "returns_allowed",
            "appraisal_days",
            "council_days",
            "decision_days",
            "province_days",
            "reminder_days",
            "escalation_days",
            "award_forms",
        ]

    def get_accepts_dossiers(self, campaign) -> bool:
        return campaign.accepts_dossiers_on(timezone.localdate())


class AwardingBodySerializer(UnitSerializer):
    kind = serializers.SerializerMethodField()

    def get_kind(self, unit) -> ChoiceSerializer:
        return choice(unit.kind, UnitKind)


class RequiredDocumentSerializer(serializers.Serializer):
    procedure = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()
    nominee_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NomineeKind.choices), help_text="Empty: every kind of nominee."
    )
    copies = serializers.IntegerField(help_text="Paper sets.")
    certified_by_superior = serializers.BooleanField()

    def get_procedure(self, required) -> ChoiceSerializer:
        return choice(required.procedure, Procedure)

    def get_kind(self, required) -> ChoiceSerializer:
        return {"code": required.kind, "label": str(required.get_kind_display())}


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nominee_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NomineeKind.choices), help_text="Empty: every kind of nominee."
    )
    alternative = serializers.IntegerField(
        help_text="Criteria with the same number must all be met; the standard is met when one alternative is."
    )
    rule = serializers.SerializerMethodField()
    field = serializers.CharField(help_text="The evidence field of the dossier the rule reads.")
    other_field = serializers.CharField(help_text="A ratio's divisor; the target a percentage is over.")
    threshold = serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True)
    description = serializers.CharField()
    rule_text = serializers.CharField(help_text="The rule in words.")

    def get_rule(self, criterion) -> ChoiceSerializer:
        return {"code": criterion.rule, "label": str(criterion.get_rule_display())}


class AwardFormDetailSerializer(serializers.ModelSerializer):
    awarding_body = AwardingBodySerializer(read_only=True)
    level = serializers.SerializerMethodField(help_text="The kind of the awarding body: province, town, commune…")
    threshold_basis = serializers.SerializerMethodField()
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = AwardForm
        fields = [
            "id",
            "code",
            "name",
            "awarding_body",
            "level",
            "valid_from",
            "valid_until",
            "quorum_percent",
            "vote_threshold_percent",
            "threshold_basis",
            "secret_ballot",
            "required_documents",
            "criteria",
        ]

    def get_level(self, award_form) -> ChoiceSerializer:
        return choice(award_form.awarding_body.kind, UnitKind)

    def get_threshold_basis(self, award_form) -> ChoiceSerializer:
        return {"code": award_form.threshold_basis, "label": str(award_form.get_threshold_basis_display())}


class CampaignFilter(django_filters.FilterSet):
    year = IdFilter(field_name="year", label=_("year"))
    accepts_dossiers = django_filters.BooleanFilter(
        method="filter_accepts_dossiers", label=_("still accepting dossiers")
    )
    # By id: among the user's campaigns already, so a filter tells nothing of other units.
    award_form = IdFilter(field_name="award_forms", label=_("award form"), distinct=True)

    class Meta:
        model = Campaign
        fields = ["year", "accepts_dossiers", "award_form"]

    def filter_accepts_dossiers(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(dossier_deadline__gte=today) if value else queryset.filter(dossier_deadline__lt=today)


class AwardFormFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaigns", label=_("campaign"), distinct=True)
    level = django_filters.ChoiceFilter(field_name="awarding_body__kind", choices=UnitKind.choices, label=_("level"))
    awarding_body = IdFilter(field_name="awarding_body", label=_("awarding body"))

    class Meta:
        model = AwardForm
        fields = ["campaign", "level", "awarding_body"]


@extend_schema_view(
    list=extend_schema(responses=CampaignDetailSerializer(many=True)),
    retrieve=extend_schema(responses=CampaignDetailSerializer),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """The campaigns the user may use, newest first, with their deadlines, processing limits and the
    award forms each offers them. A commune's submitter sees the campaigns launched above their
    units that still accept dossiers; every other role the campaigns launched above or within the
    units it reads. Any other campaign answers 404."""

    serializer_class = CampaignDetailSerializer
    filterset_class = CampaignFilter
    ordering_fields = ["year", "dossier_deadline"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return campaign_list(user=self.request.user)

    def get_object(self):
        return campaign_get(user=self.request.user, campaign_id=self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(responses=AwardFormDetailSerializer(many=True)),
    retrieve=extend_schema(responses=AwardFormDetailSerializer),
)
class AwardFormViewSet(viewsets.ReadOnlyModelViewSet):
    """The award forms in force the user may use, offered by their campaigns: who grants each, the
    documents required for each procedure and nominee kind, the criteria of its standard and the
    council's rules. Any other award form answers 404."""

    serializer_class = AwardFormDetailSerializer
    filterset_class = AwardFormFilter
    ordering_fields = ["name", "code"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return award_form_list(user=self.request.user)

    def get_object(self):
        return award_form_get(user=self.request.user, award_form_id=self.kwargs["pk"])
