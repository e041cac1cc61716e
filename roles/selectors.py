"""Who may see and do what, where. Every list of the product is scoped through ``scope_q``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from workflow_project.errors import Forbidden, NotFound

from .models import Role, Unit, UnitKind, UnitUserObjectPermission, User

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


def holds_any(user, roles: Iterable[Role]) -> bool:
    """Whether ``user`` holds any of ``roles`` somewhere."""
    return units_held(user, roles).exists()


def holds_only(user, role: Role) -> bool:
    """Whether ``role`` is the one role ``user`` holds (in one unit or several)."""
    held = {role for roles in roles_held(user).values() for role in roles}
    return held == {role}


def may_read(user) -> bool:
    """Whether ``user`` reads the dossiers (and registrations) of some unit."""
    return holds_any(user, READING_ROLES)


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


def handling_unit(unit: Unit) -> Unit | None:
    """The unit whose offices, council and chairman handle the dossiers ``unit`` proposes: the
    nearest unit, ``unit`` itself or one above it, that has offices of its own.

    In 2020 a commune proposed to its town; under the two-tier local government (since
    01/07/2025) a village proposes to its commune, which has its own offices.
    """
    return _with_offices(ancestor_paths(unit)).order_by("-path").first()


def _with_offices(paths) -> QuerySet[Unit]:
    """The units at ``paths`` that have offices of their own."""
    return Unit.objects.filter(path__in=paths, children__kind=UnitKind.OFFICE).exclude(kind=UnitKind.OFFICE).distinct()


def handling_units(units) -> dict[int, int | None]:
    """``handling_unit`` of each of ``units``, by unit id, as ids: in one query."""
    units = list(units)
    paths = {path for unit in units for path in ancestor_paths(unit)}
    handlers = dict(_with_offices(paths).values_list("path", "pk"))
    nearest = {}
    for unit in units:
        above = [path for path in ancestor_paths(unit) if path in handlers]
        nearest[unit.pk] = handlers[max(above, key=len)] if above else None
    return nearest


def require_acting_unit(user, role: Role, unit: Unit) -> Unit:
    """The unit through which ``user`` holds ``role`` over ``unit``; refused (403) if the user
    sees the unit without the role there, not found (404) if the unit lies outside their units."""
    held = acting_unit(user, role, unit)
    if held is None:
        if can_see_unit(user, unit):
            raise Forbidden(_("Only a %(role)s of this unit may do this.") % {"role": role.label})
        raise NotFound(_("No such unit."))
    return held


def holders(role: Role, unit: Unit) -> QuerySet:
    """The active users currently holding ``role`` in exactly ``unit``."""
    return User.objects.filter(
        is_active=True,
        pk__in=UnitUserObjectPermission.objects.filter(permission__codename=role.codename, content_object=unit).values(
            "user_id"
        ),
    )


def paths_above(path: str) -> list[str]:
    """``/lao-cai/sa-pa/ta-van/`` → ``/lao-cai/``, ``/lao-cai/sa-pa/``, ``/lao-cai/sa-pa/ta-van/``."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


def ancestor_paths(unit: Unit) -> list[str]:
    """The paths of ``unit`` and of every unit above it (``paths_above``)."""
    return paths_above(unit.path)


def units_over(unit: Unit) -> QuerySet[Unit]:
    """The units whose roles reach ``unit``: itself, the units above it, and their offices."""
    paths = ancestor_paths(unit)
    return Unit.objects.filter(Q(path__in=paths) | Q(kind=UnitKind.OFFICE, parent__path__in=paths))


def _holding(role: Role, units) -> QuerySet:
    return UnitUserObjectPermission.objects.filter(permission__codename=role.codename, content_object__in=units)


def holders_over(role: Role, unit: Unit) -> QuerySet:
    """The active users currently holding ``role`` over ``unit`` (in it, above it, or in an office
    of a unit above it)."""
    return User.objects.filter(is_active=True, pk__in=_holding(role, units_over(unit)).values("user_id"))


def offices_of(role: Role, unit: Unit) -> QuerySet[Unit]:
    """The offices in which someone holds ``role`` over ``unit`` (the labour office, for a reviewer)."""
    return units_over(unit).filter(
        kind=UnitKind.OFFICE, pk__in=_holding(role, units_over(unit)).values("content_object_id")
    )


def heads_of_office_over(role: Role, unit: Unit) -> QuerySet:
    """The heads of the offices in which ``role`` is held over ``unit``."""
    return User.objects.filter(
        is_active=True, pk__in=_holding(Role.HEAD_OF_OFFICE, offices_of(role, unit)).values("user_id")
    )


def roles_in(unit: Unit) -> set[Role]:
    """The roles someone currently holds in exactly ``unit``."""
    codenames = set(
        UnitUserObjectPermission.objects.filter(content_object=unit).values_list("permission__codename", flat=True)
    )
    return {role for role in Role if role.codename in codenames}


def unit_list(user) -> QuerySet[Unit]:
    """The units ``user`` may use: those where they hold a role (any role, the administrator's too)
    and every unit within the scope of their reading roles (an office's role reaches its town)."""
    query = Q(pk__in=units_held(user, Role).values("pk"))
    for path in scope_paths(user):
        query |= Q(path__startswith=path)
    return Unit.objects.filter(query).order_by("path")


def unit_get(user, unit_id: int) -> Unit:
    """One of ``unit_list``; NotFound otherwise, whether it exists or not."""
    unit = unit_list(user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(_("No such unit."))
    return unit


def roles_held(user) -> dict[int, list[Role]]:
    """The roles ``user`` currently holds, by unit id (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    by_codename = {role.codename: role for role in Role}
    held: dict[int, list[Role]] = {}
    rows = UnitUserObjectPermission.objects.filter(user=user, permission__codename__in=by_codename)
    for unit_id, codename in rows.values_list("content_object_id", "permission__codename"):
        held.setdefault(unit_id, []).append(by_codename[codename])
    return {unit_id: sorted(roles, key=list(Role).index) for unit_id, roles in held.items()}
