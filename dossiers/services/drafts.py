"""Drafts: a new dossier and its nominee (``dossier_create``), and its edits while its submitter
may still make them (``dossier_update``); the award form chosen is checked
(``award_form_choice_check``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import changes, snapshot
from roles.models import Role, Unit, User
from workflow_project.errors import InvalidInput, NotFound, Refused

from ..models import AwardForm, Campaign, Dossier, Nominee, Procedure, Status
from .common import _audit_dossier, _lock_editable, _require_submitter

EVIDENCE_FIELDS = [
    "support_amount",
    "households_helped",
    "poverty_reduction_target",
    "poverty_reduction_achieved",
    "income_per_capita_2019",
    "income_per_capita_now",
    "on_2019_poor_list",
    "party_clean_strong",
    "funds_settled_on_time",
    "living_conditions_improved",
    "infrastructure_to_standard",
    "complies_with_policy",
    "village_agrees",
]
EDITABLE_FIELDS = ["procedure", "summary", "award_form", *EVIDENCE_FIELDS]
NOMINEE_FIELDS = ["kind", "name", "position", "birth_year", "address"]


def _validated(instance, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidInput(_("Please correct the errors below."), fields=exc.message_dict) from exc


def award_form_choice_check(campaign: Campaign, award_form_id, unit: Unit) -> AwardForm:
    """The award form, if the campaign offers it, its awarding body is over ``unit`` (the proposing
    or registering unit) and it is in force today; else a refusal that names why. The choices on
    the screens are ``dossiers.selectors.award_forms_offered``."""
    award_form = campaign.award_forms.filter(pk=award_form_id).select_related("awarding_body").first()
    if award_form is None:
        message = _("This award form is not offered by the campaign.")
        raise InvalidInput(message, fields={"award_form": [message]})
    if not award_form.awarding_body.contains(unit):
        message = _("%(form)s is granted by %(body)s, to which %(unit)s does not belong.") % {
            "form": award_form,
            "body": award_form.awarding_body,
            "unit": unit,
        }
        raise InvalidInput(message, fields={"award_form": [message]})
    today = timezone.localdate()
    if not award_form.is_valid_on(today):
        raise Refused(
            _("The award form %(form)s is valid %(validity)s: it cannot be proposed on %(today)s.")
            % {"form": award_form, "validity": award_form.validity_display(), "today": today.strftime("%d/%m/%Y")},
            code="award_form_not_in_force",
        )
    return award_form


def _registration_followed(unit: Unit, registration_id: int, nominee: dict[str, Any] | None):
    """The unit's registration a new dossier follows; it names the nominee, and is followed once.
    Locked, so that two dossiers created at once cannot both follow it: call inside a transaction."""
    registration = (
        unit.registrations.filter(pk=registration_id)
        .select_related("nominee", "campaign")
        .select_for_update(of=("self",))
        .first()
    )
    if registration is None:
        message = _("No such registration of this unit.")
        raise InvalidInput(message, fields={"registration": [message]})
    if nominee:
        message = _("A dossier that follows a registration proposes the nominee registered; name no other.")
        raise InvalidInput(message, fields={"registration": [message]})
    followed = registration.dossiers.exclude(status=Status.WITHDRAWN).select_related("campaign").first()
    if followed is not None:
        message = _("Registration %(registration)s is already followed by dossier %(dossier)s.") % {
            "registration": registration.reference,
            "dossier": followed.reference,
        }
        raise Refused(message, code="registration_followed", fields={"registration": [message]})
    return registration


def dossier_create(
    *,
    actor: User,
    campaign_id: int,
    unit_id: int,
    award_form_id: int,
    nominee: dict[str, Any] | None = None,
    procedure: str = Procedure.ORDINARY,
    summary: str = "",
    evidence: dict[str, Any] | None = None,
    registration_id: int | None = None,
) -> Dossier:
    """A new draft dossier of the actor's commune or ward, with its nominee; or, following one of
    the unit's emulation registrations, for the nominee and award form registered. Only in a
    campaign still taking dossiers (its dossier deadline not passed)."""
    unit = Unit.objects.filter(pk=unit_id).select_related("parent").first()
    if unit is None:
        raise NotFound(_("No such unit."))
    _require_submitter(actor, unit)
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("launched_by__parent").first()
    # A campaign takes dossiers only from the units under the body that launched it.
    if campaign is None or not unit.path.startswith(campaign.launched_by.scope_path):
        raise InvalidInput(_("No such campaign."), fields={"campaign": [_("No such campaign.")]})
    # The choices on the screens and in the API's catalogue are ``dossiers.selectors.open_campaigns``.
    if not campaign.accepts_dossiers_on(timezone.localdate()):
        message = _("The campaign %(campaign)s no longer takes dossiers: its deadline, %(deadline)s, has passed.") % {
            "campaign": campaign,
            "deadline": campaign.dossier_deadline.strftime("%d/%m/%Y"),
        }
        raise Refused(message, code="campaign_closed", fields={"campaign": [message]})
    award_form = award_form_choice_check(campaign, award_form_id, unit)
    unknown = set(nominee or {}) - set(NOMINEE_FIELDS) | set(evidence or {}) - set(EVIDENCE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        registration = _registration_followed(unit, registration_id, nominee) if registration_id is not None else None
        if registration is None:
            person = Nominee(unit=unit, **(nominee or {}))
            _validated(person)
            person.save()
        else:
            person = registration.nominee
        dossier = Dossier(
            campaign=campaign,
            unit=unit,
            nominee=person,
            award_form=award_form,
            registration=registration,
            procedure=procedure,
            summary=summary,
            created_by=actor,
            **(evidence or {}),
        )
        _validated(dossier, exclude=["status"])
        dossier.save()
        after = snapshot(dossier)
        del after["search_text"]  # derived from the names recorded here, not a value of its own
        after["nominee"] = snapshot(person)
        _audit_dossier(
            dossier, action="dossier.created", actor=actor, role=Role.COMMUNE_SUBMITTER, before=None, after=after
        )
    return dossier


def dossier_update(
    *,
    dossier_id: int,
    actor: User,
    fields: dict[str, Any] | None = None,
    nominee: dict[str, Any] | None = None,
) -> Dossier:
    """Edit a draft or returned dossier and its nominee; the audit event keeps what changed."""
    fields, nominee = dict(fields or {}), dict(nominee or {})
    unknown = set(fields) - set(EDITABLE_FIELDS) | set(nominee) - set(NOMINEE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        dossier = _lock_editable(
            dossier_id, actor, _("Only a draft or returned dossier can be edited; this one is “%(state)s”.")
        )
        if "award_form" in fields:
            chosen = getattr(fields["award_form"], "pk", fields["award_form"])
            if chosen != dossier.award_form_id:
                fields["award_form"] = award_form_choice_check(dossier.campaign, chosen, dossier.unit)
            else:
                fields["award_form"] = dossier.award_form
        before = snapshot(dossier, EDITABLE_FIELDS)
        nominee_before = snapshot(dossier.nominee, NOMINEE_FIELDS)
        for name, value in fields.items():
            setattr(dossier, name, value)
        for name, value in nominee.items():
            setattr(dossier.nominee, name, value)
        _validated(dossier.nominee)
        _validated(dossier, exclude=["status"])
        old, new = changes(before, snapshot(dossier, EDITABLE_FIELDS))
        old_nominee, new_nominee = changes(nominee_before, snapshot(dossier.nominee, NOMINEE_FIELDS))
        if old_nominee or new_nominee:
            old["nominee"], new["nominee"] = old_nominee, new_nominee
        if not new:
            return dossier
        dossier.nominee.save()
        dossier.save()
        _audit_dossier(
            dossier, action="dossier.updated", actor=actor, role=Role.COMMUNE_SUBMITTER, before=old, after=new
        )
    return dossier
