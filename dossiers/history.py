"""A dossier's audit trail as a timeline, for its page and the API: each event in words, with who
acted, in which role and unit."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.selectors import role_label

from .fsm import is_transition
from .models import Dossier
from .selectors import dossier_events, unit_names
from .services import transition_label


def event_label(action: str) -> str:
    """A dossier event's action in words: its transition's label, or one of the known events."""
    labels = {
        "dossier.created": _("Dossier created"),
        "dossier.updated": _("Dossier edited"),
        "dossier.criteria_evaluated": _("Award standard evaluated"),
        "document.added": _("Document added"),
        "document.replaced": _("Document replaced"),
        "council.vote_recorded": _("Council vote recorded"),
        "province.submitted": _("Sent to the province"),
        "dossier.moved": _("Moved to the unit its unit was merged into"),
        "deadline.reminder": _("Reminded: the current step is due soon"),
        "deadline.overdue": _("Reminded: the current step is overdue"),
        "deadline.escalation": _("Escalated to the head of the office"),
        "deadline.put_back": _("Put back in the queue by the head of the office"),
    }
    if action in labels:
        return labels[action]
    name = action.removeprefix("dossier.")
    method = getattr(Dossier, name, None)
    if method is not None and is_transition(method):
        return transition_label(method)
    return action


def timeline(events: Iterable[AuditEvent]) -> list[dict]:
    """These events in words: when, who (``actor``: their name, else their username), in which
    role and unit (``unit``: its name, else its code), what, and why. One query for the units'
    names, whatever the number of events."""
    events = list(events)
    units = unit_names(event.unit for event in events)
    return [
        {
            "event": event,
            "label": event_label(event.action),
            "actor": event.actor.full_name if event.actor and event.actor.full_name else event.actor_username,
            "role": role_label(event.role) if event.role else "",
            "unit": units.get(event.unit, event.unit),
        }
        for event in events
    ]


def history(dossier: Dossier, last: int | None = None) -> list[dict]:
    """The dossier's audit events as a timeline (the ``last`` ones only, if given), oldest first."""
    events = dossier_events(dossier)
    if last is not None:
        events = list(events.reverse()[:last])[::-1]
    return timeline(events)
