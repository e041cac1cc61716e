"""The search box of the reviewers' queue and inbox and of the dossier list: by reference, nominee
or unit, whatever the accents and the case, within the user's units, at a constant query budget.
What the search finds, in detail: ``tests/dossiers/test_search.py``."""

import re

import pytest

from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import task_dossier
from dossiers.models import Dossier, Status
from tests.approvals.dossier_pages import url
from tests.approvals.flow_client import as_user, client, status_of  # noqa: F401 - fixtures
from tests.factories import campaign
from tests.languages import speaking
from tests.query_budgets import assert_constant
from tests.searching import OTHERS, SUNG_A_PAO, claimed, commune, proposing, submitted

pytestmark = pytest.mark.django_db

QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")
CLAIM = AwardDossierFlow.instance.reverse("tasks_assign")
LABEL = "Tìm theo mã hồ sơ, tên đối tượng hoặc đơn vị"


def tasks_listed(response) -> set:
    assert response.status_code == 200
    return {task_dossier(task) for task in response.context["object_list"]}


def dossiers_listed(response) -> set:
    assert response.status_code == 200
    return {row["dossier"] for row in response.context["rows"]}


@pytest.fixture
def waiting(town, the_campaign):
    """Sùng A Pao's dossier and others, all waiting in the town reviewers' queue."""
    for name in OTHERS:
        submitted(town, the_campaign, name)
    return submitted(town, the_campaign, SUNG_A_PAO)


# The queue.
@pytest.mark.parametrize("search", ["Sung A Pao", "sùng a páo", "SUNG"])
def test_the_queue_is_searched_by_the_nominees_name(client, town, waiting, search):
    response = as_user(client, town.reviewer).get(QUEUE, {"search": search})

    assert tasks_listed(response) == {waiting}


def test_the_queue_is_searched_by_the_units_name_and_by_reference(client, town, the_campaign, waiting):
    ta_van = commune(town, "Xã Tả Van", "ta-van")
    theirs = {
        submitted(town, the_campaign, "Giàng Seo Phử", unit=ta_van),
        submitted(town, the_campaign, "Lý A Chín", unit=ta_van),
    }
    reviewer = as_user(client, town.reviewer)

    assert tasks_listed(reviewer.get(QUEUE, {"search": "Ta Van"})) == theirs
    assert tasks_listed(reviewer.get(QUEUE, {"search": f"{the_campaign.year}-{waiting.pk}"})) == {waiting}
    assert tasks_listed(reviewer.get(QUEUE, {"search": "dong"})) == {Dossier.objects.get(nominee__name="Đồng Văn Hùng")}


def test_the_search_narrows_the_other_filters(client, town, the_campaign, waiting):
    in_the_ward = submitted(town, the_campaign, "Sùng Seo Pao", unit=town.ward)
    reviewer = as_user(client, town.reviewer)

    assert tasks_listed(reviewer.get(QUEUE, {"search": "sung"})) == {waiting, in_the_ward}
    assert tasks_listed(reviewer.get(QUEUE, {"search": "sung", "unit": town.ward.pk})) == {in_the_ward}


def test_the_queue_finds_nothing_outside_the_users_units(client, town, other_town, waiting):
    theirs = submitted(other_town, campaign(other_town), SUNG_A_PAO)

    assert tasks_listed(as_user(client, town.reviewer).get(QUEUE, {"search": SUNG_A_PAO})) == {waiting}
    assert tasks_listed(as_user(client, town.reviewer).get(QUEUE, {"search": theirs.reference})) == set()
    assert tasks_listed(as_user(client, other_town.reviewer).get(QUEUE, {"search": SUNG_A_PAO})) == {theirs}


