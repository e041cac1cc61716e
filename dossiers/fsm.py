"""What a transition method of a django-fsm-2 model says about itself: its transitions, by source.

django-fsm-2 keeps that on the method, in the private attribute ``_django_fsm`` (an ``FSMMeta``
whose ``transitions`` map each source state to a ``Transition``, and whose ``get_transition(state)``
finds the one leaving ``state``). It has no public way to read one method's transitions, and the
services rely on them: their permissions (with the role they name and the refusal they give),
their conditions (with the reason each gives), their ``custom`` label and whether a comment is
required. This module is the only place that reads the attribute;
``tests/dossiers/test_fsm_internals.py`` fails, saying what broke, if an upgrade changes it.

``method`` is a transition method, from the class (``Dossier.submit``) or an instance
(``dossier.submit``).
"""

from __future__ import annotations

from typing import Any

from django_fsm import Transition


def is_transition(method: Any) -> bool:
    """Whether ``method`` is a method decorated with django-fsm's ``@transition``."""
    return hasattr(method, "_django_fsm")


def fsm_transitions(method: Any) -> list[Transition]:
    """The transitions ``method`` makes, one for each source state it leaves, in declaration order."""
    return list(method._django_fsm.transitions.values())


def fsm_transition(method: Any, state: str) -> Transition | None:
    """The transition ``method`` makes from ``state`` (or from any state), or None if it does not
    leave ``state``."""
    return method._django_fsm.get_transition(state)


def fsm_custom(method: Any) -> dict[str, Any]:
    """The ``custom`` data of ``method``'s transitions (their label, whether they need a comment).
    A method declared once with several sources gives each the same: this is the first one's."""
    return fsm_transitions(method)[0].custom


def fsm_permission(method: Any) -> Any:
    """The ``permission`` of ``method``'s transitions (for the dossier, a callable naming its
    ``role``). A method declared once with several sources gives each the same: the first one's."""
    return fsm_transitions(method)[0].permission
