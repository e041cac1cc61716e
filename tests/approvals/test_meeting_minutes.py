"""Who chaired a council meeting and its signed minutes (a file), recorded with the meeting on the
screen and through the API: both required, the minutes kept with their SHA-256 checksum in the
audit trail and served only to those who may read the meeting."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from approvals.models import CouncilMeeting
from audit.models import AuditEvent
from dossiers.models import Status
from tests.approvals.flow_api import api, post_meeting, to_council
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.meeting_rules import meeting, secret_row
from tests.approvals.routed import routed
from tests.factories import CHAIR, MINUTES_NAME, PDF, campaign, chair_and_minutes, draft, nothing_changes

pytestmark = pytest.mark.django_db

SHA256 = hashlib.sha256(PDF).hexdigest()


def url(name, *args):
    return reverse(f"work:{name}", args=args)


def recorded(client, town, the_campaign, **overrides):
    """The secretary records a meeting on one dossier before the council, every member for."""
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    data = meeting(town.council_members, secret_row(0, dossier, 5, 0, 0, "town_award")) | overrides
    return dossier, as_user(client, town.secretary).post(url("meeting_create"), data)


def test_the_screen_records_who_chaired_the_meeting_and_its_signed_minutes(client, town, the_campaign):
    dossier, response = recorded(client, town, the_campaign)

    assert response.status_code == 302
    meeting_ = CouncilMeeting.objects.get()
    assert (meeting_.chaired_by, meeting_.minutes_name, meeting_.minutes_size, meeting_.minutes_sha256) == (
        CHAIR,
        MINUTES_NAME,
        len(PDF),
        SHA256,
    )
    assert response["Location"] == url("meeting_detail", meeting_.pk)
    assert meeting_.minutes.read() == PDF


def test_the_meeting_page_shows_who_chaired_it_and_links_to_its_minutes(client, town, the_campaign):
    recorded(client, town, the_campaign)
    meeting_ = CouncilMeeting.objects.get()

    page = as_user(client, town.council_members[0]).get(url("meeting_detail", meeting_.pk)).content.decode()

    assert f"<strong>Chaired by:</strong> {CHAIR}" in page
    assert f'<a href="{url("meeting_minutes", meeting_.pk)}">{MINUTES_NAME}</a>' in page
    assert "/media/" not in page


def test_the_meeting_page_is_in_vietnamese(town, the_campaign):
    recorded(Client(), town, the_campaign)
    meeting_ = CouncilMeeting.objects.get()
    browser = Client()
    browser.force_login(town.secretary)

    page = browser.get(url("meeting_detail", meeting_.pk)).content.decode()

    assert f"<strong>Chủ trì cuộc họp:</strong> {CHAIR}" in page
    assert "<strong>Biên bản họp (đã ký):</strong>" in page


def test_the_minutes_are_served_to_the_meetings_readers_only(client, town, other_town, the_campaign):
    recorded(client, town, the_campaign)
    minutes = url("meeting_minutes", CouncilMeeting.objects.get().pk)

    for reader in (town.secretary, town.council_members[0]):
        response = as_user(client, reader).get(minutes)
        assert response.status_code == 200
        assert (response["Content-Type"], b"".join(response.streaming_content)) == ("application/pdf", PDF)
    assert as_user(client, other_town.secretary).get(minutes).status_code == 404
    assert as_user(client, other_town.council_members[0]).get(minutes).status_code == 404
    assert as_user(client, town.reviewer).get(minutes).status_code == 403


def test_the_meetings_audit_event_records_the_chair_and_the_minutes_checksum(client, town, the_campaign):
    recorded(client, town, the_campaign)

    event = AuditEvent.objects.get(action="council.meeting_recorded")

    assert (event.after["chaired_by"], event.after["minutes_sha256"]) == (CHAIR, SHA256)


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        ({"chaired_by": ""}, "chaired_by", "Name who chaired the meeting."),
        ({"minutes": ""}, "minutes", "Attach the signed minutes of the meeting (PDF, JPEG or PNG)."),
        (
            {"minutes": SimpleUploadedFile("bien-ban.docx", b"PK\x03\x04 a Word file")},
            "minutes",
            "Unsupported file type.",
        ),
        ({"minutes": SimpleUploadedFile("bien-ban.pdf", b"MZ not a PDF")}, "minutes", "does not match the file type"),
    ],
)
def test_a_meeting_without_its_chair_or_its_signed_minutes_is_refused_and_nothing_is_saved(
    client, town, the_campaign, missing, field, message
):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    data = meeting(town.council_members, secret_row(0, dossier, 5, 0, 0, "town_award")) | missing
    secretary = as_user(client, town.secretary)

    with nothing_changes():
        response = secretary.post(url("meeting_create"), data)

    assert response.status_code in (200, 422)
    assert any(message in error for error in response.context["form"].errors[field])
    assert not CouncilMeeting.objects.exists()


def test_the_screens_refusal_is_in_vietnamese(town, the_campaign):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    browser = Client()
    browser.force_login(town.secretary)
    data = meeting(town.council_members, secret_row(0, dossier, 5, 0, 0, "town_award")) | {"minutes": ""}

    page = browser.post(url("meeting_create"), data).content.decode()

    assert "Hãy đính kèm biên bản họp đã ký (PDF, JPEG hoặc PNG)." in page
    assert not CouncilMeeting.objects.exists()


def test_a_meeting_recorded_before_minutes_were_kept_shows_none_and_serves_none(client, town, the_campaign):
    recorded(client, town, the_campaign)
    meeting_ = CouncilMeeting.objects.get()
    CouncilMeeting.objects.filter(pk=meeting_.pk).update(chaired_by="", minutes="", minutes_name="", minutes_sha256="")

    page = as_user(client, town.secretary).get(url("meeting_detail", meeting_.pk)).content.decode()

    assert "not recorded (a meeting recorded before minutes were kept)" in page
    assert client.get(url("meeting_minutes", meeting_.pk)).status_code == 404


# The API ------------------------------------------------------------------------------------------
def ballot_on(town, the_campaign) -> dict:
    dossier = draft(town, the_campaign)
    to_council(town, dossier)
    return {
        "held_on": timezone.localdate().isoformat(),
        "attendees": [member.pk for member in town.council_members],
        "ballots": [{"dossier": dossier.pk, "outcome": "town_award", "votes_for": 5, "votes_against": 0}],
    }


def test_the_api_records_who_chaired_the_meeting_and_its_signed_minutes(town):
    body = ballot_on(town, campaign(town))

    response = post_meeting(town.secretary, body)

    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["chaired_by"], answer["minutes_name"], answer["minutes_sha256"]) == (CHAIR, MINUTES_NAME, SHA256)
    assert "minutes" not in answer  # the file is read on the meeting's screen, never at a media URL
    event = AuditEvent.objects.get(action="council.meeting_recorded")
    assert (event.after["chaired_by"], event.after["minutes_sha256"]) == (CHAIR, SHA256)


def test_the_api_reads_the_ballots_as_one_json_array_too(town):
    body = ballot_on(town, campaign(town))
    fields = chair_and_minutes() | body | {"ballots": json.dumps(body["ballots"])}

    response = api(town.secretary).post("/api/council-meetings/", fields, format="multipart")

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("chaired_by", "Hãy ghi rõ người chủ trì cuộc họp."),
        ("minutes", "Hãy đính kèm biên bản họp đã ký (PDF, JPEG hoặc PNG)."),
    ],
)
def test_the_api_refuses_a_meeting_without_its_chair_or_minutes_in_the_readers_language(town, field, message):
    body = ballot_on(town, campaign(town))
    fields = {key: value for key, value in chair_and_minutes().items() if key != field} | body
    fields["ballots"] = [json.dumps(each) for each in fields["ballots"]]
    client = api(town.secretary, language="vi")

    with nothing_changes():
        response = client.post("/api/council-meetings/", fields, format="multipart")

    assert response.status_code == 422, response.content
    assert response.json()["fields"][field] == [message]
    assert not CouncilMeeting.objects.exists()


def test_the_schema_declares_the_meeting_as_a_multipart_form_with_its_minutes_as_a_binary_file(town):
    schema = api(town.secretary).get("/api/schema/", {"format": "json"}).json()

    body = schema["paths"]["/api/council-meetings/"]["post"]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]
    form = body["content"]["multipart/form-data"]["schema"]
    if "$ref" in form:
        form = schema["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]
    assert form["properties"]["minutes"] == form["properties"]["minutes"] | {"type": "string", "format": "binary"}
    assert {"chaired_by", "minutes", "held_on", "ballots"} <= set(form["required"])
