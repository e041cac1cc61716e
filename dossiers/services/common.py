"""What the dossier services share: the locked dossier row, the audit event of a change, a state's
label, and the lock of a dossier its submitter may still edit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from audit.services import audit_record
from roles.models import Role, Unit, User
from roles.selectors import acting_unit, can_see_unit
from workflow_project.errors import Conflict, Forbidden, NotFound

from ..models import Dossier, Status
from ..selectors import with_rules

EDITABLE_STATES = {Status.DRAFT, Status.RETURNED}


def state_label(status: str) -> str:
    return str(Status(status).label)


def dossier_lock(dossier_id: int, actor: User) -> Dossier:
    """The dossier row, locked until the transaction ends; NotFound if the actor may not see it."""
    dossier = with_rules(Dossier.objects.select_for_update(of=("self",))).filter(pk=dossier_id).first()
    if dossier is None or not can_see_unit(actor, dossier.unit):
        raise NotFound(_("No such dossier."))
    return dossier


def _audit_dossier(
    dossier: Dossier, *, action: str, actor: User, role: Role, before: Any, after: Any, comment: str = ""
):
    held = acting_unit(actor, role, dossier.unit)
    audit_record(
        action=action,
        actor=actor,
        obj=dossier,
        before=before,
        after=after,
        comment=comment,
        role=role.value,
        unit=held.code if held else "",
    )


def _lock_editable(dossier_id: int, actor: User, refusal: str) -> Dossier:
    """A draft or returned dossier, locked, for its unit's submitter; ``refusal`` names the state."""
    dossier = dossier_lock(dossier_id, actor)
    _require_submitter(actor, dossier.unit)
    if dossier.status not in EDITABLE_STATES:
        raise Conflict(refusal % {"state": state_label(dossier.status)})
    return dossier


def _require_submitter(actor: User, unit: Unit) -> Unit:
    held = acting_unit(actor, Role.COMMUNE_SUBMITTER, unit)
    if held is None:
        if can_see_unit(actor, unit):
            raise Forbidden(
                _("Only a %(role)s of this dossier's unit may do this.") % {"role": Role.COMMUNE_SUBMITTER.label}
            )
        raise NotFound(_("No such unit."))
    return held
