"""The lifecycle's permission matrix, through the API.

A dossier is taken to each state through the API itself (its flow running, as in production), and
every user of both towns asks which transitions they may make and then tries every transition.
Only the role the transition names, held over the dossier's unit (for a claimed dossier: the
reviewer who claimed it), is offered it and may make it. Anyone else in the town is refused (403
or 409); anyone of another unit gets 404, as for a dossier that does not exist; and no refusal
changes anything. Another town's users see nothing of the dossier: not it, its transitions, its
history, its documents or its task.
"""

import pytest
from django.utils import timezone

from approvals.transitions import TRANSITIONS
from dossiers.models import Status
from tests.approvals.flow_api import DOSSIERS, TASKS, api, meeting, move, signed_in, state, transition_post
from tests.factories import campaign, draft, nothing_changes


@pytest.fixture
def the_campaign(town):
    return campaign(town)


def users(town, other_town) -> dict:
    """Everyone who might try, by who they are to a dossier of the first town's commune."""
    return {
        "submitter": town.submitter,
        "ward submitter": town.ward_submitter,
        "reviewer": town.reviewer,
        "second reviewer": town.reviewer_2,
        "secretary": town.secretary,
        "council member": town.council_members[0],
        "chairman": town.chairman,
        "liaison": town.liaison,
        "auditor": town.auditor,
        "head of the labour office": town.labour_head,
        "administrator": town.administrator,
        **{
            f"other town's {role}": user
            for role, user in (
                ("submitter", other_town.submitter),
                ("reviewer", other_town.reviewer),
                ("secretary", other_town.secretary),
                ("chairman", other_town.chairman),
                ("liaison", other_town.liaison),
            )
        },
    }


# Who is offered what, in each state (the reviewer claimed the dossier under review).
OFFERED = {
    Status.DRAFT: {"submitter": ["submit", "withdraw"]},
    Status.SUBMITTED: {"reviewer": ["start_review"], "second reviewer": ["start_review"]},
    Status.UNDER_REVIEW: {
        "reviewer": ["release", "return_for_supplement", "reject", "forward_to_council", "judge_ready"]
    },
    Status.RETURNED: {"submitter": ["withdraw", "resubmit"]},
    Status.AT_COUNCIL: {"secretary": ["recommend_town_award", "recommend_provincial_award", "not_recommend"]},
    Status.AWAITING_DECISION: {"chairman": ["approve", "send_back"]},
    Status.ESCALATED: {"liaison": ["record_provincial_result"]},
    Status.APPROVED: {},
    Status.REJECTED: {},
}
STEPS = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.UNDER_REVIEW: ["submit", "start_review"],
    Status.RETURNED: ["submit", "start_review", "return_for_supplement"],
    Status.REJECTED: ["submit", "start_review", "reject"],
    Status.AT_COUNCIL: ["submit", "start_review", "forward_to_council"],
    Status.AWAITING_DECISION: ["submit", "start_review", "forward_to_council", "recommend_town_award"],
    Status.APPROVED: ["submit", "start_review", "forward_to_council", "recommend_town_award", "approve"],
    Status.ESCALATED: ["submit", "start_review", "forward_to_council", "recommend_provincial_award"],
}


def fields_for(name: str, town) -> dict:
    """What each transition takes, filled in as its holder would."""
    today = timezone.localdate().isoformat()
    return {
        "withdraw": {"comment": "Lý do"},
        "return_for_supplement": {"comment": "Bổ sung"},
        "reject": {"comment": "Không đạt"},
        "not_recommend": {"comment": "Không đủ phiếu", **meeting(town, votes_for=1)},
        "recommend_town_award": meeting(town),
        "recommend_provincial_award": meeting(town),
        "approve": {"number": "7/QĐ-UBND", "signed_on": today},
        "send_back": {"comment": "Xem xét lại"},
        "record_provincial_result": {"approved": True, "decision_number": "9/QĐ-UBND", "decided_on": today},
    }.get(name, {})


def holder(name: str, town):
    role = TRANSITIONS[name].role()
    return town.user_for(role)


def flow_to(status: Status, town, the_campaign):
    form_code = "bang-khen" if status == Status.ESCALATED else "giay-khen"
    dossier = draft(town, the_campaign, form_code=form_code)
    for name in STEPS[status]:
        move(holder(name, town), dossier, name, **fields_for(name, town))
    assert state(dossier) == status
    return dossier


@pytest.mark.parametrize("status", list(OFFERED), ids=str)
def test_only_the_role_holding_a_transition_over_the_unit_is_offered_it_and_may_make_it(
    status, town, other_town, the_campaign
):
    dossier = flow_to(status, town, the_campaign)
    everyone = users(town, other_town)
    signed_in(*everyone.values())
    offered = OFFERED[status]
    with nothing_changes():
        for who, user in everyone.items():
            response = api(user).get(f"{DOSSIERS}{dossier.pk}/transitions/")
            if who.startswith("other town's") or who in {"ward submitter", "administrator"}:
                assert response.status_code == 404, who
                continue
            assert response.status_code == 200, who
            assert [t["name"] for t in response.json()] == offered.get(who, []), who
            for name in TRANSITIONS:
                if name in offered.get(who, []):
                    continue
                refused = transition_post(user, dossier, name, **fields_for(name, town))
                assert refused.status_code in {403, 409}, (who, name, refused.content)
        for who, user in everyone.items():
            if who.startswith("other town's") or who in {"ward submitter", "administrator"}:
                for name in TRANSITIONS:
                    refused = transition_post(user, dossier, name, **fields_for(name, town))
                    assert refused.status_code == 404, (who, name)
                    assert refused.json()["code"] == "not_found"
    for who, names in list(offered.items())[:1]:  # and the holder may: their last transition works
        if status == Status.ESCALATED:  # once the letter has carried the dossier to the province
            letter = {"number": "3/TTr-UBND", "sent_on": timezone.localdate().isoformat(), "dossiers": [dossier.pk]}
            assert api(town.liaison).post("/api/province-letters/", letter, format="json").status_code == 201
        move(everyone[who], dossier, names[-1], **fields_for(names[-1], town))


def test_another_towns_users_see_nothing_of_a_dossier_or_its_task(town, other_town, the_campaign):
    dossier = flow_to(Status.SUBMITTED, town, the_campaign)
    [task] = api(town.reviewer).get(TASKS).json()["results"]
    outsiders = [other_town.submitter, other_town.reviewer, other_town.secretary, town.ward_submitter]
    signed_in(*outsiders)
    with nothing_changes():
        for user in outsiders:
            client = api(user)
            assert dossier.reference not in str(client.get(DOSSIERS).json())
            assert client.get(TASKS).json()["results"] == []
            for url in (
                f"{DOSSIERS}{dossier.pk}/",
                f"{DOSSIERS}{dossier.pk}/transitions/",
                f"{DOSSIERS}{dossier.pk}/history/",
                f"{DOSSIERS}{dossier.pk}/documents/",
                f"{DOSSIERS}{dossier.pk}/documents/{dossier.documents.first().pk}/",
                f"{TASKS}{task['id']}/",
            ):
                assert client.get(url).status_code == 404, url
            for url in (f"{TASKS}{task['id']}/claim/", f"{TASKS}{task['id']}/release/"):
                assert client.post(url).status_code == 404, url
            assert client.patch(f"{DOSSIERS}{dossier.pk}/", {"summary": "x"}, format="json").status_code == 404
