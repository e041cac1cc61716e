"""Who may see and do what, where. Every list of the product is scoped through ``scope_q``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from .models import Role, Unit, UnitUserObjectPermission, User

# Every role but the administrator's lets its holder read the dossiers of its scope.
READING_ROLES: tuple[Role, ...] = tuple(role for role in Role if role != Role.ADMINISTRATOR)


def units_held(user, roles: Iterable[Role]) -> QuerySet[Unit]:
    """The units in which ``user`` currently holds any of ``roles`` (from guardian permissions)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    return get_objects_for_user(
        user,
        [role.permission for role in roles],
        klass=Unit.objects.select_related("parent"),
        any_perm=True,
        with_superuser=False,
        accept_global_perms=False,
    )


def scope_paths(user, roles: Iterable[Role] = READING_ROLES) -> list[str]:
    return sorted({unit.scope_path for unit in units_held(user, roles)})


def scope_q(user, *, unit_field: str = "unit", roles: Iterable[Role] = READING_ROLES) -> Q:
    """A filter keeping only rows whose ``unit_field`` lies within the user's scope.

    The one scoping selector: lists, queues, exports and checked getters all build on it. A user
    with no role matches nothing (``pk__in=[]``).
    """
    query = Q(pk__in=[])
    for path in scope_paths(user, roles):
        query |= Q(**{f"{unit_field}__path__startswith": path})
    return query


def can_see_unit(user, unit: Unit) -> bool:
    return any(unit.path.startswith(path) for path in scope_paths(user))


def acting_unit(user, role: Role, unit: Unit) -> Unit | None:
    """The unit through which ``user`` holds ``role`` over ``unit``, or None.

    A role held in one commune grants nothing in another; a role held in a town office reaches
    every unit of that town.
    """
    for held in units_held(user, [role]):
        if unit.path.startswith(held.scope_path):
            return held
    return None


def holders(role: Role, unit: Unit) -> QuerySet:
    """The active users currently holding ``role`` in exactly ``unit``."""
    return User.objects.filter(
        is_active=True,
        pk__in=UnitUserObjectPermission.objects.filter(
            permission__codename=role.codename, content_object=unit
        ).values("user_id"),
    )


def ancestor_paths(unit: Unit) -> list[str]:
    """``/lao-cai/sa-pa/ta-van/`` → ``/lao-cai/``, ``/lao-cai/sa-pa/``, ``/lao-cai/sa-pa/ta-van/``."""
    codes = [code for code in unit.path.split("/") if code]
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
