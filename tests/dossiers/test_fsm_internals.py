"""An upgrade guard: django-fsm-2 keeps a transition method's transitions in the private attribute
``_django_fsm``, which ``dossiers/fsm.py`` (and only it) reads. If an upgrade removes or changes
it, these tests say what broke; mend ``dossiers/fsm.py`` then, not its callers."""

import copy

import pytest
from django.utils import translation
from django_fsm import Transition

from dossiers.fsm import fsm_custom, fsm_permission, fsm_transition, fsm_transitions, is_transition
from dossiers.models import Dossier, Status, has_required_documents
from roles.models import Role

RELIED_ON = (
    "dossiers/fsm.py reads `method._django_fsm` (django-fsm-2's private FSMMeta) for every dossier service: "
    "the transition leaving the dossier's state (`get_transition(state)`), its permission and the role it "
    "names (`.permission`, `.has_perm`), its conditions and their reasons (`.conditions`), its label and "
    "whether it needs a comment (`.custom`); the API offers transitions from the same. "
)


def meta(method):
    found = getattr(method, "_django_fsm", None)
    assert found is not None, RELIED_ON + "django-fsm-2 no longer sets `_django_fsm` on a @transition method."
    return found


def dossier_transition_methods():
    return {name: getattr(Dossier, name) for name in dir(Dossier) if is_transition(getattr(Dossier, name, None))}


def test_a_transition_method_carries_its_transitions_in_django_fsm():
    assert meta(Dossier.submit) is not None
    assert not hasattr(Dossier.clean, "_django_fsm"), RELIED_ON + "`_django_fsm` is no longer only on transitions."


def test_django_fsm_transitions_map_each_source_state_to_a_transition():
    transitions = getattr(meta(Dossier.withdraw), "transitions", None)
    assert isinstance(transitions, dict), RELIED_ON + "`_django_fsm.transitions` is no longer a dict."
    assert set(transitions) == {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}, (
        RELIED_ON + "`_django_fsm.transitions` no longer maps each source state to its transition."
    )
    assert all(isinstance(t, Transition) for t in transitions.values()), (
        RELIED_ON + "`_django_fsm.transitions` no longer holds django_fsm.Transition objects."
    )


@pytest.mark.parametrize("attribute", ["custom", "permission", "conditions", "has_perm", "source", "target"])
def test_a_transition_has_what_the_services_read(attribute):
    transition = meta(Dossier.submit).transitions[Status.DRAFT]
    assert hasattr(transition, attribute), RELIED_ON + f"a Transition in `_django_fsm` has no `.{attribute}`."


def test_a_transition_keeps_the_custom_data_permission_and_conditions_it_was_declared_with():
    transition = meta(Dossier.submit).transitions[Status.DRAFT]
    with translation.override("en"):
        label = str(transition.custom["label"])
    assert label == "Submit", RELIED_ON + "`.custom` no longer holds the declared `custom`."
    assert transition.permission.role == Role.COMMUNE_SUBMITTER, (
        RELIED_ON + "`.permission` is no longer the declared permission callable."
    )
    assert has_required_documents in transition.conditions, (
        RELIED_ON + "`.conditions` no longer lists the declared conditions."
    )


def test_has_perm_asks_the_permission_callable_with_the_instance_and_the_user():
    transition = copy.copy(meta(Dossier.submit).transitions[Status.DRAFT])
    asked = []
    transition.permission = lambda instance, user: asked.append((instance, user)) or user == "allowed"
    assert transition.has_perm("dossier", "allowed") is True and transition.has_perm("dossier", "other") is False, (
        RELIED_ON + "`Transition.has_perm(instance, user)` no longer answers what the permission callable says."
    )
    assert asked == [("dossier", "allowed"), ("dossier", "other")]


def test_get_transition_finds_the_transition_leaving_a_state_or_none():
    found = meta(Dossier.submit)
    assert callable(getattr(found, "get_transition", None)), RELIED_ON + "`_django_fsm.get_transition` is gone."
    assert found.get_transition(Status.DRAFT) is found.transitions[Status.DRAFT], (
        RELIED_ON + "`_django_fsm.get_transition(state)` no longer finds the transition from `state`."
    )
    assert found.get_transition(Status.APPROVED) is None, (
        RELIED_ON + "`_django_fsm.get_transition(state)` no longer answers None for a state it does not leave."
    )


def test_the_sources_of_one_transition_method_share_its_custom_data_and_permission():
    # fsm_custom and fsm_permission read the first source's.
    for name, method in dossier_transition_methods().items():
        transitions = meta(method).transitions.values()
        assert len({id(t.custom) for t in transitions}) == 1, f"{name}: its sources' `custom` differ"
        assert len({id(t.permission) for t in transitions}) == 1, f"{name}: its sources' `permission` differ"


# dossiers/fsm.py itself


def test_is_transition_tells_a_transition_method_from_any_other():
    assert is_transition(Dossier.submit) and is_transition(Dossier().submit)
    assert not is_transition(Dossier.clean) and not is_transition(Dossier.reference) and not is_transition(None)


def test_every_dossier_transition_is_found():
    assert set(dossier_transition_methods()) == {
        "submit",
        "resubmit",
        "withdraw",
        "start_review",
        "release",
        "reassign",
        "return_for_supplement",
        "reject",
        "forward_to_council",
        "judge_ready",
        "recommend_town_award",
        "recommend_provincial_award",
        "not_recommend",
        "approve",
        "send_back",
        "record_provincial_result",
    }


def test_fsm_transitions_lists_one_transition_per_source_state():
    assert [t.source for t in fsm_transitions(Dossier.withdraw)] == [Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
    assert [t.target for t in fsm_transitions(Dossier.submit)] == [Status.SUBMITTED]


def test_fsm_transition_is_the_transition_from_a_state_on_the_class_or_an_instance():
    assert fsm_transition(Dossier.submit, Status.DRAFT).target == Status.SUBMITTED
    assert fsm_transition(Dossier().submit, Status.DRAFT).target == Status.SUBMITTED
    assert fsm_transition(Dossier.submit, Status.SUBMITTED) is None


def test_fsm_custom_and_fsm_permission_are_what_the_transition_declares():
    custom = fsm_custom(Dossier.withdraw)
    with translation.override("en"):
        assert (str(custom["label"]), custom["comment_required"]) == ("Withdraw", True)
    assert fsm_permission(Dossier.start_review).role == Role.LABOUR_REVIEWER
