"""One run of the demo's seeding: what it has found or made so far, what it counts as made, and the
audit record of the configuration it adds.

Every step (``demo.units``, ``demo.catalogue``, ``demo.users``, ``demo.campaign_registrations``,
``demo.campaign_dossiers``) takes the run's ``Seeding``, leaves what exists as it is, and adds to
``created`` what it made, so that a second run creates nothing and writes nothing to the audit trail.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from audit.services import audit_record, snapshot
from dossiers.models import AwardForm, Campaign
from registrations.models import Registration
from roles.models import Role, Unit, User

from .data import SOURCE


@dataclass
class Seeding:
    password: str | None  # every demo user's password, if given
    today: datetime.date
    created: Counter[str] = field(default_factory=Counter)  # what was made, by kind, in the order made
    new_password: str | None = None  # the random password of the new users, when none was given
    passwords_set: int = 0  # existing users whose password was set to ``password``
    units: dict[str, Unit] = field(default_factory=dict)  # by code
    users: dict[str, User] = field(default_factory=dict)  # by username
    forms: dict[str, AwardForm] = field(default_factory=dict)  # by code
    current: Campaign | None = None  # this year's campaign, which gets the registrations and dossiers
    registered: dict[str, Registration] = field(default_factory=dict)  # made now, that dossiers follow


def record_added(obj: models.Model, extra: dict | None = None) -> None:
    """The audit event of configuration the demo added (it has no user: the administrator's role)."""
    audit_record(
        action="config.added",
        obj=obj,
        # As stored: Decimal("50") is kept as 50.00.
        after=snapshot(type(obj).objects.get(pk=obj.pk)) | (extra or {}),
        role=Role.ADMINISTRATOR.value,
        comment=SOURCE,
    )
