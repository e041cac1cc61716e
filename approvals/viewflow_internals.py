"""The internals of viewflow.workflow (2.4) that the flow relies on, in one place. viewflow has no
public hook between creating a task and arming the timers on its border, and a task's due date,
which its timers read, must be fixed in between.

``tests/approvals/test_viewflow_internals.py`` checks each of them, so that an upgrade that changes
one fails there, with what to look at, before anything else does.
"""

from __future__ import annotations


def timers_arm(node, activation) -> None:
    """Arm the boundary events (timers) attached to ``node`` alongside the activation's new task.

    ``Node._boundary_events`` lists them; ``BoundaryEventMixin._arm(host_activation)`` creates and
    activates one, as viewflow's ``Node._create`` does for every new task."""
    for boundary in node._boundary_events:
        boundary._arm(activation)


class ArmsTimersWhenReady:
    """A node whose new task gets ``task_ready(activation)`` (e.g. its due date) before its timers are
    armed. It replaces viewflow's ``Node._create``, which creates the task's activation and then arms
    the timers, with the same two steps around the hook."""

    def _create(self, prev_activation, token, data=None, seed=None):
        activation = self.activation_class.create(self, prev_activation, token, data=data, seed=seed)
        self.task_ready(activation)
        timers_arm(self, activation)
        return activation

    def task_ready(self, activation) -> None:
        """What the new task needs before its timers are armed."""
