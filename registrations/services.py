"""Registering for a campaign's award forms, and compiling the town's registrations into a list
for the home-affairs office: one transaction and one audit event each; a refusal changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, snapshot
from dossiers.models import Campaign, Nominee, NomineeKind
from dossiers.numbering import clean_number, create_numbered, not_in_future, submission_number_validator
from dossiers.services import NOMINEE_FIELDS, award_form_choice_check
from roles.models import Role, Unit, User
from roles.selectors import acting_unit, require_acting_unit, scope_q, units_held
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused

from .models import Registration, RegistrationList


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def registration_create(
    *,
    actor: User,
    campaign_id: int,
    unit_id: int,
    award_form_id: int,
    pledge: str,
    nominee: dict[str, Any] | None = None,
) -> Registration:
    """A commune or ward registers, by the campaign's registration deadline, for one of its award
    forms: itself (``nominee`` None, a collective) or one of its people or households (``nominee``:
    kind, name…). A nominee is registered once for an award form of a campaign."""
    unit = Unit.objects.filter(pk=unit_id).select_related("parent").first()
    if unit is None:
        raise NotFound(_("No such unit."))
    require_acting_unit(actor, Role.COMMUNE_SUBMITTER, unit)
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("launched_by__parent").first()
    if campaign is None or not unit.path.startswith(campaign.launched_by.scope_path):
        raise InvalidInput(_("No such campaign."), fields={"campaign": [_("No such campaign.")]})
    award_form = award_form_choice_check(campaign, award_form_id, unit)
    if timezone.localdate() > campaign.registration_deadline:
        raise Refused(
            _("The campaign's registration deadline, %(date)s, has passed.")
            % {"date": campaign.registration_deadline.strftime("%d/%m/%Y")},
            code="registration_deadline_passed",
        )
    pledge = (pledge or "").strip()
    if not pledge:
        raise InvalidInput(_("Say what is pledged."), fields={"pledge": [_("This field is required.")]})
    data = dict(nominee) if nominee else {"kind": NomineeKind.COMMUNE, "name": unit.name}
    unknown = set(data) - set(NOMINEE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        # One registration at a time per unit, so that two clerks cannot register one nominee twice.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        registered = [
            registration
            for registration in Registration.objects.filter(campaign=campaign, unit=unit).select_related("nominee")
            if registration.nominee.kind == data.get("kind")
            and _same_name(registration.nominee.name) == _same_name(data.get("name") or "")
        ]
        if any(registration.award_form_id == award_form.pk for registration in registered):
            raise Refused(
                _("%(nominee)s is already registered for %(award_form)s in this campaign.")
                % {"nominee": data["name"], "award_form": award_form.name},
                code="already_registered",
            )
        if registered:
            person = registered[0].nominee
        else:
            person = Nominee(unit=unit, **data)
            try:
                person.full_clean()
            except ValidationError as exc:
                raise InvalidInput(_("Please correct the errors below."), fields=exc.message_dict) from exc
            person.save()
        registration = Registration.objects.create(
            campaign=campaign, unit=unit, award_form=award_form, nominee=person, pledge=pledge, recorded_by=actor
        )
        audit_record(
            action="registration.created",
            actor=actor,
            obj=registration,
            after=snapshot(registration) | {"nominee": snapshot(person)},
            role=Role.COMMUNE_SUBMITTER.value,
            unit=unit.code,
        )
    return registration


def registration_list_create(
    *, actor: User, number: str, compiled_on: datetime.date, registration_ids: Iterable[int], comment: str = ""
) -> RegistrationList:
    """The labour office compiles registrations of its town for one campaign into a numbered list
    and sends it to the home-affairs office, by the campaign's deadline for it; all or none."""
    number = clean_number(number, "number", submission_number_validator)
    not_in_future(compiled_on, "compiled_on")
    ids = sorted({int(pk) for pk in registration_ids})
    if not ids:
        message = _("Choose at least one registration.")
        raise InvalidInput(message, fields={"registrations": [message]})
    if not units_held(actor, [Role.LABOUR_REVIEWER]).exists():
        raise Forbidden(_("Only a %(role)s may do this.") % {"role": Role.LABOUR_REVIEWER.label})
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(scope_q(actor, roles=[Role.LABOUR_REVIEWER]), pk__in=ids)
            .select_related("campaign", "unit", "nominee")
            .order_by("pk")
        )
        if len(registrations) != len(ids):
            raise NotFound(_("No such registration."))
        campaigns = {registration.campaign for registration in registrations}
        if len(campaigns) > 1:
            message = _(
                "One list carries the registrations of one campaign; choose registrations of a single campaign."
            )
            raise InvalidInput(message, fields={"registrations": [message]})
        (campaign,) = campaigns
        compiled = [registration.reference for registration in registrations if registration.registration_list_id]
        if compiled:
            raise Conflict(
                _("Already compiled in a list: %(registrations)s.") % {"registrations": ", ".join(compiled)},
                code="already_compiled",
            )
        if timezone.localdate() > campaign.registration_compile_deadline:
            raise Refused(
                _(
                    "The campaign's deadline for sending the registrations to the home-affairs office, "
                    "%(date)s, has passed."
                )
                % {"date": campaign.registration_compile_deadline.strftime("%d/%m/%Y")},
                code="registration_compile_deadline_passed",
            )
        senders = {acting_unit(actor, Role.LABOUR_REVIEWER, registration.unit) for registration in registrations}
        if len(senders) > 1:
            message = _("One list carries the registrations of one town; choose registrations of a single town.")
            raise InvalidInput(message, fields={"registrations": [message]})
        (sender,) = senders
        registration_list = create_numbered(
            RegistrationList,
            _("List number %(number)s is already used in %(year)s."),
            "duplicate_list_number",
            unique={"sender": sender, "number": number},
            year=compiled_on.year,
            compiled_on=compiled_on,
            campaign=campaign,
            recorded_by=actor,
        )
        Registration.objects.filter(pk__in=ids).update(registration_list=registration_list)
        audit_record(
            action="registrations.compiled",
            actor=actor,
            obj=registration_list,
            after=snapshot(registration_list)
            | {"registrations": [registration.reference for registration in registrations]},
            comment=(comment or "").strip(),
            role=Role.LABOUR_REVIEWER.value,
            unit=sender.code,
        )
    return registration_list
