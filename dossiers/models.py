from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from roles.models import Role, Unit, UnitKind
from roles.selectors import acting_unit, handling_unit, heads_of_office_over, units_held
from workflow_project.numbers import decimal_text, dong

# A quorum or a threshold of 0% would let a council decide with nobody present or nobody in favour.
PERCENT_MESSAGE = _("Enter a percentage greater than 0 and at most 100.")
PERCENT = [
    MinValueValidator(Decimal("0.01"), message=PERCENT_MESSAGE),
    MaxValueValidator(Decimal(100), message=PERCENT_MESSAGE),
]


class NomineeKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise or production unit")
    AGENCY = "agency", _("Agency or unit")
    COMMUNE = "commune", _("Commune or ward")
    VILLAGE = "village", _("Village or residential group")
    INDIVIDUAL = "individual", _("Individual")
    OFFICIAL = "official", _("Official")
    HOUSEHOLD = "household", _("Household")
    POOR_HOUSEHOLD = "poor_household", _("Poor household")


COLLECTIVE_KINDS = frozenset(
    {NomineeKind.ENTERPRISE, NomineeKind.AGENCY, NomineeKind.COMMUNE, NomineeKind.VILLAGE}
)


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
            req
            for req in self.required_documents.all()
            if req.procedure == procedure and req.applies_to(nominee_kind)
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
            models.UniqueConstraint(
                fields=["award_form", "procedure", "kind"], name="required_document_unique"
            ),
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


