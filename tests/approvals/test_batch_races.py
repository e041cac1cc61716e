"""The batch screens raced by two people at once, each in their own request and connection
(PostgreSQL: row locks; commits for real). One wins; the other gets a clean refusal naming a
dossier, never a 500, and nothing of theirs is left half done."""

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

import workflow_project.urls  # noqa: F401 - node URL names resolve once the site's URLs are built
from approvals.flows import AwardDossierFlow
from approvals.models import CompiledSubmission, CouncilMeeting, CouncilVote, Decision
from approvals.selectors.tasks import workflow_mismatches
from dossiers.models import Status
from roles.models import Role
from tests.approvals.flow_client import task_url
from tests.approvals.routed import routed, task_of
from tests.concurrency.races import assert_trail_verifies, race
from tests.factories import Town, campaign, chair_and_minutes, dossier_events, user_with_role
from tests.languages import english_browser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DATE = lambda: timezone.localdate().strftime("%d/%m/%Y")  # noqa: E731


def browser(user):
    client = english_browser()
    client.force_login(user)
    return client


def refusal_of(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_two_secretaries_recording_a_meeting_on_the_same_dossiers_one_wins():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    second_secretary = user_with_role(Role.HOME_AFFAIRS_SECRETARY, town.home_affairs, "sa-pa-secretary-2")
    for _ in range(3):
        dossiers = [routed(Status.AT_COUNCIL, town, the_campaign, unit=unit) for unit in (town.commune, town.ward)]
        data = {
            "held_on": DATE(),
            "attendees": [m.pk for m in town.council_members],
            "ballots-TOTAL_FORMS": 2,
            "ballots-INITIAL_FORMS": 2,
        }
        for i, dossier in enumerate(dossiers):
            data.update(
                {
                    f"ballots-{i}-task": task_of(dossier).pk,
                    f"ballots-{i}-include": "on",
                    f"ballots-{i}-votes_for": 5,
                    f"ballots-{i}-votes_against": 0,
                    f"ballots-{i}-outcome": "town_award",
                }
            )
        meetings_before = CouncilMeeting.objects.count()
        clients = [browser(town.secretary), browser(second_secretary)]

        outcomes = race(
            *[lambda c=c: c.post(reverse("work:meeting_create"), data | chair_and_minutes()) for c in clients]
        )

        assert all(kind == "ok" for kind, _ in outcomes), outcomes
        codes = sorted(response.status_code for _, response in outcomes)
        assert codes == [302, 409], codes
        [refused] = [response for _, response in outcomes if response.status_code == 409]
        assert refusal_of(refused).startswith(f"Dossier {dossiers[0].reference}: This step of the dossier is no longer")
        assert CouncilMeeting.objects.count() == meetings_before + 1
        for dossier in dossiers:
            dossier.refresh_from_db()
            assert dossier.status == Status.AWAITING_DECISION
            assert CouncilVote.objects.filter(dossier=dossier).count() == 1
            assert task_of(dossier).flow_task == AwardDossierFlow.decision
    assert workflow_mismatches(AwardDossierFlow) == []
    assert_trail_verifies()


def test_a_reviewer_forwarding_while_one_of_the_dossiers_is_put_back_in_the_queue_one_wins():
    """The compiled submission forwards only the reviewer's own appraised dossiers: one put back in
    the queue at the same moment (in another tab) is either forwarded first, or refused, unclaimed."""
    town = Town("sa-pa")
    the_campaign = campaign(town)
    for round_ in range(1, 5):
        mine = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
        other = routed(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward, appraised=True)
        mine_task, other_task = task_of(mine), task_of(other)
        forwarding, releasing = browser(town.reviewer), browser(town.reviewer)
        data = {"tasks": [mine_task.pk, other_task.pk], "number": f"{round_}/TTr-LĐTBXH", "submitted_on": DATE()}

        outcomes = race(
            lambda: forwarding.post(reverse("work:submission_create"), data),
            lambda: releasing.post(task_url(other_task, "unassign")),
        )

        assert all(kind == "ok" for kind, _ in outcomes), outcomes
        forwarded, released = (response for _, response in outcomes)
        assert sorted([forwarded.status_code, released.status_code]) == [302, 409], (forwarded, released)
        mine.refresh_from_db()
        other.refresh_from_db()
        mine_task.refresh_from_db()
        if forwarded.status_code == 302:
            assert (mine.status, other.status) == (Status.AT_COUNCIL, Status.AT_COUNCIL)
            assert CompiledSubmission.objects.get(number=data["number"]).dossiers.count() == 2
        else:
            assert refusal_of(forwarded) == (
                f"Dossier {other.reference}: This task is not yours to complete: claim it first."
            )
            assert (mine.status, mine.reviewer) == (Status.UNDER_REVIEW, town.reviewer)
            assert (mine_task.status, mine_task.owner) == (STATUS.ASSIGNED, town.reviewer)
            assert (other.status, other.reviewer) == (Status.SUBMITTED, None)
            assert not CompiledSubmission.objects.filter(number=data["number"]).exists()
        assert len([e for e in dossier_events(other) if e.action == "dossier.start_review"]) == 1
    assert workflow_mismatches(AwardDossierFlow) == []
    assert_trail_verifies()


def test_a_decision_sent_twice_at_once_on_the_same_dossiers_is_signed_once():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    dossiers = [routed(Status.AWAITING_DECISION, town, the_campaign, unit=unit) for unit in (town.commune, town.ward)]
    tasks = [task_of(dossier).pk for dossier in dossiers]
    tabs = [browser(town.chairman), browser(town.chairman)]

    outcomes = race(
        *[
            lambda tab=tab, n=n: tab.post(
                reverse("work:decision_create"), {"tasks": tasks, "number": f"{n}/QĐ-UBND", "signed_on": DATE()}
            )
            for n, tab in enumerate(tabs, start=31)
        ]
    )

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert sorted(response.status_code for _, response in outcomes) == [302, 409]
    [refused] = [response for _, response in outcomes if response.status_code == 409]
    assert refusal_of(refused).startswith(f"Dossier {dossiers[0].reference}: ")
    [decision] = Decision.objects.all()
    assert sorted(decision.dossiers.values_list("pk", flat=True)) == [d.pk for d in dossiers]
    for dossier in dossiers:
        assert len([e for e in dossier_events(dossier) if e.action == "dossier.approve"]) == 1
    assert workflow_mismatches(AwardDossierFlow) == []
    assert_trail_verifies()
