"""Only dossiers their reviewer appraised (opened, evaluated against the standard, judged ready for
the council) go in a compiled submission: the review screen's and the API's ``judge_ready``, and
the compiled submission's refusal of a dossier still in the queue or not appraised, on the screen,
through the API and in the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import STATUS

from approvals import services, transitions
from approvals.flows import AwardDossierFlow
from approvals.models import CompiledSubmission
from dossiers import services as dossier_services
from dossiers.models import AwardForm, CriteriaEvaluation, Status
from dossiers.selectors import is_appraised
from tests.approvals.batch_screens import DATE, TODAY, form_errors, url
from tests.approvals.flow_api import api, move, open_steps, state
from tests.approvals.flow_client import as_user, client, execute, task_url  # noqa: F401 - fixture
from tests.approvals.routed import routed, task_of, unchanged
from tests.factories import campaign, dossier_events, town_standard
from workflow_project.errors import Refused

READY = "Under review: appraised, ready for the council"
NOT_APPRAISED = (
    "This dossier has not been appraised: open it from your review queue, evaluate it against its award "
    "standard and judge it ready for the council first."
)


def forward_data(*dossiers, number="45/TTr-LĐTBXH"):
    return {"tasks": [task_of(d).pk for d in dossiers], "number": number, "submitted_on": DATE()}


def compile_(town, *dossiers, number="45/TTr-LĐTBXH"):
    return services.compiled_submission_create(
        actor=town.reviewer, number=number, submitted_on=TODAY(), dossier_ids=[d.pk for d in dossiers]
    )


def submission_body(*dossiers):
    return {"number": "45/TTr-LĐTBXH", "submitted_on": TODAY().isoformat(), "dossiers": [d.pk for d in dossiers]}


# Appraising on the review screen -----------------------------------------------------------------


def test_the_review_screen_judges_a_dossier_ready_and_leaves_it_under_review_with_its_reviewer(
    client, town, the_campaign
):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    task = task_of(dossier)
    events = len(dossier_events(dossier))

    response = execute(client, town.reviewer, task, outcome="ready", standard_met="1", comment="Đạt")

    assert response.status_code == 302
    dossier.refresh_from_db()
    task.refresh_from_db()
    assert (dossier.status, dossier.reviewer) == (Status.UNDER_REVIEW, town.reviewer)
    assert (task.status, task.owner) == (STATUS.ASSIGNED, town.reviewer)  # still theirs, still open
    recorded = CriteriaEvaluation.objects.get(dossier=dossier)
    assert (recorded.action, recorded.standard_met, recorded.recorded_by) == ("judge_ready", True, town.reviewer)
    assert [event.action for event in dossier_events(dossier)[events:]] == [
        "dossier.criteria_evaluated",
        "dossier.judge_ready",
    ]
    assert is_appraised(dossier)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert READY in page
    assert "Appraise as ready for the council" in page  # in the dossier's history and its recorded appraisal
    panel = client.get(task_url(task, "execute")).content.decode()
    assert READY in panel


def test_the_review_screen_refuses_to_judge_ready_a_dossier_judged_short_of_its_standard(client, town, the_campaign):
    town_standard(AwardForm.objects.get(code="giay-khen"))
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    task = task_of(dossier)
    seen = as_user(client, town.reviewer).get(task_url(task, "execute")).context["form"]["standard_seen"].initial

    with unchanged():
        response = client.post(
            task_url(task, "execute"),
            {"outcome": "ready", "standard_met": "0", "standard_seen": seen, "comment": "Chưa đạt"},
        )

    assert response.status_code == 200
    assert response.context["form"].errors["standard_met"] == [
        "You judged the standard not met: return or reject the dossier instead."
    ]


def test_a_dossier_of_an_award_form_without_a_standard_is_appraised_too(town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, form_code="bang-khen")

    dossier_services.dossier_judge_ready(dossier_id=dossier.pk, actor=town.reviewer)

    recorded = CriteriaEvaluation.objects.get(dossier=dossier)
    assert (recorded.action, recorded.computed, recorded.criteria, recorded.standard_met) == (
        "judge_ready",
        "",
        [],
        True,
    )
    submission = compile_(town, dossier)
    assert list(submission.dossiers.all()) == [dossier] and state(dossier) == Status.AT_COUNCIL


# Appraising through the API ----------------------------------------------------------------------


def test_the_api_judges_a_dossier_ready_with_the_judgement_of_the_review_screen(town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    listed = {t["name"]: t for t in api(town.reviewer).get(f"/api/dossiers/{dossier.pk}/transitions/").json()}
    assert [field["name"] for field in listed["judge_ready"]["fields"]] == [
        field["name"] for field in listed["forward_to_council"]["fields"]
    ]

    body = move(town.reviewer, dossier, "judge_ready", comment="Đạt tiêu chuẩn")

    assert body["status"]["code"] == Status.UNDER_REVIEW
    assert open_steps(dossier) == ["review"] and task_of(dossier).owner == town.reviewer
    assert is_appraised(dossier)
    schema = api(town.reviewer).get("/api/schema/").content.decode()
    assert "dossiers_transitions_judge_ready" in schema


def test_the_api_refuses_judge_ready_to_anyone_but_the_reviewer_holding_the_dossier(town, other_town, the_campaign):
    claimed = routed(Status.UNDER_REVIEW, town, the_campaign)
    queued = routed(Status.SUBMITTED, town, the_campaign)
    foreign = routed(Status.UNDER_REVIEW, other_town, campaign(other_town))
    for user in (town.reviewer, town.reviewer_2, town.secretary):
        api(user)  # their tokens, taken before nothing may change

    with unchanged():
        by_another = move(town.reviewer_2, claimed, "judge_ready", expected=409)
        from_the_queue = move(town.reviewer, queued, "judge_ready", expected=409)
        move(town.reviewer, foreign, "judge_ready", expected=404)
        move(town.secretary, claimed, "judge_ready", expected=403)

    assert by_another["code"] == "not_claimed"
    assert "Under review" not in from_the_queue["detail"] and "Submitted" in from_the_queue["detail"]
    assert not is_appraised(claimed)


# The compiled submission refuses what nobody appraised -------------------------------------------


def test_the_screen_refuses_a_claimed_dossier_nobody_appraised_and_changes_nothing(client, town, the_campaign):
    appraised = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    unread = routed(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward)

    as_user(client, town.reviewer)
    with unchanged():
        response = client.post(url("submission_create"), forward_data(appraised, unread))

    assert response.status_code == 422
    assert form_errors(response) == [f"Dossier {unread.reference}: {NOT_APPRAISED}"]
    assert not CompiledSubmission.objects.exists()


def test_the_screen_refuses_a_dossier_waiting_in_the_queue_without_claiming_it(client, town, the_campaign):
    appraised = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    queued = routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)

    as_user(client, town.reviewer)
    with unchanged():
        response = client.post(url("submission_create"), forward_data(appraised, queued))

    assert response.status_code == 409
    assert form_errors(response) == [f"Dossier {queued.reference}: This task is not yours to complete: claim it first."]
    assert task_of(queued).owner is None


def test_the_api_refuses_a_queued_dossier_and_one_nobody_appraised(town, the_campaign):
    appraised = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    unread = routed(Status.UNDER_REVIEW, town, the_campaign)
    queued = routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)
    reviewer = api(town.reviewer)

    with unchanged():
        from_the_queue = reviewer.post("/api/compiled-submissions/", submission_body(appraised, queued), format="json")
        not_read = reviewer.post("/api/compiled-submissions/", submission_body(appraised, unread), format="json")

    assert (from_the_queue.status_code, from_the_queue.json()["code"]) == (409, "not_claimed")
    assert queued.reference in from_the_queue.json()["detail"]
    assert (not_read.status_code, not_read.json()["code"]) == (422, "not_appraised")
    assert not_read.json()["detail"] == f"Dossier {unread.reference}: {NOT_APPRAISED}"
    assert task_of(queued).owner is None

    accepted = reviewer.post("/api/compiled-submissions/", submission_body(appraised), format="json")
    assert accepted.status_code == 201, accepted.content
    assert state(appraised) == Status.AT_COUNCIL


def test_a_resubmitted_dossier_is_appraised_again_before_it_is_compiled(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    dossier_services.dossier_return_for_supplement(dossier_id=dossier.pk, actor=town.reviewer, comment="Bổ sung")
    dossier_services.dossier_resubmit(dossier_id=dossier.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)

    assert not is_appraised(dossier)
    with unchanged(), pytest.raises(Refused) as refused:
        compile_(town, dossier)
    assert refused.value.code == "not_appraised"

    dossier_services.dossier_judge_ready(dossier_id=dossier.pk, actor=town.reviewer)
    compile_(town, dossier)
    assert state(dossier) == Status.AT_COUNCIL


def test_another_reviewers_appraisal_does_not_count_for_the_one_who_now_holds_the_dossier(town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    transitions.task_claim(task_id=task_of(dossier).pk, actor=town.reviewer_2)
    transitions.transition_run(name="judge_ready", dossier_id=dossier.pk, actor=town.reviewer_2, values={})
    transitions.task_release(task_id=task_of(dossier).pk, actor=town.reviewer_2)
    transitions.task_claim(task_id=task_of(dossier).pk, actor=town.reviewer)

    dossier.refresh_from_db()
    assert not is_appraised(dossier)
    with unchanged(), pytest.raises(Refused, match="has not been appraised"):
        compile_(town, dossier)


def test_the_appraised_dossiers_are_listed_and_forwarded_through_the_screen(client, town, the_campaign):
    first = routed(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    second = routed(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward)
    execute(client, town.reviewer, task_of(second), outcome="ready", standard_met="1")

    listed = client.get(url("submission_create"))
    assert [row["dossier"].pk for row in listed.context["rows"]] == [first.pk, second.pk]
    response = client.post(url("submission_create"), forward_data(first, second))

    assert response.status_code == 302
    assert (state(first), state(second)) == (Status.AT_COUNCIL, Status.AT_COUNCIL)
    assert [task_of(d).flow_task for d in (first, second)] == [AwardDossierFlow.council] * 2


def test_the_inbox_says_which_claimed_dossiers_are_appraised_in_the_same_queries(
    client, town, the_campaign, django_assert_num_queries
):
    inbox = AwardDossierFlow.instance.reverse("inbox")
    routed(Status.UNDER_REVIEW, town, the_campaign)
    as_user(client, town.reviewer).get(inbox)
    with CaptureQueriesContext(connection) as one:
        client.get(inbox)
    for unit in (town.ward, town.commune):
        routed(Status.UNDER_REVIEW, town, the_campaign, unit=unit, appraised=True)

    with django_assert_num_queries(len(one)):
        page = client.get(inbox).content.decode()

    assert page.count(READY) == 2 and page.count(">Under review<") == 1
