"""The dossier, its states and its state machine (django-fsm-2): who may make each transition
(its permission) and what must hold for it (its conditions, each with its reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from roles.models import Role, Unit
from roles.selectors import acting_unit, heads_of_office_over, units_held

from ..search import search_text
from .campaigns import Campaign
from .catalogue import AwardForm, DocumentKind, Procedure
from .nominees import Nominee

if TYPE_CHECKING:
    from .documents import Document


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
    return (
        dossier.unit.path.startswith(body.path) and units_held(user, [Role.TOWN_CHAIRMAN]).filter(pk=body.pk).exists()
    )


awarding_chairman.role = Role.TOWN_CHAIRMAN
awarding_chairman.refusal = lambda d: (
    _("Only the chairman of %(body)s, which grants %(form)s, may do this.")
    % {
        "body": d.award_form.awarding_body,
        "form": d.award_form,
    }
)


# Transition conditions, each with the reason given when it fails.
def condition(message):
    def decorate(check):
        check.message = message
        return check

    return decorate


@condition(
    lambda d: (
        _("Required documents are missing: %(documents)s.")
        % {"documents": ", ".join(str(DocumentKind(kind).label) for kind in d.missing_documents())}
    )
)
def has_required_documents(dossier: Dossier) -> bool:
    return not dossier.missing_documents()


@condition(
    lambda d: (
        _("The campaign's deadline for dossiers, %(date)s, has passed.")
        % {"date": d.campaign.dossier_deadline.strftime("%d/%m/%Y")}
    )
)
def before_dossier_deadline(dossier: Dossier) -> bool:
    return dossier.campaign.accepts_dossiers_on(timezone.localdate())


@condition(
    lambda d: (
        ngettext(
            "This dossier has already been returned for supplement %(count)s time, as many as the campaign "
            "allows: reject it or forward it to the council.",
            "This dossier has already been returned for supplement %(count)s times, as many as the campaign "
            "allows: reject it or forward it to the council.",
            d.return_count,
        )
        % {"count": d.return_count}
    )
)
def may_be_returned_again(dossier: Dossier) -> bool:
    return dossier.return_count < dossier.campaign.returns_allowed


@condition(
    lambda d: (
        _("The award form %(form)s is valid %(validity)s: it cannot be proposed on %(today)s.")
        % {
            "form": d.award_form,
            "validity": d.award_form.validity_display(),
            "today": timezone.localdate().strftime("%d/%m/%Y"),
        }
    )
)
def award_form_in_force(dossier: Dossier) -> bool:
    return dossier.award_form.is_valid_on(timezone.localdate())


@condition(
    lambda d: (
        _(
            "%(form)s is granted by %(body)s, not by the level that handles this dossier: "
            "propose it to the higher level."
        )
        % {"form": d.award_form, "body": d.award_form.awarding_body}
    )
)
def is_local_award(dossier: Dossier) -> bool:
    return dossier.award_form.is_local_for(dossier.unit)


@condition(
    lambda d: (
        _("%(form)s is granted by %(body)s, which handles this dossier: recommend the award instead.")
        % {"form": d.award_form, "body": d.award_form.awarding_body}
    )
)
def is_higher_award(dossier: Dossier) -> bool:
    return not dossier.award_form.is_local_for(dossier.unit)


class Dossier(ConcurrentTransitionMixin, models.Model):
    """An award proposal for one nominee. ``status`` changes only through its transitions.

    Each transition's ``custom`` says whether it needs a comment (it sends work back or ends it)
    and carries its label; its ``permission`` names the role that may make it.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="dossiers")
    nominee = models.ForeignKey(Nominee, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="dossiers")
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY)
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
    support_amount = models.PositiveBigIntegerField(_("gifts and in-kind support (đồng)"), null=True, blank=True)
    households_helped = models.PositiveIntegerField(_("poor households helped into stable work"), null=True, blank=True)
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
    infrastructure_to_standard = models.BooleanField(_("infrastructure invested to new-rural standards"), default=False)
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
    # The nominee's and the unit's names folded for the search (``dossiers.search``), kept by
    # ``save`` and by the renames (``dossiers.receivers``); on PostgreSQL, a trigram index serves it.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

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

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"nominee", "unit"} & set(update_fields):
            self.search_text = search_text(self.nominee.name, self.unit.name)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

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
        source=Status.UNDER_REVIEW,
        target=Status.UNDER_REVIEW,
        conditions=[has_required_documents],
        permission=claimant,
        custom={"label": _("Appraise as ready for the council")},
    )
    def judge_ready(self):
        """The reviewer's appraisal ends in their judgement that the dossier is ready for the council;
        it stays under review, with them, until a compiled submission forwards it."""

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