class Campaign(models.Model):
    """An emulation movement (phong trào thi đua) of one year, with every deadline as data."""

    name = models.CharField(_("name"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("launched by"), on_delete=models.PROTECT, related_name="campaigns"
    )
    award_forms = models.ManyToManyField(AwardForm, verbose_name=_("award forms"), related_name="campaigns")
    registration_deadline = models.DateField(_("registration deadline (units → labour office)"))
    registration_compile_deadline = models.DateField(_("registrations compiled (labour office → home affairs)"))
    plan_deadline = models.DateField(_("communes' plans due"))
    dossier_deadline = models.DateField(_("dossiers due at the labour office"))
    compile_deadline = models.DateField(_("dossiers compiled and submitted (labour office → town)"))
    report_day = models.PositiveSmallIntegerField(
        _("quarterly report day"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the last month of each quarter on which units report."),
    )
    midyear_report_deadline = models.DateField(_("mid-year compiled report due"), null=True, blank=True)
    yearend_report_deadline = models.DateField(_("year-end compiled report due"), null=True, blank=True)
    returns_allowed = models.PositiveSmallIntegerField(
        _("returns for supplement allowed"),
        default=1,
        help_text=_("How many times the labour office may return one dossier to its commune for supplement."),
    )
    # Processing limits in working days (``workdays.working_days``), counted from the day a step's
    # task opens; the commune's own steps are due by ``dossier_deadline`` instead.
    appraisal_days = models.PositiveSmallIntegerField(
        _("appraisal limit (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the labour office to appraise a complete dossier: 10 under Decree 91/2017/NĐ-CP; "
            "local rules may set fewer (such as 8)."
        ),
    )
    council_days = models.PositiveSmallIntegerField(
        _("council limit (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the home-affairs office to record the council's outcome. No rule of the plan "
            "sets it; 10 by default, as for the appraisal."
        ),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("decision limit (working days)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Working days for the chairman to sign the award decision. No rule of the plan sets it; 5 by default."),
    )
    province_days = models.PositiveSmallIntegerField(
        _("province limit (working days)"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the provincial liaison to record the province's result, the province appraising "
            "in its turn. No rule of the plan sets it; 20 by default."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (working days before the due date)"),
        default=2,
        help_text=_(
            "A reminder goes to whoever holds a task this many working days before it is due, and to whoever "
            "still has work for one of the campaign's deadlines (registration, dossiers, compilation) as long "
            "before it."
        ),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalation (working days after the due date)"),
        default=2,
        help_text=_(
            "An office's task still open this many working days after it was due is escalated to the head of "
            "the office; 0 escalates it on the first day it is overdue."
        ),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    # Each deadline that must not fall before another: (later, earlier).
    DEADLINE_ORDER = [
        ("registration_compile_deadline", "registration_deadline"),
        ("plan_deadline", "registration_deadline"),
        ("dossier_deadline", "plan_deadline"),
        ("compile_deadline", "dossier_deadline"),
        ("yearend_report_deadline", "midyear_report_deadline"),
    ]

    def clean(self) -> None:
        errors = {}
        for later, earlier in self.DEADLINE_ORDER:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = _("%(later)s cannot be before %(earlier)s.") % {
                    "later": self._meta.get_field(later).verbose_name,
                    "earlier": self._meta.get_field(earlier).verbose_name,
                }
        limits = [self.appraisal_days, self.council_days, self.decision_days, self.province_days]
        shortest = min((days for days in limits if days), default=None)
        if self.reminder_days is not None and shortest is not None and self.reminder_days >= shortest:
            errors["reminder_days"] = _(
                "The reminder must go before the shortest processing limit (%(days)s working days)."
            ) % {"days": shortest}
        if errors:
            raise ValidationError(errors)

    def accepts_dossiers_on(self, day: datetime.date) -> bool:
        return day <= self.dossier_deadline

    def check_award_forms(self, award_forms) -> None:
        """Refuse award forms that are not valid on any day of the campaign's year."""
        outside = [form for form in award_forms if not form.is_valid_during(self.year)]
        if outside:
            raise ValidationError(
                _("A campaign of %(year)s offers only award forms valid during its year; not %(forms)s.")
                % {
                    "year": self.year,
                    "forms": "; ".join(
                        _("%(form)s (valid %(validity)s)") % {"form": form, "validity": form.validity_display()}
                        for form in outside
                    ),
                },
                code="award_form_not_valid_in_year",
            )


@receiver(m2m_changed, sender=Campaign.award_forms.through)
def award_forms_valid_in_campaign_year(sender, instance, action, reverse, pk_set, **kwargs):
    """However award forms are added to a campaign (admin, shell, seed), only valid ones are."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        for campaign in Campaign.objects.filter(pk__in=pk_set):
            campaign.check_award_forms([instance])
    else:
        instance.check_award_forms(AwardForm.objects.filter(pk__in=pk_set))


class Nominee(models.Model):
    """Who is proposed: a collective, a person or a household, belonging to a unit."""

    kind = models.CharField(_("kind"), max_length=20, choices=NomineeKind.choices)
    name = models.CharField(_("name"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominees"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.kind in COLLECTIVE_KINDS


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for supplement")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AT_COUNCIL = "at_council", _("At the council")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the chairman's decision")
    APPROVED = "approved", _("Awarded")
    ESCALATED = "escalated", _("Proposed to the province")
    PROVINCE_APPROVED = "province_approved", _("Awarded by the province")
    PROVINCE_REJECTED = "province_rejected", _("Not awarded by the province")


FINAL_STATES = frozenset(
    {Status.REJECTED, Status.WITHDRAWN, Status.APPROVED, Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED}
)


# Transition permissions: a role held over the dossier's unit (see roles.selectors.acting_unit).
def role_over_unit(role: Role):
    def check(dossier: Dossier, user) -> bool:
        return acting_unit(user, role, dossier.unit) is not None

    check.role = role
    return check


def claimant(dossier: Dossier, user) -> bool:
    """Only the reviewer who claimed a dossier acts on it while it is under review."""
    return dossier.reviewer_id == user.pk and acting_unit(user, Role.LABOUR_REVIEWER, dossier.unit) is not None


claimant.role = Role.LABOUR_REVIEWER


def claimant_or_orphaned(dossier: Dossier, user) -> bool:
    """The claimant puts a dossier back; so may any reviewer once the claimant has lost the role."""
    if claimant(dossier, user):
        return True
    absent = dossier.reviewer is None or not dossier.reviewer.is_active
    return acting_unit(user, Role.LABOUR_REVIEWER, dossier.unit) is not None and (
        absent or acting_unit(dossier.reviewer, Role.LABOUR_REVIEWER, dossier.unit) is None
    )


claimant_or_orphaned.role = Role.LABOUR_REVIEWER


def head_of_reviewing_office(dossier: Dossier, user) -> bool:
    """The head of the office whose reviewers review the dossier (the labour office) takes a
    review back; the head of another office (home affairs) does not."""
    return heads_of_office_over(Role.LABOUR_REVIEWER, dossier.unit).filter(pk=user.pk).exists()


head_of_reviewing_office.role = Role.HEAD_OF_OFFICE
head_of_reviewing_office.refusal = lambda d: _(
    "Only the head of the office that reviews this dossier may put it back for another reviewer."
)


def awarding_chairman(dossier: Dossier, user) -> bool:
    """The chairman of the award's awarding body signs it: a commune's chairman signs no town award."""
    body = dossier.award_form.awarding_body
    return dossier.unit.path.startswith(body.path) and units_held(user, [Role.TOWN_CHAIRMAN]).filter(pk=body.pk).exists()


awarding_chairman.role = Role.TOWN_CHAIRMAN
awarding_chairman.refusal = lambda d: _("Only the chairman of %(body)s, which grants %(form)s, may do this.") % {
    "body": d.award_form.awarding_body,
    "form": d.award_form,
}


# Transition conditions, each with the reason given when it fails.
def condition(message):
    def decorate(check):
        check.message = message
        return check

    return decorate


@condition(
    lambda d: _("Required documents are missing: %(documents)s.")
    % {"documents": ", ".join(str(DocumentKind(kind).label) for kind in d.missing_documents())}
)
def has_required_documents(dossier: Dossier) -> bool:
    return not dossier.missing_documents()


@condition(
    lambda d: _("The campaign's deadline for dossiers, %(date)s, has passed.")
    % {"date": d.campaign.dossier_deadline.strftime("%d/%m/%Y")}
)
def before_dossier_deadline(dossier: Dossier) -> bool:
    return dossier.campaign.accepts_dossiers_on(timezone.localdate())


@condition(
    lambda d: ngettext(
        "This dossier has already been returned for supplement %(count)s time, as many as the campaign "
        "allows: reject it or forward it to the council.",
        "This dossier has already been returned for supplement %(count)s times, as many as the campaign "
        "allows: reject it or forward it to the council.",
        d.return_count,
    )
    % {"count": d.return_count}
)
def may_be_returned_again(dossier: Dossier) -> bool:
    return dossier.return_count < dossier.campaign.returns_allowed


@condition(
    lambda d: _("The award form %(form)s is valid %(validity)s: it cannot be proposed on %(today)s.")
    % {"form": d.award_form, "validity": d.award_form.validity_display(), "today": timezone.localdate().strftime("%d/%m/%Y")}
)
def award_form_in_force(dossier: Dossier) -> bool:
    return dossier.award_form.is_valid_on(timezone.localdate())


@condition(
    lambda d: _("%(form)s is granted by %(body)s, not by the level that handles this dossier: propose it to the higher level.")
    % {"form": d.award_form, "body": d.award_form.awarding_body}
)
def is_local_award(dossier: Dossier) -> bool:
    return dossier.award_form.is_local_for(dossier.unit)


@condition(
    lambda d: _("%(form)s is granted by %(body)s, which handles this dossier: recommend the award instead.")
    % {"form": d.award_form, "body": d.award_form.awarding_body}
)
def is_higher_award(dossier: Dossier) -> bool:
    return not dossier.award_form.is_local_for(dossier.unit)


class Dossier(ConcurrentTransitionMixin, models.Model):
    """An award proposal for one nominee. ``status`` changes only through its transitions.

    Each transition's ``custom`` says whether it needs a comment (it sends work back or ends it)
    and carries its label; its ``permission`` names the role that may make it.
    """

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="dossiers")
    unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="dossiers"
    )
    nominee = models.ForeignKey(Nominee, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="dossiers")
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        help_text=_("The emulation registration this dossier follows, if any."),
    )
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    summary = models.TextField(_("achievements"), blank=True)

    # Evidence for the award standards (seed, section IV.2.2).
    support_amount = models.PositiveBigIntegerField(
        _("gifts and in-kind support (đồng)"), null=True, blank=True
    )
    households_helped = models.PositiveIntegerField(
        _("poor households helped into stable work"), null=True, blank=True
    )
    poverty_reduction_target = models.PositiveIntegerField(
        _("poverty reduction target set by the town (households)"), null=True, blank=True
    )
    poverty_reduction_achieved = models.PositiveIntegerField(
        _("poverty reduction achieved (households)"), null=True, blank=True
    )
    income_per_capita_2019 = models.PositiveBigIntegerField(
        _("income per person in 2019 (đồng/year)"), null=True, blank=True
    )
    income_per_capita_now = models.PositiveBigIntegerField(
        _("income per person now (đồng/year)"), null=True, blank=True
    )
    on_2019_poor_list = models.BooleanField(_("on the commune's approved 2019 poor list"), null=True, blank=True)
    party_clean_strong = models.BooleanField(
        _("Party organisation recognised clean and strong; mass organisations strong"), default=False
    )
    funds_settled_on_time = models.BooleanField(_("funds allocated and settled correctly and on time"), default=False)
    living_conditions_improved = models.BooleanField(_("living conditions of the poor clearly improved"), default=False)
    infrastructure_to_standard = models.BooleanField(
        _("infrastructure invested to new-rural standards"), default=False
    )
    complies_with_policy = models.BooleanField(_("obeys the Party's and the State's policies"), default=False)
    village_agrees = models.BooleanField(_("harmonious family; the village agrees to propose it"), default=False)

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_count = models.PositiveSmallIntegerField(_("times returned for supplement"), default=0)
    # Incremented each time the dossier goes (back) to the council: only a vote of the current
    # round decides it.
    council_round = models.PositiveSmallIntegerField(_("council round"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["campaign", "status"], name="dossier_campaign_status")]
        constraints = [
            # A registration is followed by one dossier at a time; a withdrawn one no longer counts.
            models.UniqueConstraint(
                fields=["registration"],
                condition=~Q(status=Status.WITHDRAWN),
                name="dossier_follows_registration_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.nominee}"

    # What a dossier shares with the registration it follows.
    REGISTRATION_FIELDS = ["campaign", "unit", "nominee", "award_form"]

    def clean(self) -> None:
        if self.registration_id is None:
            return
        differing = [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REGISTRATION_FIELDS
            if getattr(self.registration, f"{name}_id") != getattr(self, f"{name}_id")
        ]
        if differing:
            raise ValidationError(
                {
                    "registration": _("This registration does not match the dossier: its %(fields)s differ.")
                    % {"fields": ", ".join(differing)}
                }
            )

    @property
    def reference(self) -> str:
        return f"HS-{self.campaign.year}-{self.pk:05d}" if self.pk else "HS-?"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATES

    def current_documents(self) -> list[Document]:
        return [doc for doc in self.documents.all() if doc.superseded_by_id is None]

    def missing_documents(self) -> list[str]:
        present = {doc.kind for doc in self.current_documents()}
        required = self.award_form.required_for(self.procedure, self.nominee.kind)
        return [req.kind for req in required if req.kind not in present]

    # The lifecycle (DOMAIN.md). Methods change the dossier only; services lock, check and audit.
    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        conditions=[has_required_documents, before_dossier_deadline, award_form_in_force],
        permission=role_over_unit(Role.COMMUNE_SUBMITTER),
        custom={"label": _("Submit")},
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=Status.RETURNED,
        target=Status.SUBMITTED,
        conditions=[has_required_documents],
        permission=role_over_unit(Role.COMMUNE_SUBMITTER),
        custom={"label": _("Resubmit")},
    )
    def resubmit(self):
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED],
        target=Status.WITHDRAWN,
        permission=role_over_unit(Role.COMMUNE_SUBMITTER),
        custom={"label": _("Withdraw"), "comment_required": True},
    )
    def withdraw(self):
        pass

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.UNDER_REVIEW,
        permission=role_over_unit(Role.LABOUR_REVIEWER),
        custom={"label": _("Start review")},
    )
    def start_review(self, by):
        self.reviewer = by

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.SUBMITTED,
        permission=claimant_or_orphaned,
        custom={"label": _("Put back in the queue")},
    )
    def release(self):
        self.reviewer = None

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.SUBMITTED,
        permission=head_of_reviewing_office,
        custom={"label": _("Put back in the queue for another reviewer")},
    )
    def reassign(self):
        self.reviewer = None

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.RETURNED,
        permission=claimant,
        conditions=[may_be_returned_again],
        custom={"label": _("Return for supplement"), "comment_required": True},
    )
    def return_for_supplement(self):
        self.return_count += 1
        self.reviewer = None

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.REJECTED,
        permission=claimant,
        custom={"label": _("Reject"), "comment_required": True},
    )
    def reject(self):
        pass

    @transition(
        field=status,
        source=Status.UNDER_REVIEW,
        target=Status.AT_COUNCIL,
        conditions=[has_required_documents],
        permission=claimant,
        custom={"label": _("Forward to the council")},
    )
    def forward_to_council(self):
        self.council_round += 1

    @transition(
        field=status,
        source=Status.AT_COUNCIL,
        target=Status.AWAITING_DECISION,
        conditions=[is_local_award],
        permission=role_over_unit(Role.HOME_AFFAIRS_SECRETARY),
        custom={"label": _("Recommend the award")},
    )
    def recommend_town_award(self):
        pass

    @transition(
        field=status,
        source=Status.AT_COUNCIL,
        target=Status.ESCALATED,
        conditions=[is_higher_award],
        permission=role_over_unit(Role.HOME_AFFAIRS_SECRETARY),
        custom={"label": _("Propose to the province")},
    )
    def recommend_provincial_award(self):
        pass

    @transition(
        field=status,
        source=Status.AT_COUNCIL,
        target=Status.REJECTED,
        permission=role_over_unit(Role.HOME_AFFAIRS_SECRETARY),
        custom={"label": _("Not recommended"), "comment_required": True},
    )
    def not_recommend(self):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_DECISION,
        target=Status.APPROVED,
        permission=awarding_chairman,
        custom={"label": _("Sign the award decision")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_DECISION,
        target=Status.AT_COUNCIL,
        permission=awarding_chairman,
        custom={"label": _("Send back to the council"), "comment_required": True},
    )
    def send_back(self):
        self.council_round += 1

    @transition(
        field=status,
        source=Status.ESCALATED,
        target=RETURN_VALUE(Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED),
        permission=role_over_unit(Role.PROVINCIAL_LIAISON),
        custom={"label": _("Record the province's result")},
    )
    def record_provincial_result(self, approved: bool):
        return Status.PROVINCE_APPROVED if approved else Status.PROVINCE_REJECTED


def document_path(document: Document, filename: str) -> str:
    return f"dossiers/{document.dossier_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Document(models.Model):
    """A file of a dossier. A newer file of the same kind supersedes the older, which is kept."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["dossier", "kind", "uploaded_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


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
        help_text=_(
            "Criteria with the same number must all be met; the standard is met when one alternative is."
        ),
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
    computed = models.CharField(_("computed result"), max_length=20, choices=Result.choices)
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
