"""The tasks through the JSON API, with their claim and release, and the dossier list's due dates."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossiers.models import Status
from dossiers.services import dossier_withdraw
from tests.approvals.flow_api import DOSSIERS, TASKS, api, move, signed_in, state
from tests.factories import draft, nothing_changes


# Tasks ----------------------------------------------------------------------------------------------
def test_the_reviewers_queue_and_inbox_with_claim_and_release(town, other_town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    reviewer = api(town.reviewer)
    queue = reviewer.get(TASKS, {"box": "queue"}).json()["results"]
    assert [(task["step"]["code"], task["dossier"]["reference"], task["claimed_by"]) for task in queue] == [
        ("review", dossier.reference, None)
    ]
    task_id = queue[0]["id"]
    assert queue[0]["due"]["date"] is not None
    assert reviewer.get(TASKS, {"box": "inbox"}).json()["results"] == []
    assert api(other_town.reviewer).get(TASKS).json()["results"] == []
    assert api(town.submitter).get(TASKS).json()["results"] == []

    claimed = reviewer.post(f"{TASKS}{task_id}/claim/")
    assert claimed.status_code == 200, claimed.content
    assert claimed.json()["claimed_by"] == town.reviewer.username
    assert state(dossier) == Status.UNDER_REVIEW
    assert [task["id"] for task in reviewer.get(TASKS, {"box": "inbox"}).json()["results"]] == [task_id]

    signed_in(town.reviewer_2, other_town.reviewer, town.submitter)
    with nothing_changes():
        assert api(town.reviewer_2).post(f"{TASKS}{task_id}/claim/").status_code == 409
        assert api(town.reviewer_2).post(f"{TASKS}{task_id}/release/").status_code == 409
        assert api(other_town.reviewer).post(f"{TASKS}{task_id}/claim/").status_code == 404
        assert api(town.submitter).post(f"{TASKS}{task_id}/claim/").status_code == 403

    released = reviewer.post(f"{TASKS}{task_id}/release/")
    assert released.status_code == 200 and released.json()["claimed_by"] is None
    assert state(dossier) == Status.SUBMITTED


def test_the_tasks_are_filtered_by_overdue(town, the_campaign):
    late, on_time = draft(town, the_campaign), draft(town, the_campaign)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        move(town.submitter, late, "submit")
    move(town.submitter, on_time, "submit")
    reviewer = api(town.reviewer)
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS).json()["results"]] == [
        late.reference,
        on_time.reference,
    ]
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS, {"overdue": "true"}).json()["results"]] == [
        late.reference
    ]
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS, {"overdue": "false"}).json()["results"]] == [
        on_time.reference
    ]


def queries(client, url, query=None) -> int:
    """The queries one list costs."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query or {}).status_code == 200
    return len(captured)


def test_the_task_list_costs_as_many_queries_with_6_rows_as_with_1(town, the_campaign):
    reviewer = api(town.reviewer)
    move(town.submitter, draft(town, the_campaign), "submit")
    one = queries(reviewer, TASKS)
    for _ in range(5):
        move(town.submitter, draft(town, the_campaign), "submit")
    assert queries(reviewer, TASKS) == one


# The dossier list's due dates --------------------------------------------------------------------
def test_the_dossier_list_is_filtered_by_overdue_and_ordered_by_deadline(town, the_campaign):
    earlier, later, waiting = draft(town, the_campaign), draft(town, the_campaign), draft(town, the_campaign)
    withdrawn = draft(town, the_campaign)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        move(town.submitter, earlier, "submit")
    move(town.submitter, later, "submit")
    dossier_withdraw(dossier_id=withdrawn.pk, actor=town.submitter, comment="Rút hồ sơ")
    reviewer = api(town.reviewer)

    def listed(**query) -> list[str]:
        response = reviewer.get(DOSSIERS, query)
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    # The draft is due by the campaign's dossier deadline, after both reviews; nothing is due of the
    # withdrawn dossier, last either way.
    assert listed(overdue="true") == [earlier.reference]
    assert set(listed(overdue="false")) == {later.reference, waiting.reference, withdrawn.reference}
    assert listed(ordering="deadline") == [earlier.reference, later.reference, waiting.reference, withdrawn.reference]
    assert listed(ordering="-deadline") == [waiting.reference, later.reference, earlier.reference, withdrawn.reference]
    row = next(row for row in reviewer.get(DOSSIERS).json()["results"] if row["reference"] == earlier.reference)
    assert row["due"]["overdue"] is True and row["due"]["days_left"] < 0


def test_the_dossier_list_costs_as_many_queries_with_due_dates_for_6_rows_as_for_1(town, the_campaign):
    reviewer = api(town.reviewer)
    move(town.submitter, draft(town, the_campaign), "submit")
    one = queries(reviewer, DOSSIERS, {"ordering": "deadline"})
    for _ in range(5):
        move(town.submitter, draft(town, the_campaign), "submit")
    assert queries(reviewer, DOSSIERS, {"ordering": "deadline"}) == one
