"""The current campaign's emulation registrations, through the services, and the labour office's
list of some of them."""

from __future__ import annotations

from registrations.models import Registration
from registrations.services import registration_create, registration_list_create

from .data import REGISTRATION_LIST, REGISTRATIONS
from .seeding import Seeding


def registrations(seeding: Seeding) -> None:
    """Made only while the current campaign has none; the dossiers that follow them find them in
    ``seeding.registered``."""
    if Registration.objects.filter(campaign=seeding.current).exists():
        return
    for key, username, unit_code, form, pledge, nominee in REGISTRATIONS:
        seeding.registered[key] = registration_create(
            actor=seeding.users[username],
            campaign_id=seeding.current.pk,
            unit_id=seeding.units[unit_code].pk,
            award_form_id=seeding.forms[form].pk,
            nominee=nominee,
            pledge=pledge,
        )
    registration_list_create(
        actor=seeding.users[REGISTRATION_LIST["actor"]],
        number=REGISTRATION_LIST["number"],
        compiled_on=seeding.today,
        registration_ids=[seeding.registered[key].pk for key in REGISTRATION_LIST["registrations"]],
        comment=REGISTRATION_LIST["comment"],
    )
    seeding.created["registrations"] = len(seeding.registered)
