"""The catalogue of awards: the procedures, the kinds of document a dossier holds, the award
forms with their council rules, and the documents each requires."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from roles.models import Unit, UnitKind
from roles.selectors import handling_unit

from .nominees import NomineeKind

# A quorum or a threshold of 0% would let a council decide with nobody present or nobody in favour.
PERCENT_MESSAGE = _("Enter a percentage greater than 0 and at most 100.")
PERCENT = [
    MinValueValidator(Decimal("0.01"), message=PERCENT_MESSAGE),
    MaxValueValidator(Decimal(100), message=PERCENT_MESSAGE),
]


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary procedure")
    SIMPLIFIED = "simplified", _("Simplified procedure")


class DocumentKind(models.TextChoices):
    PROPOSAL_LETTER = "proposal_letter", _("Proposal letter (tờ trình)")
    COUNCIL_MINUTES = "council_minutes", _("Minutes of the proposing council's meeting")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    ACHIEVEMENT_SUMMARY = "achievement_summary", _("Short achievement summary")
    SUMMARY_LIST = "summary_list", _("Summary list of nominees")
    OTHER = "other", _("Other document")


class ThresholdBasis(models.TextChoices):
    ALL_MEMBERS = "all_members", _("of all council members")
    PRESENT = "present", _("of the members present")


# The levels whose People's Committee signs awards: never an office, a village or a residential group.
AWARDING_KINDS = (UnitKind.PROVINCE, UnitKind.TOWN, UnitKind.COMMUNE, UnitKind.WARD)


class AwardForm(models.Model):
    """A form of award (Giấy khen, Bằng khen, Cờ thi đua), who grants it and when, and its council rules.

    Whether an award is granted where a dossier is handled or proposed to the level above follows
    from the awarding body (``is_local_for``), so that a reorganisation of local government is a
    change of configuration.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    awarding_body = models.ForeignKey(
        Unit,
        verbose_name=_("awarding body"),
        on_delete=models.PROTECT,
        related_name="award_forms",
        help_text=_("The unit whose head signs this award."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    quorum_percent = models.DecimalField(
        _("council quorum (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
        help_text=_("The share of all council members who must be present for the council to decide."),
    )
    vote_threshold_percent = models.DecimalField(
        _("votes needed (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
        help_text=_("The share of council members, counted as the basis below says, who must vote in favour."),
    )
    threshold_basis = models.CharField(
        _("votes needed, counted"),
        max_length=20,
        choices=ThresholdBasis.choices,
        default=ThresholdBasis.ALL_MEMBERS,
    )
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=True,
        help_text=_(
            "A secret ballot records only the totals, never who voted how; an open ballot records each "
            "present member's vote."
        ),
    )

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="award_form_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gt=0, quorum_percent__lte=100),
                name="award_form_quorum_percent",
            ),
            models.CheckConstraint(
                condition=Q(vote_threshold_percent__gt=0, vote_threshold_percent__lte=100),
                name="award_form_vote_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity cannot be before its start.")
        if self.awarding_body_id and self.awarding_body.kind not in AWARDING_KINDS:
            errors["awarding_body"] = _(
                "The awarding body must be a province, town, commune or ward, whose People's Committee "
                "signs the award, not a unit of kind %(kind)s."
            ) % {"kind": self.awarding_body.get_kind_display()}
        if self.pk and self.valid_from and not errors:
            outside = [c for c in self.campaigns.all() if not self.is_valid_during(c.year)]
            if outside:
                errors["valid_until" if self.valid_until else "valid_from"] = _(
                    "The campaigns %(campaigns)s offer this award form: its validity must cover part of their year."
                ) % {"campaigns": ", ".join(f"{c} ({c.year})" for c in outside)}
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def is_valid_during(self, year: int) -> bool:
        """Whether the award form is valid on at least one day of ``year``."""
        return self.valid_from.year <= year and (self.valid_until is None or year <= self.valid_until.year)

    def validity_display(self) -> str:
        if self.valid_until is None:
            return _("from %(from)s") % {"from": self.valid_from.strftime("%d/%m/%Y")}
        return _("from %(from)s to %(until)s") % {
            "from": self.valid_from.strftime("%d/%m/%Y"),
            "until": self.valid_until.strftime("%d/%m/%Y"),
        }

    def is_local_for(self, unit: Unit) -> bool:
        """Whether the award is granted where the dossiers of ``unit`` are handled: when its awarding
        body is the unit whose council and chairman handle them (``roles.selectors.handling_unit``).
        Otherwise the council proposes it to the level above."""
        return self.awarding_body_id == getattr(handling_unit(unit), "pk", None)

    def required_for(self, procedure: str, nominee_kind: str) -> list[RequiredDocument]:
        return [
            req for req in self.required_documents.all() if req.procedure == procedure and req.applies_to(nominee_kind)
        ]


class RequiredDocument(models.Model):
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.CASCADE, related_name="required_documents"
    )
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    nominee_kinds = models.JSONField(
        _("for nominee kinds"),
        default=list,
        blank=True,
        help_text=_("Empty: required for every kind of nominee."),
    )
    copies = models.PositiveSmallIntegerField(_("paper sets"), default=2)
    certified_by_superior = models.BooleanField(_("certified by the direct superior"), default=False)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["award_form", "procedure", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["award_form", "procedure", "kind"], name="required_document_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        unknown = set(self.nominee_kinds or []) - set(NomineeKind.values)
        if unknown:
            raise ValidationError(
                {"nominee_kinds": _("Unknown nominee kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}}
            )

    def applies_to(self, nominee_kind: str) -> bool:
        return not self.nominee_kinds or nominee_kind in self.nominee_kinds
