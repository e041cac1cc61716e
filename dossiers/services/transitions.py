"""The transitions of a dossier: one service each, around ``transition_dossier``.

A transition service locks the dossier row, checks that the actor may see it (else NotFound),
that the transition leaves the current state (else Conflict), that the actor holds the role it
needs over the dossier's unit (else Forbidden), that a comment is given where one is required,
and the transition's conditions (else Refused); then it moves the state, saves, writes the audit
event and notifies those concerned (``notices``; their emails go out after commit), all in one
transaction. A refusal changes nothing. The appraisal's three outcomes are in ``appraisal``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from roles.models import Role, User
from roles.selectors import acting_unit
from workflow_project.errors import Conflict, Forbidden, InvalidInput, Refused

from .. import notices
from ..fsm import fsm_custom, fsm_permission, fsm_transition
from ..models import Dossier, Status
from .common import _audit_dossier, dossier_lock, state_label


def transition_label(method) -> str:
    """The label a transition method carries (every source of one method shares it)."""
    return str(fsm_custom(method)["label"])


def transition_role(name: str) -> Role:
    """The role the transition ``name`` names (every source of one method shares it)."""
    return fsm_permission(getattr(Dossier, name)).role


def require_role(actor: User, role: Role, dossier: Dossier) -> None:
    """Refused (403) unless ``actor`` holds ``role`` over the dossier's unit."""
    if acting_unit(actor, role, dossier.unit) is None:
        raise Forbidden(_("Only a %(role)s of this dossier's unit may do this.") % {"role": role.label})


def wrong_state(name: str, status: str) -> Conflict:
    """The refusal of the transition ``name`` that the dossier's state ``status`` does not allow."""
    return Conflict(
        _("This action (%(action)s) is not possible: the dossier is now “%(state)s”.")
        % {"action": transition_label(getattr(Dossier, name)), "state": state_label(status)}
    )


def transition_dossier(
    *,
    dossier_id: int,
    name: str,
    actor: User,
    comment: str = "",
    arguments: dict[str, Any] | None = None,
    check: Callable[[Dossier], None] | None = None,
    details: dict[str, Any] | None = None,
) -> Dossier:
    """Run the transition ``name`` on a dossier; the building block of every transition service.

    ``check`` adds a condition that lives outside the dossier (a council vote, a decision); it
    raises a ServiceError to refuse. ``details`` are recorded with the event.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        dossier = dossier_lock(dossier_id, actor)
        method = getattr(dossier, name)
        role = transition_role(name)
        require_role(actor, role, dossier)
        transition = fsm_transition(method, dossier.status)
        if transition is None:
            raise wrong_state(name, dossier.status)
        if not transition.has_perm(dossier, actor):
            refusal = getattr(transition.permission, "refusal", None)
            if refusal is not None:
                raise Forbidden(refusal(dossier))
            # The role is held, but the dossier is claimed by another reviewer.
            raise Forbidden(
                _("This dossier is being reviewed by %(reviewer)s; only they can act on it.")
                % {"reviewer": dossier.reviewer or "?"}
            )
        if transition.custom.get("comment_required") and not comment:
            raise InvalidInput(_("A comment is required: say why."), fields={"comment": [_("This field is required.")]})
        for condition in transition.conditions:
            if not condition(dossier):
                raise Refused(condition.message(dossier), code=condition.__name__)
        if check is not None:
            check(dossier)
        before = dossier.status
        method(**(arguments or {}))
        dossier.save()
        after = {"status": dossier.status, **(details or {})}
        _audit_dossier(
            dossier,
            action=f"dossier.{name}",
            actor=actor,
            role=role,
            before={"status": before},
            after=after,
            comment=comment,
        )
        notices.announce(dossier, name, comment=comment, details=details)
    return dossier


def dossier_submit(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="submit", actor=actor, comment=comment)


def dossier_resubmit(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="resubmit", actor=actor, comment=comment)


def dossier_withdraw(*, dossier_id: int, actor: User, comment: str) -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="withdraw", actor=actor, comment=comment)


def dossier_start_review(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(
        dossier_id=dossier_id, name="start_review", actor=actor, comment=comment, arguments={"by": actor}
    )


def dossier_release(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="release", actor=actor, comment=comment)


def dossier_reassign(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    """The head of the office takes a dossier from the reviewer who claimed it, back to the queue."""
    return transition_dossier(dossier_id=dossier_id, name="reassign", actor=actor, comment=comment)


def dossier_hand_back(*, dossier_id: int, actor: User, role: str, unit: str, comment: str) -> Dossier:
    """A dossier under review goes back to the queue because its reviewer no longer holds the role
    over its unit (a unit merger moved it): its review's claim ends, as when it is put back.

    ``actor`` acts in ``role`` at ``unit`` by a right of their own that the caller checked (the
    administrator recording the merger), not as a reviewer; in the caller's transaction."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier_id)
        if dossier.status != Status.UNDER_REVIEW:
            return dossier
        dossier.release()
        dossier.save()
        audit_record(
            action="dossier.release",
            actor=actor,
            obj=dossier,
            before={"status": Status.UNDER_REVIEW},
            after={"status": dossier.status},
            comment=comment,
            role=role,
            unit=unit,
        )
    return dossier
