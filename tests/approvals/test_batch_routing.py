"""Completing several tasks at once (approvals.transitions.tasks_complete): every task claimed and
completed around one service, every dossier routed by its new state; all or none."""

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals import services, transitions
from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import workflow_mismatches
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.approvals.routed import routed, task_of, unchanged
from tests.factories import chair_and_minutes
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

pytestmark = pytest.mark.django_db
REVIEW = AwardDossierFlow.review


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


def forward(town, number="45/TTr-LĐTBXH"):
    def perform(dossiers):
        return services.compiled_submission_create(
            actor=town.reviewer, number=number, submitted_on=timezone.localdate(), dossier_ids=[d.pk for d in dossiers]
        )

    return perform


def test_several_review_tasks_are_claimed_completed_and_each_dossier_routed_to_the_council(town, the_campaign):
    claimed = routed(Status.UNDER_REVIEW, town, the_campaign)
    queued = routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)
    tasks = [task_of(queued), task_of(claimed)]
    given = []

    def perform(dossiers):
        given.extend(dossiers)
        for dossier in dossiers:  # the queued one was claimed on the way; each is appraised before it goes
            dossier_services.dossier_judge_ready(dossier_id=dossier.pk, actor=town.reviewer)
        return forward(town)(dossiers)

    submission = transitions.tasks_complete(
        task_ids=[t.pk for t in tasks], node=REVIEW, actor=town.reviewer, perform=perform
    )

    assert [d.pk for d in given] == [claimed.pk, queued.pk]  # in the order of the sorted task ids
    assert sorted(submission.dossiers.values_list("pk", flat=True)) == [claimed.pk, queued.pk]
    for task, dossier in zip(tasks, (queued, claimed), strict=True):
        task.refresh_from_db()
        assert (task.status, task.owner) == (STATUS.DONE, town.reviewer)
        assert status_of(dossier) == Status.AT_COUNCIL
        following = task_of(dossier)
        assert following.flow_task == AwardDossierFlow.council and following.owner is None
    assert workflow_mismatches(AwardDossierFlow) == []


def test_a_refused_service_undoes_the_claims_too(town, the_campaign):
    claimed = routed(Status.UNDER_REVIEW, town, the_campaign)
    queued = routed(Status.SUBMITTED, town, the_campaign)

    with unchanged(), pytest.raises(InvalidInput):
        transitions.tasks_complete(
            task_ids=[task_of(claimed).pk, task_of(queued).pk],
            node=REVIEW,
            actor=town.reviewer,
            perform=forward(town, number="tờ trình 45"),
        )

    assert status_of(queued) == Status.SUBMITTED
    assert task_of(queued).status == STATUS.NEW


def test_a_task_claimed_by_someone_else_is_refused_and_its_dossier_named(town, the_campaign):
    mine = routed(Status.UNDER_REVIEW, town, the_campaign)
    theirs = routed(Status.SUBMITTED, town, the_campaign)
    transitions.task_claim(task_id=task_of(theirs).pk, actor=town.reviewer_2)

    with unchanged(), pytest.raises(Conflict) as refusal:
        transitions.tasks_complete(
            task_ids=[task_of(mine).pk, task_of(theirs).pk], node=REVIEW, actor=town.reviewer, perform=forward(town)
        )

    assert str(refusal.value) == f"Dossier {theirs.reference}: This task has already been claimed by sa-pa-reviewer-2."


def test_a_task_of_another_step_is_refused_and_its_dossier_named(town, the_campaign):
    reviewing = routed(Status.UNDER_REVIEW, town, the_campaign)
    at_council = routed(Status.AT_COUNCIL, town, the_campaign)
    done = Task.objects.get(process__dossierprocess__dossier=at_council, flow_task=REVIEW)

    for task in (task_of(at_council), done):
        with unchanged(), pytest.raises(Conflict) as refusal:
            transitions.tasks_complete(
                task_ids=[task_of(reviewing).pk, task.pk], node=REVIEW, actor=town.reviewer, perform=forward(town)
            )
        assert str(refusal.value) == (
            f"Dossier {at_council.reference}: "
            "This step of the dossier is no longer waiting: it was completed or moved on."
        )


def test_a_task_of_another_town_is_not_found(town, other_town, the_campaign):
    from tests.factories import campaign

    mine = routed(Status.UNDER_REVIEW, town, the_campaign)
    foreign = routed(Status.SUBMITTED, other_town, campaign(other_town))

    with unchanged(), pytest.raises(NotFound) as refusal:
        transitions.tasks_complete(
            task_ids=[task_of(mine).pk, task_of(foreign).pk], node=REVIEW, actor=town.reviewer, perform=forward(town)
        )
    assert str(refusal.value) == "No such task."


def test_a_user_without_the_tasks_role_is_refused(town, the_campaign):
    queued = routed(Status.SUBMITTED, town, the_campaign)

    with unchanged(), pytest.raises(Forbidden):
        transitions.tasks_complete(
            task_ids=[task_of(queued).pk], node=REVIEW, actor=town.secretary, perform=forward(town)
        )


def test_no_task_is_no_batch(town):
    with unchanged(), pytest.raises(InvalidInput, match="at least one dossier"):
        transitions.tasks_complete(task_ids=[], node=REVIEW, actor=town.reviewer, perform=forward(town))


def test_the_council_and_the_chairman_complete_their_tasks_in_batches_too(town, the_campaign):
    first = routed(Status.AT_COUNCIL, town, the_campaign)
    second = routed(Status.AT_COUNCIL, town, the_campaign, unit=town.ward)
    today = timezone.localdate()

    transitions.tasks_complete(
        task_ids=[task_of(first).pk, task_of(second).pk],
        node=AwardDossierFlow.council,
        actor=town.secretary,
        perform=lambda dossiers: services.council_meeting_record(
            actor=town.secretary,
            council_id=town.council.pk,
            held_on=today,
            attendee_ids=[m.pk for m in town.council_members],
            **chair_and_minutes(),
            ballots=[services.Ballot(d.pk, 5, 0, 0, "town_award") for d in dossiers],
        ),
    )
    assert [task_of(d).flow_task for d in (first, second)] == [AwardDossierFlow.decision] * 2

    decision = transitions.tasks_complete(
        task_ids=[task_of(first).pk, task_of(second).pk],
        node=AwardDossierFlow.decision,
        actor=town.chairman,
        perform=lambda dossiers: services.decision_sign(
            actor=town.chairman, number="8/QĐ-UBND", signed_on=today, dossier_ids=[d.pk for d in dossiers]
        ),
    )

    assert sorted(decision.dossiers.values_list("pk", flat=True)) == [first.pk, second.pk]
    assert (status_of(first), status_of(second)) == (Status.APPROVED, Status.APPROVED)
    assert [task_of(d) for d in (first, second)] == [None, None]
    assert first.process.status == "DONE"
    assert workflow_mismatches(AwardDossierFlow) == []
