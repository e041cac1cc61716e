"""Reading dossiers, always through the one scoping selector of ``roles``."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AuditEvent
from audit.services import stream_for
from roles.models import Role, Unit
from roles.selectors import READING_ROLES, paths_above, scope_paths, scope_q, units_held
from workflow_project.errors import NotFound
from workflow_project.numbers import decimal_text, dong

from .models import (
    COLLECTIVE_KINDS,
    EVIDENCE_CHOICES,
    AwardBonus,
    AwardForm,
    BaseSalary,
    Campaign,
    CriteriaEvaluation,
    Criterion,
    Document,
    Dossier,
    NomineeKind,
    RequiredDocument,
    Result,
    Rule,
)

SUBMITTER = [Role.COMMUNE_SUBMITTER]
# The roles that read dossiers without proposing them (offices, council, chairman, auditor…).
NON_SUBMITTING_READERS = [role for role in READING_ROLES if role != Role.COMMUNE_SUBMITTER]


# Decree 91/2017/NĐ-CP art. 68(2), kept by Decree 98/2023/NĐ-CP: the bonus, the coefficient times the
# base salary, is rounded up to the ten thousand đồng.
BONUS_ROUNDING = 10_000


def bonus_for(award_form: AwardForm | Dossier, nominee_kind: str | None = None, *, on: datetime.date) -> int | None:
    """The bonus in đồng that goes with ``award_form`` (or a dossier's award form, for its nominee's
    kind) for a nominee of ``nominee_kind`` awarded on ``on``; None if none is configured.

    The rows in force are the award form's ``AwardBonus`` and the ``BaseSalary`` of the latest
    ``valid_from`` on or before ``on``. Collectives (``COLLECTIVE_KINDS``) take the collective
    coefficient; individuals, officials and households the individual one (a household is awarded
    as a family, not as a collective: our reading of Decree 91/2017/NĐ-CP art. 73). The product is rounded up to the ten
    thousand đồng (``BONUS_ROUNDING``: Decree 91/2017/NĐ-CP art. 68(2)), the one place the rule is kept.
    """
    if isinstance(award_form, Dossier):
        nominee_kind = nominee_kind or award_form.nominee.kind
        award_form = award_form.award_form
    bonus = AwardBonus.objects.filter(award_form=award_form, valid_from__lte=on).order_by("-valid_from").first()
    salary = BaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if bonus is None or salary is None:
        return None
    collective = nominee_kind in COLLECTIVE_KINDS
    coefficient = bonus.collective_coefficient if collective else bonus.individual_coefficient
    if coefficient is None:
        return None
    amount = Fraction(coefficient) * salary.amount
    return -(-amount // BONUS_ROUNDING) * BONUS_ROUNDING


def _in_force(forms: QuerySet[AwardForm]) -> QuerySet[AwardForm]:
    today = timezone.localdate()
    return forms.filter(Q(valid_from__lte=today), Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def _near(paths, field: str, *, within: bool) -> Q:
    """Rows whose ``field`` unit lies at or above one of ``paths``, and with ``within`` also below."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__path__in": paths_above(path)})
        if within:
            query |= Q(**{f"{field}__path__startswith": path})
    return query


def award_forms_offered(campaigns, units) -> QuerySet[AwardForm]:
    """The award forms ``campaigns`` offer that ``units`` may be proposed or registered for today:
    granted by a body over one of them and in force (what ``dossiers.services.award_form_choice_check``
    accepts)."""
    over = _near([unit.path for unit in units], "awarding_body", within=False)
    return _in_force(AwardForm.objects.filter(over, campaigns__in=campaigns)).distinct().order_by("name")


def _open_over(paths) -> QuerySet[Campaign]:
    """Campaigns launched at or above one of ``paths`` whose dossier deadline has not passed: the
    launching body holds the unit in its subtree."""
    over = _near(paths, "launched_by", within=False)
    return Campaign.objects.filter(over, dossier_deadline__gte=timezone.localdate())


def submitter_units(user) -> QuerySet[Unit]:
    """The communes and wards (villages, residential groups) in which ``user`` is a submitter."""
    return units_held(user, SUBMITTER).order_by("path")


def may_submit(user) -> bool:
    """Whether ``user`` is a submitter somewhere: they make drafts and start the flow."""
    return submitter_units(user).exists()


def open_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns launched above one of the user's units whose dossier deadline has not passed."""
    paths = [unit.path for unit in submitter_units(user)]
    return _open_over(paths).select_related("launched_by").order_by("-year", "name")


