"""Who is told of a dossier's transition, and what: one function per kind of event.

``transition_dossier`` calls ``announce`` in the transition's transaction; the notifications are
recorded with it and their emails go out after it commits. Each text is written by a function,
which ``notify`` calls in each recipient's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import Text, notify
from roles.models import Role
from roles.selectors import acting_unit, holders, holders_over

from .models import Dossier, Status


def _about(dossier: Dossier) -> dict[str, str]:
    return {
        "reference": dossier.reference,
        "nominee": dossier.nominee.name,
        "award": dossier.award_form.name,
        "unit": dossier.unit.name,
        "body": dossier.award_form.awarding_body.name,
    }


def _with_comment(text: str, comment: str) -> str:
    return f"{text}\n\n{_('Comment')}: {comment}" if comment else text


def _submitters(dossier: Dossier):
    return holders(Role.COMMUNE_SUBMITTER, dossier.unit)


def _to_reviewers(dossier: Dossier, *, kind: str, subject: Text, body: Text) -> None:
    """The labour reviewers who may review the dossier."""
    notify(
        recipients=holders_over(Role.LABOUR_REVIEWER, dossier.unit),
        kind=kind,
        subject=subject,
        body=body,
        dossier=dossier,
    )


def submitted(dossier: Dossier, **_ignored) -> None:
    about = _about(dossier)
    _to_reviewers(
        dossier,
        kind="dossier.submitted",
        subject=lambda: _("New dossier %(reference)s to review") % about,
        body=lambda: (
            _("%(unit)s has submitted dossier %(reference)s (%(nominee)s, %(award)s) to the labour office.") % about
        ),
    )


def resubmitted(dossier: Dossier, **_ignored) -> None:
    about = _about(dossier)
    _to_reviewers(
        dossier,
        kind="dossier.resubmitted",
        subject=lambda: _("Dossier %(reference)s resubmitted after supplement") % about,
        body=lambda: (
            _("%(unit)s has supplemented and resubmitted dossier %(reference)s (%(nominee)s, %(award)s).") % about
        ),
    )


def returned(dossier: Dossier, *, comment: str, **_ignored) -> None:
    """A dossier returned for supplement: its commune's submitters and its creator, with the
    reviewer's comment."""
    about = _about(dossier)

    def body() -> str:
        text = _(
            "The labour office has returned dossier %(reference)s (%(nominee)s, %(award)s) for supplement: "
            "complete it and resubmit it."
        )
        return _with_comment(text % about, comment)

    # Its author, while they still act for its unit (their role may have ended since).
    author = [dossier.created_by] if acting_unit(dossier.created_by, Role.COMMUNE_SUBMITTER, dossier.unit) else []
    notify(
        recipients=[*_submitters(dossier), *author],
        kind="dossier.returned",
        subject=lambda: _("Dossier %(reference)s returned for supplement") % about,
        body=body,
        dossier=dossier,
    )


# Each decision's notification, by its transition and the state it leads to: kind, subject, body.
DECISIONS = {
    ("approve", Status.APPROVED): (
        "dossier.awarded",
        gettext_lazy("Dossier %(reference)s awarded"),
        gettext_lazy(
            "The chairman of %(body)s has awarded %(award)s to %(nominee)s (dossier %(reference)s), "
            "decision %(number)s."
        ),
    ),
    ("reject", Status.REJECTED): (
        "dossier.rejected",
        gettext_lazy("Dossier %(reference)s rejected"),
        gettext_lazy("The labour office has rejected dossier %(reference)s (%(nominee)s, %(award)s)."),
    ),
    ("not_recommend", Status.REJECTED): (
        "dossier.not_recommended",
        gettext_lazy("Dossier %(reference)s not recommended by the council"),
        gettext_lazy("The council has not recommended dossier %(reference)s (%(nominee)s, %(award)s) for the award."),
    ),
    ("record_provincial_result", Status.PROVINCE_APPROVED): (
        "dossier.province_approved",
        gettext_lazy("Dossier %(reference)s awarded by the province"),
        gettext_lazy("The province has awarded %(award)s to %(nominee)s (dossier %(reference)s), decision %(number)s."),
    ),
    ("record_provincial_result", Status.PROVINCE_REJECTED): (
        "dossier.province_rejected",
        gettext_lazy("Dossier %(reference)s not awarded by the province"),
        gettext_lazy(
            "The province has not awarded %(award)s to %(nominee)s (dossier %(reference)s), decision %(number)s."
        ),
    ),
}


def decided(dossier: Dossier, *, transition: str, comment: str, details: dict[str, Any]) -> None:
    """A dossier decided (awarded by the town, rejected, not recommended, the province's result):
    its commune's submitters."""
    kind, subject, body = DECISIONS[transition, dossier.status]
    about = _about(dossier) | {"number": details.get("decision_number", "")}
    notify(
        recipients=_submitters(dossier),
        kind=kind,
        subject=lambda: str(subject) % about,
        body=lambda: _with_comment(str(body) % about, comment),
        dossier=dossier,
    )


def escalated(dossier: Dossier, **_ignored) -> None:
    """A dossier proposed to the province: the town's provincial liaisons and the commune."""
    about = _about(dossier)
    notify(
        recipients=[*holders_over(Role.PROVINCIAL_LIAISON, dossier.unit), *_submitters(dossier)],
        kind="dossier.escalated",
        subject=lambda: _("Dossier %(reference)s proposed to the province") % about,
        body=lambda: (
            _("The council proposes %(award)s for %(nominee)s (dossier %(reference)s, %(unit)s) to the province.")
            % about
        ),
        dossier=dossier,
    )


ANNOUNCED = {
    "submit": submitted,
    "resubmit": resubmitted,
    "return_for_supplement": returned,
    "reject": decided,
    "not_recommend": decided,
    "approve": decided,
    "record_provincial_result": decided,
    "recommend_provincial_award": escalated,
}


def announce(dossier: Dossier, transition: str, *, comment: str = "", details: dict[str, Any] | None = None) -> None:
    """Notify those concerned by ``transition``, just made on ``dossier``; most transitions tell nobody."""
    event = ANNOUNCED.get(transition)
    if event is not None:
        event(dossier, transition=transition, comment=comment, details=details or {})
