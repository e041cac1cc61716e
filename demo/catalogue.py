"""The demo's catalogue: the award forms, with the documents they require and the town's award
standard, and the 2020 and the current campaign that offer them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from audit.services import audit_record, snapshot
from dossiers.models import AwardBonus, AwardForm, BaseSalary, Campaign, Criterion, RequiredDocument
from roles.models import Role

from .data import (
    AWARD_BONUSES,
    AWARD_FORMS,
    AWARD_FORMS_VALID_FROM,
    BASE_SALARIES,
    CAMPAIGN_2020,
    CAMPAIGN_NAME,
    CAMPAIGN_REPORT_DAY,
    CURRENT_CAMPAIGN_DAYS_AHEAD,
    LEGAL_BASIS_2020,
    LEGAL_BASIS_NOW,
    REQUIRED_DOCUMENTS,
    SOURCE,
    TOWN,
)
from .seeding import Seeding, record_added


def criteria_of(form: AwardForm, standard) -> list[Criterion]:
    """The criteria of ``standard`` (rows as in ``TOWN_STANDARD``) for ``form``, unsaved."""
    return [
        Criterion(
            award_form=form,
            nominee_kinds=kinds,
            alternative=alternative,
            rule=rule,
            field=field,
            other_field=other_field,
            threshold=None if value is None else Decimal(value),
            description=description,
        )
        for kinds, alternative, rule, field, other_field, value, description in standard
    ]


def required_documents(form: AwardForm) -> list[dict]:
    """The documents ``form`` requires, per procedure, added where missing: the snapshots of those added."""
    added = []
    for procedure, documents in REQUIRED_DOCUMENTS.items():
        for kind, nominee_kinds, copies, certified in documents:
            item, made = RequiredDocument.objects.get_or_create(
                award_form=form,
                procedure=procedure,
                kind=kind,
                defaults={"nominee_kinds": nominee_kinds, "copies": copies, "certified_by_superior": certified},
            )
            if made:
                added.append(snapshot(item))
    return added


def award_standard(form: AwardForm, standard) -> list[dict] | None:
    """``form``'s criteria from ``standard``, if it has none yet: the snapshots of them all.

    The standard is set once, with its first criterion; what the admin changed later stays."""
    if not standard or form.criteria.exists():
        return None
    for criterion in criteria_of(form, standard):
        criterion.full_clean()
        criterion.save()
    return [snapshot(item) for item in form.criteria.all()]


def award_form(
    seeding: Seeding, code: str, name: str, body: str, quorum: str, threshold: str, standard=()
) -> AwardForm:
    """The award form of ``code``, made if there is none, with what it lacks of its required
    documents and standard; one audit event records what was added."""
    form = AwardForm.objects.filter(code=code).first()
    added = form is None
    if added:
        form = AwardForm(
            code=code,
            name=name,
            awarding_body=seeding.units[body],
            valid_from=AWARD_FORMS_VALID_FROM,
            valid_until=None,
            quorum_percent=Decimal(quorum),
            vote_threshold_percent=Decimal(threshold),
        )
        form.full_clean()
        form.save()
        seeding.created["award forms"] += 1
    related = {}
    if required := required_documents(form):
        related["required_documents"] = required
    if (criteria := award_standard(form, standard)) is not None:
        related["criteria"] = criteria
    if added:
        record_added(form, related)
    elif related:
        audit_record(
            action="config.related_changed",
            obj=form,
            after=related,
            role=Role.ADMINISTRATOR.value,
            comment=SOURCE,
        )
    seeding.forms[code] = form
    return form


def award_forms(seeding: Seeding) -> None:
    for row in AWARD_FORMS:
        award_form(seeding, *row)
    bonuses(seeding)


def bonuses(seeding: Seeding) -> None:
    """The base salaries and the award forms' bonuses (``BASE_SALARIES``, ``AWARD_BONUSES``) that
    are missing, each recorded as added."""
    for valid_from, amount, basis in BASE_SALARIES:
        if not BaseSalary.objects.filter(valid_from=valid_from).exists():
            salary = BaseSalary(valid_from=valid_from, amount=amount, legal_basis=basis)
            salary.full_clean()
            salary.save()
            record_added(salary)
            seeding.created["base salaries"] += 1
    for code, valid_from, individual, collective, basis in AWARD_BONUSES:
        form = seeding.forms[code]
        if not AwardBonus.objects.filter(award_form=form, valid_from=valid_from).exists():
            bonus = AwardBonus(
                award_form=form,
                valid_from=valid_from,
                individual_coefficient=None if individual is None else Decimal(individual),
                collective_coefficient=None if collective is None else Decimal(collective),
                legal_basis=basis,
            )
            bonus.full_clean()
            bonus.save()
            record_added(bonus)
            seeding.created["award bonuses"] += 1


def campaign(seeding: Seeding, *, year: int, legal_basis: str, dates: dict[str, datetime.date]) -> Campaign:
    """The town's campaign of ``year``, made if there is none, offering every award form."""
    town = seeding.units[TOWN[0]]
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME, year=year, launched_by=town).first()
    if campaign is None:
        campaign = Campaign(
            name=CAMPAIGN_NAME,
            year=year,
            legal_basis=legal_basis,
            launched_by=town,
            report_day=CAMPAIGN_REPORT_DAY,
            **dates,
        )
        campaign.full_clean()
        campaign.save()
        campaign.award_forms.set(seeding.forms.values())
        record_added(campaign, {"award_forms": sorted(form.pk for form in seeding.forms.values())})
        seeding.created["campaigns"] += 1
    return campaign


def campaigns(seeding: Seeding) -> Campaign:
    """The 2020 campaign as the plan set it, and today's, whose deadlines lie ahead: today's."""
    campaign(seeding, year=2020, legal_basis=LEGAL_BASIS_2020, dates=CAMPAIGN_2020)
    ahead = {name: seeding.today + datetime.timedelta(days=n) for name, n in CURRENT_CAMPAIGN_DAYS_AHEAD.items()}
    return campaign(seeding, year=seeding.today.year, legal_basis=LEGAL_BASIS_NOW, dates=ahead)
