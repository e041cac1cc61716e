"""The demo's organisation: Lào Cai province, Sa Pa town, its offices, wards and communes, and a
few villages and residential groups."""

from __future__ import annotations

from roles.models import Unit, UnitKind

from .data import COMMUNES, OFFICES, PROVINCE, TOWN, VILLAGES, WARDS
from .seeding import Seeding, record_added


def unit(seeding: Seeding, code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    """The unit of ``code``, made if there is none."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit(code=code, name=name, kind=kind, parent=parent)
        unit.full_clean()
        unit.save()
        record_added(unit)
        seeding.created["units"] += 1
    seeding.units[code] = unit
    return unit


def organisation(seeding: Seeding) -> None:
    province = unit(seeding, *PROVINCE, UnitKind.PROVINCE, None)
    town = unit(seeding, *TOWN, UnitKind.TOWN, province)
    for code, name in OFFICES:
        unit(seeding, code, name, UnitKind.OFFICE, town)
    for code, name in WARDS:
        unit(seeding, code, name, UnitKind.WARD, town)
    for code, name in COMMUNES:
        unit(seeding, code, name, UnitKind.COMMUNE, town)
    for parent, units in VILLAGES.items():
        for code, name, kind in units:
            unit(seeding, code, name, kind, seeding.units[parent])