def test_the_queues_search_box_is_in_sight_in_vietnamese_and_keeps_the_filters(client, town, waiting):
    response = speaking(as_user(client, town.reviewer), "vi").get(
        QUEUE, {"search": "Sùng", "unit": town.commune.pk, "_orderby": "-age"}
    )

    html = response.content.decode()
    (form,) = re.findall(r'<form method="get" class="task-search" role="search">.*?</form>', html, re.S)
    assert f'<label for="id_task_search">{LABEL}</label>' in form
    assert 'name="search" value="Sùng"' in form
    assert f'<input type="hidden" name="unit" value="{town.commune.pk}">' in form
    assert '<input type="hidden" name="_orderby" value="-age">' in form
    assert form.count('name="search"') == 1
    assert ">Tìm</button>" in form
    assert LABEL in html.replace(form, "")  # in the drawer of filters as well


def test_select_all_claims_the_tasks_found_only(client, town, waiting):
    others = [task_dossier(task) for task in as_user(client, town.reviewer).get(QUEUE).context["object_list"]]

    response = as_user(client, town.reviewer).post(f"{CLAIM}?search=sung+a+pao", {"select_all": "1", "_confirm": "1"})

    assert response.status_code == 302
    assert {d.pk: status_of(d) for d in others} == {
        d.pk: Status.UNDER_REVIEW if d == waiting else Status.SUBMITTED for d in others
    }


# The inbox.
def test_the_inbox_is_searched(client, town, the_campaign, waiting):
    claimed(town, waiting)
    claimed(town, submitted(town, the_campaign, "Vàng Seo Dình"))

    response = as_user(client, town.reviewer).get(INBOX, {"search": "sung a pao"})

    assert tasks_listed(response) == {waiting}
    assert LABEL in speaking(as_user(client, town.reviewer), "vi").get(INBOX).content.decode()


# The dossier list.
def test_the_dossier_list_is_searched(client, town, other_town, the_campaign):
    for name in OTHERS:
        proposing(town, the_campaign, name)
    sung = proposing(town, the_campaign, SUNG_A_PAO)
    proposing(other_town, campaign(other_town), SUNG_A_PAO)
    reviewer = as_user(client, town.reviewer)

    for search in ["Sung A Pao", "sùng a páo", "SUNG", sung.reference, str(sung.pk)]:
        assert dossiers_listed(reviewer.get(url("index"), {"search": search})) == {sung}, search
    assert {d.nominee.name for d in dossiers_listed(reviewer.get(url("index"), {"search": "dong"}))} == {
        "Đồng Văn Hùng"
    }
    assert dossiers_listed(as_user(client, town.ward_submitter).get(url("index"), {"search": "sung"})) == set()
    html = speaking(reviewer, "vi").get(url("index")).content.decode()
    assert LABEL in html and 'name="search"' in html


# Query budgets: a search costs as many queries with 12 rows found as with 2.
def test_the_searched_queue_keeps_its_query_budget(client, town, the_campaign, django_assert_num_queries):
    def found_and_not():
        submitted(town, the_campaign, SUNG_A_PAO)
        submitted(town, the_campaign, "Vàng Thị Mỷ")

    client.force_login(town.reviewer)
    assert_constant(client, f"{QUEUE}?search=sung+a+pao", found_and_not, django_assert_num_queries)


def test_the_searched_inbox_keeps_its_query_budget(client, town, the_campaign, django_assert_num_queries):
    def found_and_not():
        claimed(town, submitted(town, the_campaign, SUNG_A_PAO))
        claimed(town, submitted(town, the_campaign, "Vàng Thị Mỷ"))

    client.force_login(town.reviewer)
    assert_constant(client, f"{INBOX}?search=sung", found_and_not, django_assert_num_queries)


def test_the_searched_dossier_list_keeps_its_query_budget(client, town, the_campaign, django_assert_num_queries):
    def found_and_not():
        proposing(town, the_campaign, SUNG_A_PAO)
        proposing(town, the_campaign, "Vàng Thị Mỷ")

    client.force_login(town.reviewer)
    assert_constant(client, f"{url('index')}?search=SUNG", found_and_not, django_assert_num_queries)
