"""The demo's users, one per role, each holding its role in its unit."""

from __future__ import annotations

import secrets

from django.db.models import Q

from audit.services import audit_record
from roles.models import Membership, User
from roles.services import membership_grant

from .data import SOURCE, USERS
from .seeding import Seeding, record_added


def user(seeding: Seeding, username: str, full_name: str, superuser: bool) -> User:
    """The user ``username``, made if there is none (with the password given, or a random one made
    once for all the new users); an existing user's password is set to the one given, if any."""
    user = User.objects.filter(username=username).first()
    if user is None:
        if seeding.password is None and seeding.new_password is None:
            seeding.new_password = secrets.token_urlsafe(9)
        user = User(username=username, full_name=full_name, is_staff=superuser, is_superuser=superuser)
        user.set_password(seeding.password or seeding.new_password)
        user.save()
        record_added(user)
        seeding.created["users"] += 1
    elif seeding.password is not None and not user.check_password(seeding.password):
        user.set_password(seeding.password)
        user.save(update_fields=["password"])
        audit_record(action="auth.password_set", stream=f"auth:{username}", obj=user, comment=SOURCE)
        seeding.passwords_set += 1
    seeding.users[username] = user
    return user


def roles(seeding: Seeding) -> None:
    """Every demo user, holding its role in its unit today (granted unless it already holds it)."""
    today = seeding.today
    active = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))
    for username, full_name, role, unit_code, superuser in USERS:
        member = user(seeding, username, full_name, superuser)
        unit = seeding.units[unit_code]
        if not Membership.objects.filter(active, user=member, role=role, unit=unit).exists():
            # The administrator's own role is granted by the system; the others by it.
            granter = None if username == "admin" else seeding.users["admin"]
            membership_grant(actor=granter, user=member, role=role, unit=unit)
            seeding.created["memberships"] += 1
