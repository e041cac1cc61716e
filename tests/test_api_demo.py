"""The lifecycle's paths driven entirely through the API, by the demo's users with their own tokens,
as another government system would: a commune's dossier created, documented, submitted, returned,
supplemented, appraised, voted and awarded by the town; another proposed to the province, sent
under a letter and decided there. Nothing is done through a service or a screen."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from tests.approvals.flow_api import multipart
from tests.factories import PDF, chair_and_minutes

PASSWORD = "demo-Pass-2026"


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--password", PASSWORD, stdout=StringIO(), stderr=StringIO())


def signed_in(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def transition(client, dossier_id, name, **fields) -> dict:
    return ok(client.post(f"/api/dossiers/{dossier_id}/transitions/{name}/", fields, format="json"))


def offered(client, dossier_id) -> dict:
    return {t["name"]: t for t in ok(client.get(f"/api/dossiers/{dossier_id}/transitions/"))}


def create_and_submit(commune, form_code: str, nominee: str) -> int:
    """The commune picks an open campaign and one of its award forms, creates the draft, attaches
    every document the award form requires of it, and submits it."""
    [campaign] = ok(commune.get("/api/campaigns/", {"accepts_dossiers": "true"}))["results"]
    form = next(form for form in campaign["award_forms"] if form["code"] == form_code)
    [unit] = ok(commune.get("/api/units/", {"held": "true"}))["results"]
    body = {
        "campaign": campaign["id"],
        "unit": unit["id"],
        "award_form": form["id"],
        "nominee": {"kind": "individual", "name": nominee},
        "summary": "Đóng góp cho phong trào",
        "support_amount": 60_000_000,
    }
    dossier = ok(commune.post("/api/dossiers/", body, format="json"), 201)
    rules = ok(commune.get(f"/api/award-forms/{form['id']}/"))
    for required in rules["required_documents"]:
        if required["procedure"]["code"] == "ordinary" and required["nominee_kinds"] in ([], ["individual"]):
            upload = SimpleUploadedFile(f"{required['kind']['code']}.pdf", PDF, content_type="application/pdf")
            ok(
                commune.post(
                    f"/api/dossiers/{dossier['id']}/documents/", {"kind": required["kind"]["code"], "file": upload}
                ),
                201,
            )
    assert list(offered(commune, dossier["id"])) == ["submit", "withdraw"]
    assert offered(commune, dossier["id"])["submit"]["unmet"] == []
    assert transition(commune, dossier["id"], "submit")["status"]["code"] == "submitted"
    return dossier["id"]


def claim(reviewer, dossier_id) -> None:
    queue = ok(reviewer.get("/api/tasks/", {"box": "queue"}))["results"]
    task = next(task for task in queue if task["dossier"]["id"] == dossier_id)
    assert ok(reviewer.post(f"/api/tasks/{task['id']}/claim/"))["claimed_by"] == "ldtbxh"


def appraise(reviewer, dossier_id, name: str, comment: str = "") -> dict:
    """The reviewer's outcome, with the judgement the transition asks for where the award form sets
    a standard: the evidence's own result, each criterion left to them met."""
    spec = {field["name"]: field for field in offered(reviewer, dossier_id)[name]["fields"]}
    fields = {"comment": comment}
    if "standard_met" in spec:
        fields |= {
            "standard_met": name == "forward_to_council" or spec["standard_met"]["proposed"],
            "judgements": {str(key["id"]): True for key in spec["judgements"]["keys"]},
            "standard_seen": spec["standard_seen"]["default"],
        }
        if fields["standard_met"] != spec["standard_met"]["proposed"] and not comment:
            fields["comment"] = "Đã xác minh"
    return transition(reviewer, dossier_id, name, **fields)


def council(secretary, dossier_id, name: str) -> dict:
    """The secretary records the meeting with the council's outcome: every member present, all for."""
    spec = {field["name"]: field for field in offered(secretary, dossier_id)[name]["fields"]}
    members = [key["id"] for key in spec["attendees"]["keys"]]
    fields = {"held_on": timezone.localdate().isoformat(), "attendees": members, **chair_and_minutes()}
    if "member_votes" in spec:
        fields["member_votes"] = {str(member): "for" for member in members}
    else:
        fields |= {"votes_for": len(members), "votes_against": 0, "abstentions": 0}
    # A multipart form, for the signed minutes' file.
    response = secretary.post(f"/api/dossiers/{dossier_id}/transitions/{name}/", multipart(fields), format="multipart")
    return ok(response)


