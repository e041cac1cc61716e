"""Driving the award-dossier flow through the JSON API, as an integrating system would: each user's
token client, the transitions offered and made, and the state and open steps they leave."""

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers.models import Status

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
    """A council meeting's fields on a transition: who attended and the secret ballot's totals."""
    return {
        "held_on": timezone.localdate().isoformat(),
        "attendees": [member.pk for member in town.council_members[:present]],
        "votes_for": votes_for,
        "votes_against": present - votes_for,
        "abstentions": 0,
    }