@dataclass(frozen=True)
class CatalogScope:
    """Where a user's campaigns and award forms come from. A submitter proposes: the campaigns
    launched above their units still taking dossiers, and the award forms those units may be
    proposed for. Every other reading role reads: the campaigns launched above its units or within
    them (a province's auditor reads every town's), and the award forms granted there."""

    proposing: list[Unit]  # the units where the user is a submitter
    reading: list[str]  # the scope paths of the user's other reading roles

    @classmethod
    def of(cls, user) -> CatalogScope:
        return cls(
            proposing=list(submitter_units(user)),
            reading=scope_paths(user, NON_SUBMITTING_READERS),
        )

    def campaigns_q(self) -> Q:
        open_over = _open_over([unit.path for unit in self.proposing])
        return Q(pk__in=open_over.values("pk")) | _near(self.reading, "launched_by", within=True)

    def award_forms_q(self) -> Q:
        proposed = award_forms_offered(_open_over([unit.path for unit in self.proposing]), self.proposing)
        read = Campaign.objects.filter(_near(self.reading, "launched_by", within=True))
        granted_here = _near(self.reading, "awarding_body", within=True)
        return Q(pk__in=proposed.values("pk")) | (Q(campaigns__in=read) & granted_here)


def award_form_list(*, user, scope: CatalogScope | None = None) -> QuerySet[AwardForm]:
    """The award forms in force that ``user`` may use, offered by one of ``campaign_list``'s
    campaigns (``CatalogScope``), with what their pages show: awarding body, required documents and
    criteria (a constant number of queries)."""
    scope = scope or CatalogScope.of(user)
    ids = AwardForm.objects.filter(scope.award_forms_q()).values("pk")
    return (
        _in_force(AwardForm.objects.filter(pk__in=ids))
        .select_related("awarding_body")
        .prefetch_related("required_documents", "criteria")
        .order_by("name", "pk")
    )


def award_form_get(*, user, award_form_id: int) -> AwardForm:
    award_form = award_form_list(user=user).filter(pk=award_form_id).first()
    if award_form is None:
        raise NotFound(_("No such award form."))
    return award_form


def campaign_list(*, user) -> QuerySet[Campaign]:
    """The campaigns ``user`` may use (``CatalogScope``), newest first, each with the award forms
    of ``award_form_list`` it offers (a constant number of queries)."""
    scope = CatalogScope.of(user)
    forms = award_form_list(user=user, scope=scope).select_related(None).prefetch_related(None)
    forms = forms.only("pk", "code", "name")
    return (
        Campaign.objects.filter(scope.campaigns_q())
        .select_related("launched_by")
        .prefetch_related(Prefetch("award_forms", queryset=forms, to_attr="usable_award_forms"))
        .order_by("-year", "name", "pk")
    )


