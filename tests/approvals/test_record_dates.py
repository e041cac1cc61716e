"""The dates of the screens over several dossiers (a compiled submission, a council meeting, a
decision, a letter to the province) are picked as on the task screens: viewflow's date field,
whose picker writes dd/mm/yyyy, with the field's label, help and refusal."""

import datetime
from html.parser import HTMLParser

import pytest

from dossiers.models import Status
from tests.approvals.batch_screens import DATE, TODAY, url
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.routed import routed, task_of


class Components(HTMLParser):
    """The attributes of each ``<vf-field-date>`` of a page, by the name of its field."""

    def __init__(self, html):
        super().__init__()
        self.found = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "vf-field-date":
            attributes = dict(attrs)
            self.found[attributes["name"]] = attributes


def date_fields(response) -> dict:
    return Components(response.content.decode()).found


@pytest.mark.parametrize(
    ("screen", "role", "name", "label"),
    [
        ("submission_create", "reviewer", "submitted_on", "submitted on"),
        ("meeting_create", "secretary", "held_on", "held on"),
        ("decision_create", "chairman", "signed_on", "signed on"),
        ("letter_create", "liaison", "sent_on", "sent on"),
    ],
)
def test_each_records_date_is_picked_as_on_the_task_screens(client, town, screen, role, name, label):
    response = as_user(client, getattr(town, role)).get(url(screen))

    assert response.status_code == 200
    field = date_fields(response)[name]
    assert (field["format"], field["value"], field["label"]) == ("%d/%m/%Y", DATE(), label)
    assert field["help-text"] == "dd/mm/yyyy"
    assert field["type"] == "text"


def test_a_refused_date_is_shown_as_typed_with_its_reason(client, town, the_campaign):
    dossier = routed(Status.AWAITING_DECISION, town, the_campaign)
    tomorrow = (TODAY() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    response = as_user(client, town.chairman).post(
        url("decision_create"), {"tasks": [task_of(dossier).pk], "number": "21/QĐ-UBND", "signed_on": tomorrow}
    )

    field = date_fields(response)["signed_on"]
    assert (field["value"], field["error"]) == (tomorrow, "The date cannot be in the future.")


def test_a_date_that_cannot_be_read_is_refused_on_its_field(client, town, the_campaign):
    dossier = routed(Status.AWAITING_DECISION, town, the_campaign)

    response = as_user(client, town.chairman).post(
        url("decision_create"), {"tasks": [task_of(dossier).pk], "number": "21/QĐ-UBND", "signed_on": "31/02/2026"}
    )

    assert date_fields(response)["signed_on"]["error"] == "Enter a valid date."