def test_a_town_award_from_a_returned_and_supplemented_dossier_entirely_through_the_api(demo):
    commune, reviewer, secretary, chairman = (signed_in(u) for u in ("xa_ta_van", "ldtbxh", "noivu", "chutich"))
    dossier_id = create_and_submit(commune, "giay-khen-chu-tich-thi-xa", "Lý Thị Mai")

    claim(reviewer, dossier_id)
    appraise(reviewer, dossier_id, "return_for_supplement", "Bổ sung tờ trình")
    assert ok(commune.get(f"/api/dossiers/{dossier_id}/"))["status"]["code"] == "returned"
    ok(commune.patch(f"/api/dossiers/{dossier_id}/", {"summary": "Đã bổ sung số liệu"}, format="json"))
    upload = SimpleUploadedFile("to-trinh-moi.pdf", PDF, content_type="application/pdf")
    ok(commune.post(f"/api/dossiers/{dossier_id}/documents/", {"kind": "proposal_letter", "file": upload}), 201)
    transition(commune, dossier_id, "resubmit", comment="Đã bổ sung")

    claim(reviewer, dossier_id)
    assert appraise(reviewer, dossier_id, "forward_to_council")["status"]["code"] == "at_council"
    assert council(secretary, dossier_id, "recommend_town_award")["status"]["code"] == "awaiting_decision"
    task = next(task for task in ok(chairman.get("/api/tasks/"))["results"] if task["dossier"]["id"] == dossier_id)
    assert task["transitions"] == ["approve", "send_back"]
    decided = transition(
        chairman, dossier_id, "approve", number="101/QĐ-UBND", signed_on=timezone.localdate().isoformat()
    )
    assert decided["status"]["code"] == "approved"

    history = ok(commune.get(f"/api/dossiers/{dossier_id}/history/"))["results"]
    actions = [event["action"] for event in history]
    for expected in (
        "dossier.created",
        "document.added",
        "dossier.submit",
        "dossier.return_for_supplement",
        "dossier.updated",
        "document.replaced",
        "dossier.resubmit",
        "dossier.forward_to_council",
        "council.vote_recorded",
        "dossier.recommend_town_award",
        "dossier.approve",
    ):
        assert expected in actions, expected
    auditor = signed_in("kiemtoan")
    events = ok(auditor.get("/api/audit/events/", {"dossier": decided["reference"]}))["results"]
    assert [event["action"] for event in reversed(events)] == actions  # newest first, the same trail
    assert ok(auditor.get("/api/audit/verify/"))["ok"] is True


def test_a_provincial_award_entirely_through_the_api(demo):
    commune, reviewer, secretary, liaison = (signed_in(u) for u in ("xa_ta_van", "ldtbxh", "noivu", "tinh"))
    dossier_id = create_and_submit(commune, "bang-khen-chu-tich-tinh", "Hoàng Văn Sơn")
    claim(reviewer, dossier_id)
    appraise(reviewer, dossier_id, "forward_to_council")
    assert council(secretary, dossier_id, "recommend_provincial_award")["status"]["code"] == "escalated"

    today = timezone.localdate().isoformat()
    letter = {"number": "77/TTr-UBND", "sent_on": today, "dossiers": [dossier_id]}
    assert ok(liaison.post("/api/province-letters/", letter, format="json"), 201)["dossier_ids"] == [dossier_id]
    result = transition(
        liaison, dossier_id, "record_provincial_result", approved=True, decision_number="12/QĐ-UBND", decided_on=today
    )
    assert result["status"]["code"] == "province_approved" and result["due"] is None


def test_a_rejected_and_a_withdrawn_dossier_through_the_api(demo):
    commune, reviewer = signed_in("xa_ta_van"), signed_in("ldtbxh")
    rejected = create_and_submit(commune, "giay-khen-chu-tich-thi-xa", "Vàng A Dính")
    claim(reviewer, rejected)
    assert appraise(reviewer, rejected, "reject", "Không đạt tiêu chuẩn")["status"]["code"] == "rejected"

    same = ok(commune.get(f"/api/dossiers/{rejected}/"))
    body = {
        "campaign": same["campaign"]["id"],
        "unit": same["unit"]["id"],
        "award_form": same["award_form"]["id"],
        "nominee": {"kind": "individual", "name": "Giàng Thị Pà"},
    }
    draft = ok(commune.post("/api/dossiers/", body, format="json"), 201)
    assert transition(commune, draft["id"], "withdraw", comment="Nộp nhầm")["status"]["code"] == "withdrawn"
    assert offered(commune, draft["id"]) == {}
