"""Configuration only. Dossiers, their records and the trail are read through the scoped screens."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.admin import AuditedModelAdmin

from .models import AwardForm, Campaign, Criterion, RequiredDocument


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class CriterionInline(admin.TabularInline):
    """The award form's standard, criterion by criterion (see ``Criterion``)."""

    model = Criterion
    extra = 0
    fields = ["nominee_kinds", "alternative", "rule", "field", "other_field", "threshold", "description"]


@admin.register(AwardForm)
class AwardFormAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "code",
        "awarding_body",
        "valid_from",
        "valid_until",
        "quorum_percent",
        "vote_threshold_percent",
        "threshold_basis",
        "secret_ballot",
    ]
    search_fields = ["name", "code"]
    inlines = [RequiredDocumentInline, CriterionInline]

    def has_delete_permission(self, request, obj=None):
        return False


class CampaignForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        # The award forms are saved after the campaign: check them against its year here.
        if data.get("year") and data.get("award_forms") is not None:
            try:
                Campaign(year=data["year"]).check_award_forms(data["award_forms"])
            except ValidationError as exc:
                self.add_error("award_forms", exc)
        return data


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    form = CampaignForm
    list_display = ["name", "year", "launched_by", "registration_deadline", "dossier_deadline", "compile_deadline"]
    list_filter = ["year"]
    search_fields = ["name"]
    filter_horizontal = ["award_forms"]

    def has_delete_permission(self, request, obj=None):
        return False
