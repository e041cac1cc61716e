"""What the audit trail's readers are told about a unit merger's events (``audit.labels``): the
merger, the units it merged, created and moved, and the open work it moved."""

from django.utils.translation import gettext_lazy as _

from audit import labels

from .models import UnitMerger
from .services import OPEN_WORK

MOVED = {
    "dossier": _("Moved to the unit its unit was merged into"),
    "registration": _("Registration moved to the unit its unit was merged into"),
}


def register() -> None:
    labels.actions(
        {
            "unit.created": _("Unit created"),
            "unit.merged": _("Unit merged"),
            "unit.moved": _("Moved under the unit its unit was merged into"),
            "unit.merger_recorded": _("Unit merger recorded"),
        }
    )
    for open_rows, _follows in OPEN_WORK:
        name = open_rows().model._meta.model_name
        labels.action(f"{name}.moved", MOVED.get(name, _("Moved to the unit its unit was merged into")))
        labels.field("nominee_unit", _("nominee's unit"), scope=f"{name}.moved")
    labels.model(UnitMerger)
    labels.field("carry_memberships", _("roles carried to the successor"), scope="mergers.unitmerger")
    labels.field("moved", _("open work moved"), scope="mergers.unitmerger")
