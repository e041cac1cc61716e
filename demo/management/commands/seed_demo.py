"""Demo data: Lào Cai's Sa Pa town, its award forms and campaigns, a user per role, and dossiers.

Idempotent: what exists is left as it is, so a second run creates nothing and writes nothing to
the audit trail. Registrations and dossiers are made through the services, as users would make
them, and only while the current campaign has none; the dossiers go through the award-dossier flow
as through its screens (``demo.flow``). The data is in ``demo.data``.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.campaign_dossiers import dossiers
from demo.campaign_registrations import registrations
from demo.catalogue import award_forms, campaigns
from demo.data import USERS
from demo.seeding import Seeding
from demo.units import organisation
from demo.users import roles
from dossiers.models import Dossier, Status
from roles.models import Membership
from workflow_project.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Create the demo: Sa Pa town's organisation, award forms, the 2020 and the current campaign, a "
        "user per role and dossiers in many states. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Set every demo user's password to this (new and existing users). Without it, new users "
            "get a random password, printed once; existing users keep theirs.",
        )

    def handle(self, *args, password=None, **options):
        if password is not None:
            if not password:
                raise CommandError("--password cannot be empty.")
            try:
                validate_password(password)
            except ValidationError as exc:
                self.stderr.write("Warning: weak password: " + " ".join(exc.messages))
        seeding = Seeding(password=password, today=timezone.localdate())
        try:
            with transaction.atomic():
                organisation(seeding)
                award_forms(seeding)
                seeding.current = campaigns(seeding)
                roles(seeding)
                registrations(seeding)
                dossiers(seeding)
        except ServiceError as exc:
            raise CommandError(f"The demo could not be made: {exc} ({exc.code} {exc.fields or ''})") from exc
        self.report(seeding)

    def report(self, seeding: Seeding) -> None:
        write = self.stdout.write
        made = ", ".join(f"{n} {what}" for what, n in seeding.created.items() if n)
        write(f"Demo data: created {made}." if made else "Demo data: already in place; nothing created.")
        if seeding.passwords_set:
            write(f"Password set for {seeding.passwords_set} existing user(s).")
        if seeding.new_password:
            write(self.style.WARNING(f"Password of the new demo users: {seeding.new_password}"))
        write("")
        write("Users (username, name: role in unit):")
        memberships = (
            Membership.objects.filter(user__username__in=[row[0] for row in USERS])
            .select_related("user", "unit")
            .order_by("user__id", "role")
        )
        for m in memberships:
            if m.is_active(seeding.today):
                write(f"  {m.user.username:<13} {m.user.full_name}: {m.get_role_display()}, {m.unit.name}")
        write("")
        write(
            f"Dossiers of “{seeding.current.name}” {seeding.current.year} "
            f"(dossiers due {seeding.current.dossier_deadline:%d/%m/%Y}):"
        )
        counts = Counter(Dossier.objects.filter(campaign=seeding.current).values_list("unit__name", "status"))
        for unit_name in sorted({unit for unit, _ in counts}):
            states = ", ".join(
                f"{Status(status).label} {n}"
                for (unit, status), n in sorted(counts.items(), key=lambda item: list(Status).index(item[0][1]))
                if unit == unit_name
            )
            write(f"  {unit_name}: {states}")
