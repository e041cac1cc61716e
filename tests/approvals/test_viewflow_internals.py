"""The viewflow internals the flow relies on (``approvals.viewflow_internals``) are still there and
still do what it relies on. If one of these fails after upgrading viewflow, read the new
``viewflow.workflow`` source for how a node creates a task and arms its boundary timers, and mend
``approvals/viewflow_internals.py`` (then this test)."""

import inspect

from viewflow.workflow.base import Node
from viewflow.workflow.nodes.boundary import BoundaryEventMixin

from approvals.flows import AwardDossierFlow
from approvals.viewflow_internals import ArmsTimersWhenReady


def source_of(function) -> str:
    return inspect.getsource(function)


def test_a_node_lists_the_boundary_events_attached_to_it():
    review = AwardDossierFlow.review
    assert isinstance(getattr(review, "_boundary_events", None), list), (
        "viewflow's Node._boundary_events (the timers on a task's border) is gone or changed"
    )
    assert review._boundary_events and all(isinstance(event, BoundaryEventMixin) for event in review._boundary_events)


def test_a_boundary_event_is_armed_from_its_host_tasks_activation():
    parameters = list(inspect.signature(BoundaryEventMixin._arm).parameters)
    assert parameters == ["self", "host_activation"], (
        f"viewflow's BoundaryEventMixin._arm(host_activation) changed its signature: {parameters}"
    )


def test_viewflow_creates_a_task_and_then_arms_its_timers_and_nothing_else():
    """``ArmsTimersWhenReady._create`` replaces ``Node._create`` whole: it must do what viewflow's does."""
    parameters = list(inspect.signature(Node._create).parameters)
    assert parameters == ["self", "prev_activation", "token", "data", "seed"], (
        f"viewflow's Node._create changed its signature: {parameters}"
    )
    code = [
        line.strip()
        for line in source_of(Node._create).split('"""')[-1].splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert code == [
        "activation = self.activation_class.create(",
        "self, prev_activation, token, data=data, seed=seed",
        ")",
        "for boundary_event in self._boundary_events:",
        "boundary_event._arm(activation)",
        "return activation",
    ], "viewflow's Node._create does something new: ArmsTimersWhenReady._create must do it too"


def test_the_flows_role_tasks_create_their_tasks_through_the_hook():
    for node in (AwardDossierFlow.review, AwardDossierFlow.council, AwardDossierFlow.decision):
        assert isinstance(node, ArmsTimersWhenReady)
        assert type(node)._create is ArmsTimersWhenReady._create
