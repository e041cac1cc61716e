"""The records that carry several dossiers through the JSON API, as the /work/ screens make them:
compiled submissions, council meetings and decisions."""

from django.utils import timezone

from approvals.models import Decision
from dossiers.models import Status
from tests.approvals.flow_api import api, meeting, move, open_steps, post_meeting, signed_in, state, to_council
from tests.factories import campaign, draft, nothing_changes


# The records that carry several dossiers, as the /work/ screens make them ------------------------------
def test_a_compiled_submission_forwards_several_dossiers_at_once(town, the_campaign):
    first, second = draft(town, the_campaign), draft(town, the_campaign)
    for dossier in (first, second):
        move(town.submitter, dossier, "submit")
    for dossier in (first, second):  # each opened and appraised by the reviewer first
        move(town.reviewer, dossier, "start_review")
        move(town.reviewer, dossier, "judge_ready")
    body = {
        "number": "45/TTr-LĐTBXH",
        "submitted_on": timezone.localdate().isoformat(),
        "dossiers": [first.pk, second.pk],
    }
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
        {
            "dossier": dossiers[2].pk,
            "outcome": "not_recommended",
            "votes_for": 1,
            "votes_against": 4,
            "comment": "Chưa đạt",
        },
    ]
    body = {"held_on": timezone.localdate().isoformat(), "attendees": members, "ballots": ballots}
    response = post_meeting(town.secretary, body)
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["council"], meeting["members_present"], meeting["attendee_ids"]) == (
        town.council.pk,
        5,
        sorted(members),
    )
    assert meeting["dossier_ids"] == sorted(d.pk for d in dossiers)
    assert [state(d) for d in dossiers] == [Status.AWAITING_DECISION, Status.AWAITING_DECISION, Status.REJECTED]

    body = {
        "number": "88/QĐ-UBND",
        "signed_on": timezone.localdate().isoformat(),
        "dossiers": [d.pk for d in dossiers[:2]],
    }
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
        response = post_meeting(town.secretary, body)
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
    response = post_meeting(town.secretary, body)
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
        assert post_meeting(town.reviewer, meeting_body).status_code == 403
        assert api(town.chairman).post("/api/compiled-submissions/", submission, format="json").status_code == 403
