"""Granting and ending roles (memberships become django-guardian permissions on units); a user's
own password and screen language."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, snapshot
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

from .models import Membership, Role, Unit, UnitUserObjectPermission, User
from .selectors import acting_unit


def _role_permissions() -> dict[str, Permission]:
    codenames = [role.codename for role in Role]
    return {
        perm.codename: perm
        for perm in Permission.objects.filter(content_type__app_label="roles", codename__in=codenames)
    }


def permissions_sync(*, users=None, today: datetime.date | None = None) -> int:
    """Make each user's role permissions on units match their memberships active ``today``.

    Runs after every grant and end, and daily (``manage.py roles_sync``) so that memberships
    start and lapse on their dates. Returns how many permissions were added or removed.
    """
    today = today or timezone.localdate()
    perms = _role_permissions()
    user_ids = None if users is None else [u.pk for u in users]
    memberships = Membership.objects.all()
    granted = UnitUserObjectPermission.objects.filter(permission__in=perms.values())
    if user_ids is not None:
        memberships = memberships.filter(user_id__in=user_ids)
        granted = granted.filter(user_id__in=user_ids)
    wanted = {
        (m.user_id, perms[Role(m.role).codename].pk, m.unit_id)
        for m in memberships.filter(starts_on__lte=today).exclude(ends_on__lte=today)
    }
    have = {
        (row.user_id, row.permission_id, row.content_object_id): row.pk
        for row in granted.only("pk", "user_id", "permission_id", "content_object_id")
    }
    stale = [pk for key, pk in have.items() if key not in wanted]
    UnitUserObjectPermission.objects.filter(pk__in=stale).delete()
    missing = [
        UnitUserObjectPermission(user_id=u, permission_id=p, content_object_id=unit)
        for (u, p, unit) in wanted
        if (u, p, unit) not in have
    ]
    UnitUserObjectPermission.objects.bulk_create(missing, ignore_conflicts=True)
    return len(stale) + len(missing)


def _administrator_unit(actor: User | None, unit: Unit) -> str:
    """Check that ``actor`` may manage roles in ``unit``; the code of the unit it acts from.

    ``None`` is the system itself (a management command). A superuser manages every unit; an
    administrator, the units of the scope where the role is held.
    """
    if actor is None or actor.is_superuser:
        return ""
    held = acting_unit(actor, Role.ADMINISTRATOR, unit)
    if held is None:
        raise Forbidden(_("Only an administrator of this unit may grant or end roles."))
    return held.code


def membership_grant(
    *,
    actor: User | None,
    user: User,
    role: Role | str,
    unit: Unit,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    membership = Membership(
        user=user,
        role=Role(role),
        unit=unit,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        granted_by=actor,
    )
    admin_unit = _administrator_unit(actor, unit)
    try:
        membership.full_clean(exclude=["granted_by"])
    except ValidationError as exc:
        raise InvalidInput(_("The role cannot be granted."), fields=exc.message_dict) from exc
    with transaction.atomic():
        membership.save()
        permissions_sync(users=[user])
        audit_record(
            action="role.granted",
            actor=actor,
            obj=membership,
            stream=f"auth:{user.get_username()}",
            after=snapshot(membership),
            role=Role.ADMINISTRATOR if actor else "",
            unit=admin_unit,
        )
    return membership


def membership_end(*, actor: User | None, membership_id: int, ends_on: datetime.date | None = None) -> Membership:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user", "unit").filter(pk=membership_id).first()
        )
        if membership is None:
            raise NotFound(_("No such membership."))
        admin_unit = _administrator_unit(actor, membership.unit)
        before = snapshot(membership, ["ends_on"])
        if membership.ends_on is not None and membership.ends_on <= timezone.localdate():
            # A later end date would revive a role that is over.
            raise Conflict(
                _("This membership already ended on %(date)s.") % {"date": membership.ends_on.strftime("%d/%m/%Y")}
            )
        membership.ends_on = max(ends_on or timezone.localdate(), membership.starts_on)
        membership.save(update_fields=["ends_on"])
        permissions_sync(users=[membership.user])
        audit_record(
            action="role.revoked",
            actor=actor,
            obj=membership,
            stream=f"auth:{membership.user.get_username()}",
            before=before,
            after=snapshot(membership, ["ends_on"]),
            role=Role.ADMINISTRATOR if actor else "",
            unit=admin_unit,
        )
    return membership


def user_password_change(*, user: User, password: str, actor: User) -> User:
    """Give ``user`` the new ``password`` (validated by the form that took it); the trail records
    the change in the user's stream, never the password or its hash."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(action="auth.password_changed", actor=actor, obj=user, stream=f"auth:{user.get_username()}")
    return user


def user_language_choose(*, user: User, language: str) -> User:
    """Keep the language ``user`` chose for the screens, which follows them to any browser. A
    preference, not an event of the trail."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("No such language."), fields={"language": [_("No such language.")]})
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
    return user
