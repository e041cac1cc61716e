"""The flow through the JSON API: the transitions a user may make, making them (the same services
and workflow tasks as the screens), the letters to the province, the refusals (403, 404, 409, 422)
and the shape of every error. The tasks and the dossier list's due dates: ``test_api_tasks.py``;
the records carrying several dossiers: ``test_api_records.py``."""

from django.utils import timezone

from approvals.flows import AwardDossierFlow
from approvals.models import CouncilVote, Decision, DossierProcess, ProvincialResult, ProvincialSubmission
from approvals.selectors.tasks import workflow_mismatches
from audit.models import AuditEvent
from dossiers.models import DocumentKind, Status
from tests.approvals.flow_api import (
    DOSSIERS,
    TASKS,
    api,
    meeting,
    move,
    offered,
    open_steps,
    signed_in,
    state,
    to_council,
)
from tests.factories import draft, nothing_changes


def test_a_town_award_is_driven_through_the_api_from_submission_to_decision(town, the_campaign):
    dossier = draft(town, the_campaign)
    assert offered(town.submitter, dossier) == ["submit", "withdraw"]

    body = move(town.submitter, dossier, "submit", comment="Kính trình")
    assert body["status"]["code"] == Status.SUBMITTED
    assert body["due"]["date"] is not None and body["due"]["overdue"] is False
    assert open_steps(dossier) == ["review"]
    assert offered(town.reviewer, dossier) == ["start_review"]

    move(town.reviewer, dossier, "start_review")
    assert offered(town.reviewer, dossier) == [
        "release",
        "return_for_supplement",
        "reject",
        "forward_to_council",
        "judge_ready",
    ]
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
    actions = [
        event.action for event in AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}").order_by("seq")
    ]
    assert actions[-6:] == [
        "dossier.submit",
        "dossier.start_review",
        "dossier.forward_to_council",
        "council.vote_recorded",
        "dossier.recommend_town_award",
        "dossier.approve",
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
            "code": "invalid_state",
            "detail": "This task has already been claimed by sa-pa-reviewer.",
            "fields": {},
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
    judged = {
        "standard_met": True,
        "standard_seen": seen,
        "judgements": {str(k["id"]): True for k in fields["judgements"]["keys"]},
    }
    refused = move(town.reviewer, dossier, "forward_to_council", expected=422, **judged)
    assert list(refused["fields"]) == ["comment"]
    move(town.reviewer, dossier, "forward_to_council", comment="Đã xác minh khoản hỗ trợ", **judged)
    assert state(dossier) == Status.AT_COUNCIL
    assert dossier.criteria_evaluations.get().standard_met is True


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
        "/api/province-letters/",
        {"number": "52/TTr-UBND", "sent_on": "2026-01-02", "dossiers": [1, "x"]},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"dossiers.1": ["A valid integer is required."]}


def test_an_id_filter_out_of_range_is_refused_with_400(town):
    response = api(town.reviewer).get(DOSSIERS, {"award_form": 2**70})
    assert response.status_code == 400 and list(response.json()["fields"]) == ["award_form"]
