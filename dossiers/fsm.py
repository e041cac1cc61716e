"""django-fsm's metadata on a transition method, read in one place: it is a private attribute
(``method._django_fsm``) of django-fsm-2 (4.x), with no public reader."""

from __future__ import annotations


def fsm_transitions(method) -> dict:
    """The transitions the method makes, by source state."""
    return method._django_fsm.transitions


def fsm_transition(method, state: str):
    """The method's transition from ``state``, or None if it does not leave it."""
    return method._django_fsm.get_transition(state)
