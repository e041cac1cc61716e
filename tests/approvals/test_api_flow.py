"""The flow through the JSON API: the transitions a user may make, making them (the same services
and workflow tasks as the screens), the refusals (403, 404, 409, 422), the tasks with their claim
and release, the letters to the province, and the dossier list's due dates."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals.models import CouncilVote, Decision, DossierProcess, ProvincialResult, ProvincialSubmission
from approvals.selectors.tasks import workflow_mismatches
from approvals.flows import AwardDossierFlow
from audit.models import AuditEvent
from dossiers.models import DocumentKind, Status
from tests.factories import campaign, draft, nothing_changes

PASSWORD = "pass-1234-word"  # the factories' password
DOSSIERS = "/api/dossiers/"
TASKS = "/api/tasks/"


@pytest.fixture
def the_campaign(town):
    return campaign(town)


def api(user, language="en") -> APIClient:
    """A client sending ``user``'s token, taken once as an integrating system takes it (a sign-in,
    in the audit trail); then kept."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    token = Token.objects.filter(user=user).values_list("key", flat=True).first()
    if token is None:
        response = client.post("/api/auth/token/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 200, response.content
        token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def signed_in(*users) -> None:
    """Take these users' tokens before a block that must change nothing."""
    for user in users:
        api(user)


def move(user, dossier, name, expected=200, **fields):
    response = api(user).post(f"{DOSSIERS}{dossier.pk}/transitions/{name}/", fields, format="json")
    assert response.status_code == expected, response.content
    return response.json()


def offered(user, dossier) -> list[str]:
    response = api(user).get(f"{DOSSIERS}{dossier.pk}/transitions/")
    assert response.status_code == 200, response.content
    return [transition["name"] for transition in response.json()]


def state(dossier) -> str:
    dossier.refresh_from_db()
    return dossier.status


def open_steps(dossier) -> list[str]:
    return [
        task.flow_task.name
        for task in Task.objects.filter(process__dossierprocess__dossier=dossier, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    ]


def to_council(town, dossier):
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    move(town.reviewer, dossier, "forward_to_council")
    assert (state(dossier), open_steps(dossier)) == (Status.AT_COUNCIL, ["council"])


def meeting(town, present=5, votes_for=5) -> dict:
    """A council meeting's fields on a transition: who attended and the secret ballot's totals."""
    return {
        "held_on": timezone.localdate().isoformat(),
        "attendees": [member.pk for member in town.council_members[:present]],
        "votes_for": votes_for,
        "votes_against": present - votes_for,
        "abstentions": 0,
    }


def test_a_town_award_is_driven_through_the_api_from_submission_to_decision(town, the_campaign):
    dossier = draft(town, the_campaign)
    assert offered(town.submitter, dossier) == ["submit", "withdraw"]

    body = move(town.submitter, dossier, "submit", comment="Kính trình")
    assert body["status"]["code"] == Status.SUBMITTED
    assert body["due"]["date"] is not None and body["due"]["overdue"] is False
    assert open_steps(dossier) == ["review"]
    assert offered(town.reviewer, dossier) == ["start_review"]

    move(town.reviewer, dossier, "start_review")
    assert offered(town.reviewer, dossier) == ["release", "return_for_supplement", "reject", "forward_to_council"]
    assert offered(town.reviewer_2, dossier) == []
    move(town.reviewer, dossier, "forward_to_council")

    assert offered(town.secretary, dossier) == ["recommend_town_award", "recommend_provincial_award", "not_recommend"]
    body = move(town.secretary, dossier, "recommend_town_award", comment="Đủ điều kiện", **meeting(town, votes_for=4))
    assert body["status"]["code"] == Status.AWAITING_DECISION
    vote = CouncilVote.objects.get(dossier=dossier)
    assert (vote.votes_for, vote.votes_against, vote.meeting.members_present) == (4, 1, 5)

    body = move(town.chairman, dossier, "approve", number="12/QĐ-UBND", signed_on=timezone.localdate().isoformat())
    assert body["status"]["code"] == Status.APPROVED and body["due"] is None
    assert Decision.objects.get(dossiers=dossier).number == "12/QĐ-UBND"
    assert DossierProcess.objects.get(dossier=dossier).finished is not None
    assert workflow_mismatches(AwardDossierFlow) == []
    actions = [event.action for event in AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}").order_by("seq")]
    assert actions[-6:] == [
        "dossier.submit", "dossier.start_review", "dossier.forward_to_council", "council.vote_recorded",
        "dossier.recommend_town_award", "dossier.approve",
    ]


def test_a_returned_dossier_is_supplemented_and_resubmitted_through_the_api(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    move(town.reviewer, dossier, "return_for_supplement", comment="Bổ sung biên bản")
    assert (state(dossier), open_steps(dossier)) == (Status.RETURNED, ["supplement"])
    assert offered(town.submitter, dossier) == ["withdraw", "resubmit"]

    move(town.submitter, dossier, "resubmit", comment="Đã bổ sung")
    assert (state(dossier), open_steps(dossier)) == (Status.SUBMITTED, ["review"])
    assert workflow_mismatches(AwardDossierFlow) == []


def test_a_returned_dossier_is_withdrawn_through_its_supplement_task(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    move(town.reviewer, dossier, "return_for_supplement", comment="Bổ sung biên bản")
    move(town.submitter, dossier, "withdraw", comment="Không đủ hồ sơ")
    assert (state(dossier), open_steps(dossier)) == (Status.WITHDRAWN, [])
    assert DossierProcess.objects.get(dossier=dossier).finished is not None


def test_a_draft_is_withdrawn_without_a_flow(town, the_campaign):
    dossier = draft(town, the_campaign)
    body = move(town.submitter, dossier, "withdraw", comment="Nộp nhầm")
    assert body["status"]["code"] == Status.WITHDRAWN
    assert not DossierProcess.objects.filter(dossier=dossier).exists()


def test_a_rejection_ends_the_flow(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    move(town.reviewer, dossier, "reject", comment="Không đạt tiêu chuẩn")
    assert (state(dossier), open_steps(dossier)) == (Status.REJECTED, [])


def test_a_provincial_award_is_proposed_sent_under_a_letter_and_decided(town, the_campaign):
    dossier = draft(town, the_campaign, form_code="bang-khen")
    to_council(town, dossier)
    move(town.secretary, dossier, "recommend_provincial_award", **meeting(town))
    assert (state(dossier), open_steps(dossier)) == (Status.ESCALATED, ["province"])

    # The province's result cannot be recorded before the letter carries the dossier there.
    today = timezone.localdate().isoformat()
    result = {"approved": True, "decision_number": "88/QĐ-UBND", "decided_on": today}
    refused = move(town.liaison, dossier, "record_provincial_result", expected=422, **result)
    assert refused["code"] == "not_sent"

    letter = api(town.liaison).post(
        "/api/province-letters/", {"number": "52/TTr-UBND", "sent_on": today, "dossiers": [dossier.pk]}, format="json"
    )
    assert letter.status_code == 201, letter.content
    assert letter.json()["dossier_ids"] == [dossier.pk]
    assert ProvincialSubmission.objects.get(dossiers=dossier).number == "52/TTr-UBND"

    body = move(town.liaison, dossier, "record_provincial_result", **result)
    assert body["status"]["code"] == Status.PROVINCE_APPROVED
    assert ProvincialResult.objects.get(dossier=dossier).decision_number == "88/QĐ-UBND"
    assert open_steps(dossier) == []


def test_the_council_does_not_recommend_a_dossier_voted_below_the_threshold(town, the_campaign):
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    refused = move(town.secretary, dossier, "recommend_town_award", expected=422, **meeting(town, votes_for=2))
    assert refused["code"] == "below_threshold"
    assert not CouncilVote.objects.filter(dossier=dossier).exists()  # the meeting is not kept either
    move(town.secretary, dossier, "not_recommend", comment="Không đủ phiếu", **meeting(town, votes_for=2))
    assert (state(dossier), open_steps(dossier)) == (Status.REJECTED, [])


def test_without_a_meeting_the_vote_recorded_before_decides(town, the_campaign):
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    refused = move(town.secretary, dossier, "recommend_town_award", expected=422)
    assert (refused["code"], state(dossier)) == ("no_vote", Status.AT_COUNCIL)


def test_the_chairman_sends_a_dossier_back_to_the_council(town, the_campaign):
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    move(town.secretary, dossier, "recommend_town_award", **meeting(town))
    refused = move(town.chairman, dossier, "send_back", expected=422)
    assert refused["fields"] == {"comment": ["This field is required."]}
    move(town.chairman, dossier, "send_back", comment="Xem xét lại")
    assert (state(dossier), open_steps(dossier)) == (Status.AT_COUNCIL, ["council"])


# Refusals -------------------------------------------------------------------------------------------
def test_a_transition_from_the_wrong_state_answers_409_and_changes_nothing(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    signed_in(town.reviewer)
    with nothing_changes():
        refused = move(town.reviewer, dossier, "forward_to_council", expected=409)
    assert refused["code"] == "invalid_state"
    assert "submitted" in refused["detail"].lower() or "Submitted" in refused["detail"]


def test_a_failed_condition_answers_422_with_its_code_in_the_language_asked_for(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    signed_in(town.submitter)
    listed = api(town.submitter).get(f"{DOSSIERS}{dossier.pk}/transitions/").json()
    assert listed[0]["name"] == "submit" and listed[0]["unmet"][0]["code"] == "has_required_documents"
    with nothing_changes():
        response = api(town.submitter, language="vi").post(f"{DOSSIERS}{dossier.pk}/transitions/submit/", {})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "has_required_documents"
    assert body["detail"].startswith("Hồ sơ còn thiếu thành phần bắt buộc")
    assert not DossierProcess.objects.filter(dossier=dossier).exists()


def test_a_missing_comment_names_the_field(town, the_campaign):
    dossier = draft(town, the_campaign)
    signed_in(town.submitter)
    with nothing_changes():
        refused = move(town.submitter, dossier, "withdraw", expected=422)
    assert refused["fields"] == {"comment": ["This field is required."]}


def test_a_malformed_field_is_refused_before_anything_runs(town, the_campaign):
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    move(town.secretary, dossier, "recommend_town_award", **meeting(town))
    signed_in(town.chairman)
    with nothing_changes():
        refused = move(town.chairman, dossier, "approve", expected=422, number="12/QĐ-UBND", signed_on="31/02/2026")
    assert list(refused["fields"]) == ["signed_on"]


def test_a_role_not_held_answers_403(town, the_campaign):
    dossier = draft(town, the_campaign)
    signed_in(town.reviewer, town.submitter)
    with nothing_changes():
        assert move(town.reviewer, dossier, "submit", expected=403)["code"] == "forbidden"
    move(town.submitter, dossier, "submit")
    with nothing_changes():
        assert move(town.submitter, dossier, "start_review", expected=403)["code"] == "forbidden"


def test_another_reviewers_claimed_dossier_answers_409_to_its_outcomes(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    signed_in(town.reviewer_2)
    with nothing_changes():
        refused = move(town.reviewer_2, dossier, "forward_to_council", expected=409)
        assert refused == {
            "code": "invalid_state", "detail": "This task has already been claimed by sa-pa-reviewer.", "fields": {}
        }
        refused = move(town.reviewer_2, dossier, "start_review", expected=409)
        assert refused["detail"] == "This action (Start review) is not possible: the dossier is now “Under review”."
        assert offered(town.reviewer_2, dossier) == []


def test_another_towns_dossier_answers_404_to_every_transition(town, other_town, the_campaign):
    dossier = draft(town, the_campaign)
    signed_in(other_town.submitter, other_town.reviewer)
    with nothing_changes():
        assert api(other_town.submitter).get(f"{DOSSIERS}{dossier.pk}/transitions/").status_code == 404
        for name in ("submit", "withdraw"):
            assert move(other_town.submitter, dossier, name, expected=404, comment="x")["code"] == "not_found"
    move(town.submitter, dossier, "submit")
    with nothing_changes():
        assert move(other_town.reviewer, dossier, "start_review", expected=404)["code"] == "not_found"


def test_an_unknown_transition_answers_404(town, the_campaign):
    dossier = draft(town, the_campaign)
    assert api(town.submitter).post(f"{DOSSIERS}{dossier.pk}/transitions/approve_everything/", {}).status_code == 404


# The appraisal's judgement of the award standard ----------------------------------------------------
def test_the_appraisal_lists_the_judgement_it_needs_and_records_it(town, the_campaign):
    from tests.factories import town_standard

    town_standard(the_campaign.award_forms.get(code="giay-khen"))
    dossier = draft(town, the_campaign, evidence={"support_amount": 49_999_999})
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    listed = {t["name"]: t for t in api(town.reviewer).get(f"{DOSSIERS}{dossier.pk}/transitions/").json()}
    fields = {field["name"]: field for field in listed["forward_to_council"]["fields"]}
    assert fields["standard_met"]["proposed"] is False
    seen = fields["standard_seen"]["default"]

    refused = move(town.reviewer, dossier, "forward_to_council", expected=422)
    assert refused["code"] == "standard_not_met"
    judged = {"standard_met": True, "standard_seen": seen, "judgements": {str(k["id"]): True for k in fields["judgements"]["keys"]}}
    refused = move(town.reviewer, dossier, "forward_to_council", expected=422, **judged)
    assert list(refused["fields"]) == ["comment"]
    move(town.reviewer, dossier, "forward_to_council", comment="Đã xác minh khoản hỗ trợ", **judged)
    assert state(dossier) == Status.AT_COUNCIL
    assert dossier.criteria_evaluations.get().standard_met is True


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
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS).json()["results"]] == [late.reference, on_time.reference]
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS, {"overdue": "true"}).json()["results"]] == [late.reference]
    assert [t["dossier"]["reference"] for t in reviewer.get(TASKS, {"overdue": "false"}).json()["results"]] == [on_time.reference]


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
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        move(town.submitter, earlier, "submit")
    move(town.submitter, later, "submit")
    reviewer = api(town.reviewer)

    def listed(**query) -> list[str]:
        response = reviewer.get(DOSSIERS, query)
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert listed(overdue="true") == [earlier.reference]
    assert set(listed(overdue="false")) == {later.reference, waiting.reference}
    assert listed(ordering="deadline") == [earlier.reference, later.reference, waiting.reference]
    assert listed(ordering="-deadline") == [later.reference, earlier.reference, waiting.reference]
    row = next(row for row in reviewer.get(DOSSIERS).json()["results"] if row["reference"] == earlier.reference)
    assert row["due"]["overdue"] is True and row["due"]["days_left"] < 0


def test_the_dossier_list_costs_as_many_queries_with_due_dates_for_6_rows_as_for_1(town, the_campaign):
    reviewer = api(town.reviewer)
    move(town.submitter, draft(town, the_campaign), "submit")
    one = queries(reviewer, DOSSIERS, {"ordering": "deadline"})
    for _ in range(5):
        move(town.submitter, draft(town, the_campaign), "submit")
    assert queries(reviewer, DOSSIERS, {"ordering": "deadline"}) == one


def test_a_document_kind_missing_is_listed_as_unmet_before_the_forward(town, the_campaign):
    dossier = draft(town, the_campaign)
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    dossier.documents.filter(kind=DocumentKind.COUNCIL_MINUTES).delete()
    listed = {t["name"]: t for t in api(town.reviewer).get(f"{DOSSIERS}{dossier.pk}/transitions/").json()}
    assert [item["code"] for item in listed["forward_to_council"]["unmet"]] == ["has_required_documents"]
    assert listed["reject"]["unmet"] == []


# The shape of every error ------------------------------------------------------------------------
def test_any_other_path_under_the_api_answers_404_in_the_apis_shape(town):
    client = api(town.reviewer)
    for response in (client.get("/api/nothing/"), client.post("/api/dossiers/abc/transitions/submit/")):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
    assert client.get(f"{TASKS}999999/").json() == {"code": "not_found", "detail": "Not found.", "fields": {}}


def test_the_errors_of_a_lists_entries_are_named_by_their_position(town):
    response = api(town.liaison).post(
        "/api/province-letters/", {"number": "52/TTr-UBND", "sent_on": "2026-01-02", "dossiers": [1, "x"]}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"dossiers.1": ["A valid integer is required."]}


def test_an_id_filter_out_of_range_is_refused_with_400(town):
    response = api(town.reviewer).get(DOSSIERS, {"award_form": 2**70})
    assert response.status_code == 400 and list(response.json()["fields"]) == ["award_form"]


# The records that carry several dossiers, as the /work/ screens make them ------------------------------
def test_a_compiled_submission_forwards_several_dossiers_at_once(town, the_campaign):
    first, second = draft(town, the_campaign), draft(town, the_campaign)
    for dossier in (first, second):
        move(town.submitter, dossier, "submit")
    move(town.reviewer, first, "start_review")  # the other waits in the queue: claimed on the way
    body = {"number": "45/TTr-LĐTBXH", "submitted_on": timezone.localdate().isoformat(), "dossiers": [first.pk, second.pk]}
    response = api(town.reviewer).post("/api/compiled-submissions/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["dossier_ids"] == sorted([first.pk, second.pk])
    assert [state(first), state(second)] == [Status.AT_COUNCIL, Status.AT_COUNCIL]
    assert open_steps(first) == open_steps(second) == ["council"]


def test_one_council_meeting_decides_several_dossiers_and_one_decision_awards_them(town, the_campaign):
    dossiers = [draft(town, the_campaign) for _ in range(3)]
    for dossier in dossiers:
        to_council(town, dossier)
    members = [member.pk for member in town.council_members]
    ballots = [
        {"dossier": dossiers[0].pk, "outcome": "town_award", "votes_for": 5, "votes_against": 0},
        {"dossier": dossiers[1].pk, "outcome": "town_award", "votes_for": 4, "votes_against": 1},
        {"dossier": dossiers[2].pk, "outcome": "not_recommended", "votes_for": 1, "votes_against": 4, "comment": "Chưa đạt"},
    ]
    body = {"held_on": timezone.localdate().isoformat(), "attendees": members, "ballots": ballots}
    response = api(town.secretary).post("/api/council-meetings/", body, format="json")
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["council"], meeting["members_present"], meeting["attendee_ids"]) == (town.council.pk, 5, sorted(members))
    assert meeting["dossier_ids"] == sorted(d.pk for d in dossiers)
    assert [state(d) for d in dossiers] == [Status.AWAITING_DECISION, Status.AWAITING_DECISION, Status.REJECTED]

    body = {"number": "88/QĐ-UBND", "signed_on": timezone.localdate().isoformat(), "dossiers": [d.pk for d in dossiers[:2]]}
    response = api(town.chairman).post("/api/decisions/", body, format="json")
    assert response.status_code == 201, response.content
    assert [state(d) for d in dossiers[:2]] == [Status.APPROVED, Status.APPROVED]
    assert Decision.objects.get(number="88/QĐ-UBND").dossiers.count() == 2


def test_a_record_with_one_dossier_at_another_step_is_refused_whole_naming_it(town, the_campaign):
    ready, elsewhere = draft(town, the_campaign), draft(town, the_campaign)
    to_council(town, ready)
    move(town.submitter, elsewhere, "submit")
    body = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": [member.pk for member in town.council_members],
        "ballots": [
            {"dossier": ready.pk, "outcome": "town_award", "votes_for": 5, "votes_against": 0},
            {"dossier": elsewhere.pk, "outcome": "town_award", "votes_for": 5, "votes_against": 0},
        ],
    }
    signed_in(town.secretary)
    with nothing_changes():
        response = api(town.secretary).post("/api/council-meetings/", body, format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"Dossier {elsewhere.reference}:")


def test_a_record_naming_another_towns_dossier_answers_404_and_changes_nothing(town, other_town, the_campaign):
    ours, theirs = draft(town, the_campaign), draft(other_town, campaign(other_town))
    to_council(town, ours)
    move(town.secretary, ours, "recommend_town_award", **meeting(town))
    body = {"number": "9/QĐ-UBND", "signed_on": timezone.localdate().isoformat(), "dossiers": [ours.pk, theirs.pk]}
    signed_in(town.chairman)
    with nothing_changes():
        assert api(town.chairman).post("/api/decisions/", body, format="json").status_code == 404


def test_a_ballots_wrong_entry_is_named_by_its_position(town, the_campaign):
    body = {"held_on": "2026-01-05", "attendees": [], "ballots": [{"dossier": 1, "outcome": "maybe"}]}
    response = api(town.secretary).post("/api/council-meetings/", body, format="json")
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["ballots.0.outcome"]


def test_a_record_by_a_role_that_does_not_make_it_answers_403(town, the_campaign):
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    today = timezone.localdate().isoformat()
    meeting_body = {"held_on": today, "attendees": [], "ballots": [{"dossier": dossier.pk, "outcome": "town_award"}]}
    submitted = draft(town, the_campaign)
    move(town.submitter, submitted, "submit")
    submission = {"number": "45/TTr-LĐTBXH", "submitted_on": today, "dossiers": [submitted.pk]}
    signed_in(town.reviewer, town.chairman)
    with nothing_changes():
        assert api(town.reviewer).post("/api/council-meetings/", meeting_body, format="json").status_code == 403
        assert api(town.chairman).post("/api/compiled-submissions/", submission, format="json").status_code == 403
