"""Recording a merger of communes or wards, and handing over to the successor what was open at them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, snapshot
from dossiers.models import FINAL_STATES, Dossier, Status
from registrations.models import Registration
from roles.models import Membership, Role, Unit, UnitKind, User
from roles.selectors import acting_unit
from roles.services import permissions_sync
from workflow_project.errors import Conflict, Forbidden, InvalidInput

from .models import UnitMerger
from .signals import dossier_moved

# Communes and wards merge with each other (a commune and a ward may form a ward); the roles they
# hold and the work they propose are the same.
MERGEABLE_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.WARD})


def _nominee_follows(row: Dossier | Registration, successor: Unit, merged_ids: set[int], **merger) -> dict[str, Any]:
    """An open dossier's or registration's nominee moves with it, once no dossier or registration
    left at the merged units names it (the last of its open rows to move takes it along)."""
    nominee = row.nominee
    if nominee.unit_id not in merged_ids:
        return {}
    for model in (Dossier, Registration):
        if model.objects.filter(nominee=nominee, unit_id__in=merged_ids).exists():
            return {}
    nominee.unit = successor
    nominee.save(update_fields=["unit"])
    return {"nominee_unit": successor.pk}


def _dossier_follows(dossier: Dossier, successor: Unit, merged_ids: set[int], **merger) -> dict[str, Any]:
    """What moves with an open dossier: its nominee, and whatever the apps that route dossiers move
    with it (``signals.dossier_moved``: the flow puts back in the successor's queue a task claimed by
    someone who no longer holds its role there)."""
    moved = _nominee_follows(dossier, successor, merged_ids)
    for _receiver, followed in dossier_moved.send(sender=Dossier, dossier=dossier, successor=successor, **merger):
        moved.update(followed or {})
    return moved


# What a merger hands over to the successor: for each model with a ``unit``, its open rows, and
# what moves with each row (``follows(row, successor, merged_ids, audit=, comment=)``,
# returning what it moved for the row's audit event; or None). Each row moved gets an event on its own audit stream.
# Another model moves too by adding its line here.
OPEN_WORK: list[tuple[Callable[[], models.QuerySet], Callable[..., dict] | None]] = [
    (lambda: Dossier.objects.exclude(status__in=FINAL_STATES).select_related("nominee"), _dossier_follows),
    # A registration is open until a dossier following it is decided (a withdrawn one leaves it open).
    (
        lambda: Registration.objects.exclude(dossiers__status__in=FINAL_STATES - {Status.WITHDRAWN}).select_related(
            "nominee"
        ),
        _nominee_follows,
    ),
]


def _administrator_unit(actor: User, units: Iterable[Unit]) -> str:
    """Check that ``actor`` administers every unit concerned; the code of the unit it acts from."""
    if actor.is_superuser:
        return ""
    held = None
    for unit in units:
        held = acting_unit(actor, Role.ADMINISTRATOR, unit)
        if held is None:
            raise Forbidden(_("Only an administrator of every unit concerned may record their merger."))
    return held.code if held else ""


def _check(merged: list[Unit], successor: Unit, effective_on: datetime.date, legal_basis: str) -> None:
    """Refuse a merger that makes no sense, before anything is written."""
    if not merged:
        raise InvalidInput(
            _("Choose the units that are merged."), fields={"merged_units": [_("Choose at least one unit.")]}
        )
    if not legal_basis.strip():
        raise InvalidInput(
            _("Give the act that merges the units."), fields={"legal_basis": [_("This field is required.")]}
        )
    if effective_on > timezone.localdate():
        raise InvalidInput(
            _("A merger is recorded once it is in effect: %(date)s is still to come.")
            % {"date": effective_on.strftime("%d/%m/%Y")},
            fields={"effective_on": [_("The date cannot be later than today.")]},
        )
    if successor.pk is not None and any(unit.pk == successor.pk for unit in merged):
        raise InvalidInput(_("%(unit)s cannot be merged into itself.") % {"unit": successor})
    for unit in [*merged, successor]:
        if unit.kind not in MERGEABLE_KINDS:
            raise InvalidInput(
                _("Only communes and wards can be merged; %(unit)s is a unit of kind %(kind)s.")
                % {"unit": unit, "kind": unit.get_kind_display()}
            )
    for unit in merged:
        # The town offices that review a commune's dossiers are those of its parent: a dossier
        # must not change hands in the middle of its review.
        if unit.parent_id != successor.parent_id:
            raise InvalidInput(
                _("%(unit)s and %(successor)s do not belong to the same unit: only units of one town merge.")
                % {"unit": unit, "successor": successor}
            )
    # Villages and residential groups move under the successor with the merger; offices (a
    # commune's own, under the two-tier local government) cannot: two offices would do one job.
    office = Unit.objects.filter(parent__in=merged, kind=UnitKind.OFFICE).select_related("parent").first()
    if office is not None:
        raise InvalidInput(
            _("%(unit)s has offices of its own, such as %(office)s: a unit with offices does not merge.")
            % {"unit": office.parent, "office": office}
        )
    for unit in [*merged, successor]:
        if unit.merged_into_id:
            raise Conflict(
                _("%(unit)s was already merged into %(successor)s on %(date)s.")
                % {"unit": unit, "successor": unit.merged_into, "date": unit.merged_on.strftime("%d/%m/%Y")}
            )
    later = (
        Membership.objects.filter(unit__in=merged, starts_on__gt=effective_on)
        .select_related("user", "unit")
        .order_by("starts_on", "pk")
        .first()
    )
    if later is not None:
        raise InvalidInput(
            _("The merger cannot take effect on %(date)s, before the role of %(user)s in %(unit)s begins (%(starts)s).")
            % {
                "date": effective_on.strftime("%d/%m/%Y"),
                "user": later.user,
                "unit": later.unit,
                "starts": later.starts_on.strftime("%d/%m/%Y"),
            },
            fields={"effective_on": [_("The date is before a role in a merged unit begins.")]},
        )


def _memberships_move(
    *, merged: list[Unit], successor: Unit, merger: UnitMerger, carry: bool, actor: User, audit: dict
) -> set[int]:
    """End the merged units' memberships on the merger's date and, if ``carry``, give each member
    the same role in the successor from that date (until the old role would have ended). The
    users whose roles changed."""
    effective_on = merger.effective_on
    comment = _("Merger into %(successor)s: %(basis)s") % {"successor": successor, "basis": merger.legal_basis}
    lasting = (
        Membership.objects.select_for_update(of=("self",))
        .filter(unit__in=merged)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=effective_on))
        .select_related("user")
        .order_by("pk")
    )
    users = set()
    for membership in lasting:
        before = snapshot(membership, ["ends_on"])
        until = membership.ends_on
        membership.ends_on = effective_on
        membership.save(update_fields=["ends_on"])
        stream = f"auth:{membership.user.get_username()}"
        audit_record(
            action="role.revoked",
            obj=membership,
            stream=stream,
            before=before,
            after=snapshot(membership, ["ends_on"]),
            comment=comment,
            **audit,
        )
        users.add(membership.user_id)
        already = Membership.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=effective_on),
            user=membership.user,
            role=membership.role,
            unit=successor,
            starts_on__lte=effective_on,
        )
        if carry and not already.exists():
            carried = Membership.objects.create(
                user=membership.user,
                role=membership.role,
                unit=successor,
                starts_on=effective_on,
                ends_on=until,
                granted_by=actor,
            )
            audit_record(
                action="role.granted", obj=carried, stream=stream, after=snapshot(carried), comment=comment, **audit
            )
    return users


def _successor_create(successor: Unit, audit: dict) -> None:
    try:
        successor.full_clean()
    except ValidationError as exc:
        raise InvalidInput(_("The new unit cannot be created."), fields=exc.message_dict) from exc
    successor.save()
    audit_record(action="unit.created", obj=successor, after=snapshot(successor), **audit)


def _units_mark_merged(merged: list[Unit], successor: Unit, effective_on, *, audit: dict, comment: str) -> None:
    """The merged units stay, for history, marked merged into the successor."""
    for unit in merged:
        before = snapshot(unit, ["merged_into", "merged_on"])
        unit.merged_into, unit.merged_on = successor, effective_on
        unit.save(update_fields=["merged_into", "merged_on"])
        audit_record(
            action="unit.merged",
            obj=unit,
            before=before,
            after=snapshot(unit, ["merged_into", "merged_on"]),
            comment=comment,
            **audit,
        )


def _children_move(merged: list[Unit], successor: Unit, *, audit: dict, comment: str) -> None:
    """The merged units' villages and residential groups (and what lies beneath them) now belong to
    the successor."""
    for child in Unit.objects.select_for_update().filter(parent__in=merged).order_by("pk"):
        before = {"parent": child.parent_id, "path": child.path}
        child.parent = successor
        child.save()
        audit_record(
            action="unit.moved",
            obj=child,
            before=before,
            after={"parent": successor.pk, "path": child.path},
            comment=comment,
            **audit,
        )


def _open_work_move(merged_ids: set[int], successor: Unit, *, audit: dict, comment: str) -> dict[str, list[int]]:
    """The merged units' open work (``OPEN_WORK``) moves to the successor, each row with its own
    audit event; what moved, by model."""
    moved: dict[str, list[int]] = {}
    for open_rows, follows in OPEN_WORK:
        for row in open_rows().select_for_update(of=("self",)).filter(unit__in=merged_ids).order_by("pk"):
            before = {"unit": row.unit_id}
            row.unit = successor
            row.save(update_fields=["unit"])
            followed = follows(row, successor, merged_ids, audit=audit, comment=comment) if follows else {}
            audit_record(
                action=f"{row._meta.model_name}.moved",
                obj=row,
                before=before,
                after={"unit": successor.pk, **followed},
                comment=comment,
                **audit,
            )
            moved.setdefault(row._meta.label_lower, []).append(row.pk)
    return moved


def units_merge(
    *,
    merged: Iterable[Unit],
    successor: Unit,
    effective_on: datetime.date,
    legal_basis: str,
    carry_memberships: bool = True,
    actor: User,
) -> UnitMerger:
    """Merge communes or wards into ``successor`` (an existing unit, or a new unsaved one, created
    with the merger) from ``effective_on``, by ``legal_basis``.

    In one transaction: the merged units are marked merged (they stay, for history); their open
    work (``OPEN_WORK``) moves to the successor, closed work stays; their memberships end on the
    merger's date and, unless ``carry_memberships`` is false, their members hold the same roles in
    the successor from that date, so that open dossiers keep someone to work them. Every change is
    in the audit trail; a moved row's earlier events stay as they were.
    """
    legal_basis = legal_basis.strip()
    with transaction.atomic():
        ids = sorted({unit.pk for unit in merged} | ({successor.pk} if successor.pk else set()))
        # Locked, and read afresh: two mergers of one unit cannot both succeed.
        locked = {unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        merged = list({unit.pk: locked[unit.pk] for unit in merged}.values())
        if successor.pk:
            successor = locked[successor.pk]
        admin_unit = _administrator_unit(actor, [*merged, *([successor] if successor.pk else [])])
        _check(merged, successor, effective_on, legal_basis)
        audit = {"actor": actor, "role": Role.ADMINISTRATOR.value, "unit": admin_unit}
        if successor.pk is None:
            _successor_create(successor, audit)

        merger = UnitMerger.objects.create(
            successor=successor, effective_on=effective_on, legal_basis=legal_basis, recorded_by=actor
        )
        merger.merged_units.set(merged)
        _units_mark_merged(merged, successor, effective_on, audit=audit, comment=legal_basis)

        users = _memberships_move(
            merged=merged, successor=successor, merger=merger, carry=carry_memberships, actor=actor, audit=audit
        )
        permissions_sync(users=User.objects.filter(pk__in=users))
        _children_move(merged, successor, audit=audit, comment=legal_basis)
        merged_ids = {unit.pk for unit in merged}
        moved = _open_work_move(merged_ids, successor, audit=audit, comment=legal_basis)

        audit_record(
            action="unit.merger_recorded",
            obj=merger,
            after={
                **snapshot(merger),
                "merged_units": sorted(merged_ids),
                "carry_memberships": carry_memberships,
                "moved": moved,
            },
            comment=legal_basis,
            **audit,
        )
    return merger
