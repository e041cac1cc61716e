"""An award form's standard: its criteria, typed rules over a dossier's evidence or the reviewer's
judgement, and each dossier's recorded evaluation against them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow_project.numbers import decimal_text, dong

from .catalogue import AwardForm
from .dossier import Dossier
from .nominees import NomineeKind

# The evidence fields of a dossier by the kind of value each holds, which decides the rules that
# may read it.
AMOUNT_FIELDS = ("support_amount", "income_per_capita_2019", "income_per_capita_now")
COUNT_FIELDS = ("households_helped", "poverty_reduction_target", "poverty_reduction_achieved")
LIST_FIELDS = ("on_2019_poor_list",)
ATTESTATION_FIELDS = (
    "party_clean_strong",
    "funds_settled_on_time",
    "living_conditions_improved",
    "infrastructure_to_standard",
    "complies_with_policy",
    "village_agrees",
)
EVIDENCE_CHOICES = [
    (name, Dossier._meta.get_field(name).verbose_name)
    for name in (*AMOUNT_FIELDS, *COUNT_FIELDS, *LIST_FIELDS, *ATTESTATION_FIELDS)
]


class Rule(models.TextChoices):
    MIN_AMOUNT = "min_amount", _("Minimum amount in đồng")
    MIN_COUNT = "min_count", _("Minimum count")
    MIN_RATIO = "min_ratio", _("Minimum ratio of one field to another")
    OVER_TARGET = "over_target", _("Percentage over a target")
    ATTESTATION = "attestation", _("Required attestation")
    ON_LIST = "on_list", _("On a list")
    JUDGEMENT = "judgement", _("Reviewer's judgement")


# The evidence each rule reads, and what that is in words.
RULE_FIELDS = {
    Rule.MIN_AMOUNT: (AMOUNT_FIELDS, _("an amount in đồng")),
    Rule.MIN_COUNT: (COUNT_FIELDS, _("a count")),
    Rule.MIN_RATIO: (AMOUNT_FIELDS + COUNT_FIELDS, _("a number")),
    Rule.OVER_TARGET: (COUNT_FIELDS, _("a count")),
    Rule.ATTESTATION: (ATTESTATION_FIELDS, _("an attestation")),
    Rule.ON_LIST: (LIST_FIELDS, _("a list membership")),
    Rule.JUDGEMENT: ((), ""),
}
TWO_FIELD_RULES = frozenset({Rule.MIN_RATIO, Rule.OVER_TARGET})
THRESHOLD_RULES = frozenset({Rule.MIN_AMOUNT, Rule.MIN_COUNT, Rule.MIN_RATIO, Rule.OVER_TARGET})


class Criterion(models.Model):
    """One criterion of an award form's standard: a typed rule over a dossier's evidence, or the
    reviewer's judgement.

    The standard a dossier must meet is the criteria of its award form that apply to its
    nominee's kind (``nominee_kinds``; empty: every kind). They are grouped into numbered
    alternatives: the standard is met when every criterion of at least one alternative is met
    ("all of" within an alternative, "any of" between them). An individual's "50.000.000 đồng or 5
    households helped" is two alternatives of one criterion each; a commune's five items are one
    alternative of five criteria. A kind with no criterion has no standard to check.

    Criteria are in force with their award form (its validity dates); a dossier's recorded
    evaluation (``CriteriaEvaluation``) keeps them as the reviewer saw them.
    """

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.CASCADE, related_name="criteria"
    )
    nominee_kinds = models.JSONField(
        _("for nominee kinds"), default=list, blank=True, help_text=_("Empty: for every kind of nominee.")
    )
    alternative = models.PositiveSmallIntegerField(
        _("alternative"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Criteria with the same number must all be met; the standard is met when one alternative is."),
    )
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    field = models.CharField(
        _("evidence"),
        max_length=40,
        choices=EVIDENCE_CHOICES,
        blank=True,
        error_messages={"invalid_choice": _("There is no evidence field “%(value)s”.")},
    )
    other_field = models.CharField(
        _("compared with"),
        max_length=40,
        choices=EVIDENCE_CHOICES,
        blank=True,
        error_messages={"invalid_choice": _("There is no evidence field “%(value)s”.")},
        help_text=_("A ratio's divisor; the target a percentage is over."),
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("An amount in đồng, a count, a ratio or a percentage, as the rule reads."),
    )
    description = models.CharField(
        _("wording of the standard"),
        max_length=500,
        blank=True,
        help_text=_("As the plan words it; required for a reviewer's judgement."),
    )

    class Meta:
        verbose_name = _("award standard criterion")
        verbose_name_plural = _("award standard criteria")
        ordering = ["award_form", "alternative", "pk"]

    def __str__(self) -> str:
        return self.description or self.rule_text()

    def clean(self) -> None:
        errors = {}
        unknown = set(self.nominee_kinds or []) - set(NomineeKind.values)
        if unknown:
            errors["nominee_kinds"] = _("Unknown nominee kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        if self.rule in RULE_FIELDS:
            errors.update(self._field_errors())
            errors.update(self._threshold_errors())
        if errors:
            raise ValidationError(errors)

    def _field_errors(self) -> dict:
        accepted, kind = RULE_FIELDS[self.rule]
        rule = self.get_rule_display()
        if {self.field, self.other_field} - {"", *dict(EVIDENCE_CHOICES)}:
            return {}  # refused as no such field
        if self.rule == Rule.JUDGEMENT:
            errors = {}
            if self.field or self.other_field:
                errors["field"] = _("A reviewer's judgement reads no evidence: leave the fields empty.")
            if not self.description:
                errors["description"] = _("Say what the reviewer judges.")
            return errors
        if not self.field:
            return {"field": _("Choose the evidence the rule “%(rule)s” reads.") % {"rule": rule}}
        wrong = _("The rule “%(rule)s” reads %(kind)s; “%(field)s” is not one.")
        if self.field not in accepted:
            return {"field": wrong % {"rule": rule, "kind": kind, "field": self.get_field_display()}}
        if self.rule not in TWO_FIELD_RULES:
            if self.other_field:
                return {"other_field": _("Only a ratio or a percentage over a target compares two fields.")}
            return {}
        if not self.other_field:
            if self.rule == Rule.MIN_RATIO:
                return {"other_field": _("A ratio needs the field it divides by.")}
            return {"other_field": _("A percentage over a target needs the target's field.")}
        if self.other_field not in accepted:
            return {"other_field": wrong % {"rule": rule, "kind": kind, "field": self.get_other_field_display()}}
        if self.other_field == self.field:
            return {"other_field": _("A field cannot be compared with itself.")}
        return {}

    def _threshold_errors(self) -> dict:
        value = self.threshold
        if self.rule not in THRESHOLD_RULES:
            return {"threshold": _("This rule takes no threshold: leave it empty.")} if value is not None else {}
        if value is None:
            return {"threshold": _("The rule “%(rule)s” needs a threshold.") % {"rule": self.get_rule_display()}}
        if value < 0:
            return {"threshold": _("A threshold cannot be negative.")}
        if self.rule in {Rule.MIN_AMOUNT, Rule.MIN_COUNT} and value != value.to_integral_value():
            return {"threshold": _("An amount in đồng or a count is a whole number.")}
        if self.rule == Rule.MIN_RATIO and value == 0:
            return {"threshold": _("A minimum ratio of 0 is always met: give a ratio above 0.")}
        if self.rule == Rule.OVER_TARGET and value > 100:
            return {
                "threshold": _(
                    "A percentage over the target lies between 0 and 100; for a multiple of the target, "
                    "use a minimum ratio."
                )
            }
        return {}

    def applies_to(self, nominee_kind: str) -> bool:
        return not self.nominee_kinds or nominee_kind in self.nominee_kinds

    def rule_text(self) -> str:
        """The rule in words: "gifts and in-kind support (đồng) ≥ 50.000.000 đồng"."""
        field, other = self.get_field_display(), self.get_other_field_display()
        if self.rule == Rule.MIN_AMOUNT:
            return f"{field} ≥ {dong(int(self.threshold))}"
        if self.rule == Rule.MIN_COUNT:
            return f"{field} ≥ {decimal_text(self.threshold)}"
        if self.rule == Rule.MIN_RATIO:
            return f"{field} / {other} ≥ {decimal_text(self.threshold)}"
        if self.rule == Rule.OVER_TARGET:
            return _("%(field)s over %(target)s by at least %(percent)s%%") % {
                "field": field,
                "target": other,
                "percent": decimal_text(self.threshold),
            }
        if self.rule == Rule.ATTESTATION:
            return _("attested: %(field)s") % {"field": field}
        if self.rule == Rule.ON_LIST:
            return str(field)
        return self.description


class Result(models.TextChoices):
    """A criterion's result, and a standard's: met if one alternative has all its criteria met."""

    NOT_MET = "not_met", _("Not met")
    MISSING = "missing", _("Evidence missing")
    JUDGEMENT = "judgement", _("For the reviewer to judge")
    MET = "met", _("Met")


class CriteriaEvaluation(models.Model):
    """The evaluation of a dossier against its award standard as the reviewer saw it when they
    appraised the dossier, and their judgement. Written once, never changed: later changes to the
    award form's criteria leave it as it was."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="criteria_evaluations"
    )
    action = models.CharField(_("appraisal's outcome"), max_length=40)
    # Empty where the award form sets no standard for the nominee's kind (a dossier judged ready).
    computed = models.CharField(_("computed result"), max_length=20, choices=Result.choices, blank=True)
    standard_met = models.BooleanField(_("the reviewer judged the standard met"))
    criteria = models.JSONField(_("criteria as evaluated"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("criteria evaluation")
        verbose_name_plural = _("criteria evaluations")
        ordering = ["dossier", "-recorded_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_computed_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A recorded criteria evaluation is never changed.")
        super().save(*args, **kwargs)
