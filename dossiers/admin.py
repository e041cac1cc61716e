"""Configuration only. Dossiers, their records and the trail are read through the scoped screens."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedModelAdmin
from workflow_project.forms import AmountField
from workflow_project.numbers import AMOUNT_INVALID, amount_parse, grouped

from .models import AwardBonus, AwardForm, BaseSalary, Campaign, Criterion, RequiredDocument, Rule


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


CRITERION_FIELDS = ["nominee_kinds", "alternative", "rule", "field", "other_field", "threshold", "description"]


class CriterionForm(forms.ModelForm):
    """A criterion, its threshold read as its rule reads it: a minimum amount as every amount in
    đồng is typed (50.000.000, 50 000 000 or 50000000; ambiguous ones refused), any other as a
    number (3, 1.5)."""

    threshold = forms.CharField(
        label=Criterion._meta.get_field("threshold").verbose_name,
        required=False,
        help_text=_("An amount in đồng as 50.000.000 or 50000000; a count, a ratio or a percentage as 3 or 1.5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 14}),
    )

    class Meta:
        model = Criterion
        fields = CRITERION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As text, as it is typed: so that a criterion left alone is not taken as changed.
        threshold = self.instance.threshold
        if threshold is not None:
            self.initial["threshold"] = (
                grouped(int(threshold)) if self.instance.rule == Rule.MIN_AMOUNT else str(threshold)
            )

    def clean(self):
        data = super().clean()
        text = (data.get("threshold") or "").strip()
        if not text:
            data["threshold"] = None
        elif data.get("rule") == Rule.MIN_AMOUNT:
            try:
                data["threshold"] = Decimal(amount_parse(text))
            except ValueError:
                self.add_error("threshold", ValidationError(AMOUNT_INVALID, code="invalid"))
        else:
            try:
                data["threshold"] = forms.DecimalField().clean(text)
            except ValidationError as exc:
                self.add_error("threshold", exc)
        return data

    def add_error(self, field, error):
        # Once the threshold typed could not be read, the model's check that there is one would
        # only say that it is missing.
        if field is None and hasattr(error, "error_dict") and "threshold" in self._errors:
            error = ValidationError({name: found for name, found in error.error_dict.items() if name != "threshold"})
            if not error.error_dict:
                return
        super().add_error(field, error)


class CriterionInline(admin.TabularInline):
    """The award form's standard, criterion by criterion (see ``Criterion``)."""

    model = Criterion
    form = CriterionForm
    extra = 0
    fields = CRITERION_FIELDS


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


class BaseSalaryForm(forms.ModelForm):
    """The amount typed as every amount in đồng is (2.340.000 or 2340000)."""

    amount = AmountField(label=BaseSalary._meta.get_field("amount").verbose_name, min_value=1)

    class Meta:
        model = BaseSalary
        fields = ["amount", "valid_from", "legal_basis"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedModelAdmin):
    form = BaseSalaryForm
    list_display = ["valid_from", "amount", "legal_basis"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardBonus)
class AwardBonusAdmin(AuditedModelAdmin):
    list_display = ["award_form", "valid_from", "individual_coefficient", "collective_coefficient", "legal_basis"]
    list_filter = ["award_form"]

    def has_delete_permission(self, request, obj=None):
        return False
