"""The flow's charts: the flow's steps, and each dossier's process with its current step."""

import re

import pytest
from django.urls import reverse

from approvals import transitions
from approvals.models import DossierProcess
from dossiers import services as dossier_services
from dossiers.models import Status
from roles.models import Role
from tests.approvals.dossier_pages import page
from tests.approvals.flow_client import as_user, client, open_task  # noqa: F401 - fixtures
from tests.approvals.routed import routed
from tests.factories import draft
from tests.languages import speaking


# The charts.
def svg(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    return response.content.decode()


def node_class(chart, node):
    match = re.search(rf'<g id="{node}"[^>]*?(?: class="(\w+)")?>', chart)
    assert match, node
    return match[1]


def test_the_flow_chart_shows_its_steps_in_vietnamese(client, town):
    chart = svg(as_user(speaking(client, "vi"), town.reviewer).get(reverse("awarddossier:chart")))

    texts = re.findall(r"<(?:text|title)[^>]*>([^<]*)</", chart)
    assert {"Thẩm định hồ sơ", "(Phòng LĐ-TB&amp;XH)", "Nộp hồ sơ", "Kết quả thẩm định"} <= set(texts)
    assert chart.startswith("<svg")


def test_the_process_chart_highlights_the_current_step(client, town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])
    as_user(client, town.reviewer)

    waiting = svg(client.get(chart_url))
    assert (node_class(waiting, "submit"), node_class(waiting, "review"), node_class(waiting, "council")) == (
        "done",
        "new",
        None,
    )

    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    assert node_class(svg(client.get(chart_url)), "review") == "assigned"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COMMUNE_SUBMITTER, Role.TOWN_CHAIRMAN])
def test_the_process_chart_is_shown_to_the_readers_of_the_dossier(client, town, the_campaign, role):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])

    response = page(client, town.user_for(role), dossier)

    assert f'src="{chart_url}?step=' in response.content.decode()
    svg(client.get(chart_url))


def test_the_chart_is_addressed_by_the_step_so_that_a_browser_never_shows_an_earlier_one(client, town, the_campaign):
    """A browser keeps the images of the page it shows (the site changes pages without reloading
    it): each step, and each claim, gives the chart another address."""
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    chart = re.compile(r'class="dossier-chart" src="([^"]+)"')

    def chart_src():
        return chart.search(page(client, town.reviewer, dossier).content.decode())[1]

    waiting = chart_src()
    transitions.task_claim(task_id=open_task(dossier).pk, actor=town.reviewer)
    claimed = chart_src()
    transitions.task_complete(
        task_id=open_task(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
    )
    at_council = chart_src()

    assert len({waiting, claimed, at_council}) == 3


def test_another_towns_process_chart_answers_404(client, town, other_town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign, unit=town.ward)
    process = DossierProcess.objects.get(dossier=dossier)
    chart_url = reverse("awarddossier:process_chart", args=[process.pk])

    assert as_user(client, other_town.reviewer).get(chart_url).status_code == 404
    assert as_user(client, town.submitter).get(chart_url).status_code == 404  # another commune


def test_a_draft_has_no_process_chart_yet(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = page(client, town.submitter, dossier)

    assert response.context["process_id"] is None
    assert 'class="dossier-chart"' not in response.content.decode()