def campaign_get(*, user, campaign_id: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound(_("No such campaign."))
    return campaign


def dossier_list(*, user) -> QuerySet[Dossier]:
    """Every dossier ``user`` may read, ready to list: a constant number of queries."""
    return (
        Dossier.objects.filter(scope_q(user))
        .select_related("campaign", "unit", "nominee", "award_form", "reviewer")
        .order_by("-created_at", "-id")
    )


def with_rules(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Prefetch what the transition conditions read: documents, required documents and criteria."""
    return queryset.select_related("award_form__awarding_body", "campaign", "nominee", "unit").prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("uploaded_at")),
        Prefetch("award_form__required_documents", queryset=RequiredDocument.objects.all()),
        Prefetch("award_form__criteria", queryset=Criterion.objects.all()),
    )


def dossier_get(*, user, dossier_id: int) -> Dossier:
    """One dossier, if ``user`` may read it; otherwise NotFound, whether it exists or not."""
    dossier = with_rules(dossier_list(user=user)).select_related("registration__campaign").filter(pk=dossier_id).first()
    if dossier is None:
        raise NotFound(_("No such dossier."))
    return dossier


def dossier_document(dossier: Dossier, document_id: int) -> Document:
    """One of the dossier's documents, current or replaced; NotFound if it belongs to another."""
    for document in dossier.documents.all():
        if document.pk == document_id:
            return document
    raise NotFound(_("No such document."))


def dossier_documents(dossier: Dossier) -> QuerySet[Document]:
    """Every file of the dossier, the replaced ones too, by kind and then oldest first."""
    return dossier.documents.select_related("uploaded_by").order_by("kind", "uploaded_at", "pk")


def dossier_events(dossier: Dossier) -> QuerySet[AuditEvent]:
    """The dossier's own audit stream, oldest first, with who acted."""
    return AuditEvent.objects.filter(stream=stream_for(dossier)).select_related("actor").order_by("seq")


def unit_names(codes) -> dict[str, str]:
    """The names of the units with these codes (audit events name units by code)."""
    return dict(Unit.objects.filter(code__in=set(codes)).values_list("code", "name"))


# The order in which results combine: "all of" an alternative is its worst criterion, "any of" the
# alternatives is the best one.
RANK = [Result.NOT_MET, Result.MISSING, Result.JUDGEMENT, Result.MET]


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    result: str
    reason: str
    judged: bool | None = None  # the reviewer's answer, for a judgement

    @property
    def label(self) -> str:
        return Result(self.result).label

    @property
    def alternative(self) -> int:
        return self.criterion.alternative

    @property
    def description(self) -> str:
        return self.criterion.description

    @property
    def rule(self) -> str:
        return self.criterion.rule_text()

    def as_json(self) -> dict[str, Any]:
        """As recorded: what the reviewer saw, in the words they saw it."""
        return {
            "alternative": self.alternative,
            "description": self.description,
            "rule": self.rule,
            "result": self.result,
            "reason": self.reason,
            "judged": self.judged,
        }


@dataclass(frozen=True)
class Evaluation:
    """Each criterion's result and the standard's; ``result`` is None when the dossier's award form
    sets no standard for its nominee's kind."""

    results: list[CriterionResult]
    result: str | None

    @property
    def judgements(self) -> list[Criterion]:
        return [item.criterion for item in self.results if item.criterion.rule == Rule.JUDGEMENT]

    def label(self) -> str:
        return Result(self.result).label if self.result else ""

    def digest(self) -> str:
        """A fingerprint of the criteria evaluated, to tell whether they changed since it was seen."""
        criteria = [
            [c.pk, c.alternative, c.rule, c.field, c.other_field, str(c.threshold), c.description]
            for c in (item.criterion for item in self.results)
        ]
        return hashlib.sha256(json.dumps(criteria).encode()).hexdigest()


def dossier_criteria(dossier: Dossier) -> list[Criterion]:
    """The criteria of the dossier's standard: its award form's, for its nominee's kind."""
    return [c for c in dossier.award_form.criteria.all() if c.applies_to(dossier.nominee.kind)]


def evidence_fields_read(award_forms) -> dict[int, dict[str, list[str]]]:
    """For each of ``award_forms``, the evidence fields its criteria read for each nominee kind, in
    the dossier form's order: ``{award_form_id: {nominee_kind: [field names]}}``. A kind whose
    standard reads no evidence (no criterion, or the reviewer's judgement only) has an empty list.
    What the dossier form shows of the evidence; the server still reads every field."""
    mapping = {}
    for form in award_forms.prefetch_related(Prefetch("criteria", queryset=Criterion.objects.all())):
        mapping[form.pk] = {}
        for kind in NomineeKind.values:
            read = {name for c in form.criteria.all() if c.applies_to(kind) for name in (c.field, c.other_field)}
            mapping[form.pk][kind] = [name for name, _label in EVIDENCE_CHOICES if name in read]
    return mapping


def _compare(value, threshold) -> tuple[str, str]:
    """The result of ``value ≥ threshold``, compared exactly, and its sign."""
    if Fraction(value) >= Fraction(threshold):
        return Result.MET, "≥"
    return Result.NOT_MET, "<"


def _missing(*names: str) -> tuple[str, str]:
    labels = ", ".join(str(Dossier._meta.get_field(name).verbose_name) for name in names)
    return Result.MISSING, _("evidence missing: %(fields)s") % {"fields": labels}


def criterion_result(criterion: Criterion, dossier: Dossier, judged: bool | None = None) -> CriterionResult:
    """One criterion's result on the dossier's evidence, with the reason in words."""
    rule, name, other_name = criterion.rule, criterion.field, criterion.other_field
    value = getattr(dossier, name) if name else None
    other = getattr(dossier, other_name) if other_name else None
    threshold = criterion.threshold
    field = criterion.get_field_display()
    if rule == Rule.JUDGEMENT:
        if judged is None:
            outcome = Result.JUDGEMENT, _("for the reviewer to judge")
        elif judged:
            outcome = Result.MET, _("judged met by the reviewer")
        else:
            outcome = Result.NOT_MET, _("judged not met by the reviewer")
    elif rule == Rule.ATTESTATION:
        if value:
            outcome = Result.MET, _("attested: %(field)s") % {"field": field}
        else:
            outcome = Result.NOT_MET, _("attestation missing: %(field)s") % {"field": field}
    elif rule == Rule.ON_LIST:
        if value is None:
            outcome = _missing(name)
        elif value:
            outcome = Result.MET, _("yes: %(field)s") % {"field": field}
        else:
            outcome = Result.NOT_MET, _("no: %(field)s") % {"field": field}
    elif value is None or (rule in {Rule.MIN_RATIO, Rule.OVER_TARGET} and other is None):
        outcome = _missing(*[n for n in (name, other_name) if n and getattr(dossier, n) is None])
    elif rule == Rule.MIN_AMOUNT:
        result, sign = _compare(value, threshold)
        outcome = result, f"{dong(value)} {sign} {dong(int(threshold))}"
    elif rule == Rule.MIN_COUNT:
        result, sign = _compare(value, threshold)
        counted = ngettext("%(count)s household", "%(count)s households", value) % {"count": value}
        outcome = result, f"{counted} {sign} {decimal_text(threshold)}"
    elif other == 0:
        outcome = (
            Result.MISSING,
            _("%(field)s is 0: nothing to compare with") % {"field": criterion.get_other_field_display()},
        )
    elif rule == Rule.MIN_RATIO:
        ratio = Fraction(value, other)
        result, sign = _compare(ratio, threshold)
        outcome = (
            result,
            _("ratio %(field)s / %(other)s: %(ratio)s %(sign)s %(threshold)s")
            % {
                "field": field,
                "other": criterion.get_other_field_display(),
                "ratio": decimal_text(ratio),
                "sign": sign,
                "threshold": decimal_text(threshold),
            },
        )
    else:  # over a target
        over = Fraction(value - other, other) * 100
        result, sign = _compare(over, threshold)
        outcome = (
            result,
            _("%(value)s against a target of %(target)s: %(percent)s%% over %(sign)s %(threshold)s%%")
            % {
                "value": value,
                "target": other,
                "percent": decimal_text(over),
                "sign": sign,
                "threshold": decimal_text(threshold),
            },
        )
    result, reason = outcome
    return CriterionResult(criterion, result, reason, judged)


def criteria_evaluate(*, dossier: Dossier, judgements: dict[int, bool] | None = None) -> Evaluation:
    """The dossier's standard evaluated on its evidence: each criterion's result and reason, and
    the standard's. ``judgements`` answers the reviewer's judgement criteria, by criterion id.
    Reads nothing from the database beyond what ``with_rules`` prefetches."""
    judgements = judgements or {}
    results = [criterion_result(c, dossier, judgements.get(c.pk)) for c in dossier_criteria(dossier)]
    alternatives: dict[int, list[str]] = {}
    for item in results:
        alternatives.setdefault(item.criterion.alternative, []).append(item.result)
    overall = max((min(group, key=RANK.index) for group in alternatives.values()), key=RANK.index, default=None)
    return Evaluation(results, overall)


def dossier_evaluations(dossier: Dossier) -> QuerySet[CriteriaEvaluation]:
    """The evaluations recorded at the dossier's appraisals, newest first."""
    return dossier.criteria_evaluations.select_related("recorded_by").order_by("-recorded_at", "-pk")


# The appraisal that readies a dossier for a compiled submission (``dossiers.services.dossier_judge_ready``).
JUDGED_READY = "judge_ready"


def appraised_q(prefix: str = "") -> Exists:
    """Dossiers (reached through ``prefix``, e.g. ``"process__dossierprocess__dossier__"`` from a
    task) that their reviewer appraised as ready for the council since their latest submission or
    resubmission: a resubmitted dossier, or one another reviewer now holds, is appraised again. A
    condition for ``filter`` and a value for ``annotate``, in the list's own query."""
    return Exists(
        CriteriaEvaluation.objects.filter(
            dossier=OuterRef(f"{prefix}pk"),
            action=JUDGED_READY,
            recorded_by=OuterRef(f"{prefix}reviewer"),
            recorded_at__gte=OuterRef(f"{prefix}submitted_at"),
        )
    )


def is_appraised(dossier: Dossier) -> bool:
    """Whether the dossier is appraised as ready for the council (``appraised_q``), as stored now."""
    return Dossier.objects.filter(appraised_q(), pk=dossier.pk).exists()


def document_checklist(dossier: Dossier) -> list[dict[str, Any]]:
    """Each document the dossier's award form requires for its procedure and nominee's kind, and
    whether a current file of it is attached."""
    present = {document.kind for document in dossier.current_documents()}
    return [
        {"required": required, "present": required.kind in present}
        for required in dossier.award_form.required_for(dossier.procedure, dossier.nominee.kind)
    ]
