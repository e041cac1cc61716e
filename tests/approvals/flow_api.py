"""Driving the award-dossier flow through the JSON API, as an integrating system would: each user's
token client, the transitions offered and made, and the state and open steps they leave."""

import json

from django.core.files import File
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers.models import Status
from tests.factories import chair_and_minutes

PASSWORD = "pass-1234-word"  # the factories' password
DOSSIERS = "/api/dossiers/"
TASKS = "/api/tasks/"


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


def multipart(fields: dict) -> dict:
    """A JSON body's fields as a multipart form sends them: a dict's entries as ``name.key`` parts
    (DRF's reading of a form's dict), lists as repeated parts, files as they are."""
    flat = {}
    for name, value in fields.items():
        if isinstance(value, dict):
            flat |= {f"{name}.{key}": item for key, item in value.items()}
        else:
            flat[name] = value
    return flat


def transition_post(user, dossier, name, **fields):
    """Ask for a transition through the API: a JSON body, or a multipart form where a file is sent
    (the council meeting's signed minutes)."""
    url = f"{DOSSIERS}{dossier.pk}/transitions/{name}/"
    if any(isinstance(value, File) for value in fields.values()):
        return api(user).post(url, multipart(fields), format="multipart")
    return api(user).post(url, fields, format="json")


def move(user, dossier, name, expected=200, **fields):
    """Make a transition through the API."""
    response = transition_post(user, dossier, name, **fields)
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
        for task in Task.objects.filter(
            process__dossierprocess__dossier=dossier, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
    ]


def to_council(town, dossier):
    move(town.submitter, dossier, "submit")
    move(town.reviewer, dossier, "start_review")
    move(town.reviewer, dossier, "forward_to_council")
    assert (state(dossier), open_steps(dossier)) == (Status.AT_COUNCIL, ["council"])


def meeting(town, present=5, votes_for=5) -> dict:
    """A council meeting's fields on a transition: who attended and chaired it, its signed minutes,
    and the secret ballot's totals."""
    return {
        "held_on": timezone.localdate().isoformat(),
        "attendees": [member.pk for member in town.council_members[:present]],
        **chair_and_minutes(),
        "votes_for": votes_for,
        "votes_against": present - votes_for,
        "abstentions": 0,
    }


MEETINGS = "/api/council-meetings/"


def post_meeting(user, body: dict, *, minutes=True):
    """Record a council meeting through the API as a client generated from its schema sends it: a
    multipart form, each ballot a JSON part, the members present repeated parts, the signed minutes
    a file; who chaired it and the minutes added unless the body names them (or ``minutes`` is False)."""
    fields = (chair_and_minutes() if minutes else {}) | dict(body)
    if "ballots" in fields:
        fields["ballots"] = [json.dumps(ballot) for ballot in fields["ballots"]]
    return api(user).post(MEETINGS, fields, format="multipart")
