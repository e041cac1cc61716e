"""The auditor's filters take names as well as codes, accents and case aside: a person by their
full name, a unit by its name, an action by its label. Their query budget stays constant, and they
narrow what the auditor may read, never widen it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from dossiers.models import Status
from roles.models import Role
from tests.api_client import api, client  # noqa: F401 - client: the English one, for the API
from tests.audit.trail_readers import EXPORT, LIST, auditor_client, csv_rows, name_people, shown
from tests.factories import bring_to, campaign, draft, user_with_role
from tests.query_budgets import assert_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(town, the_campaign):
    """The town's people and commune named; a dossier taken by them to the chairman's decision."""
    name_people(town)
    return bring_to(Status.AWAITING_DECISION, town, the_campaign)


def events(response) -> list[AuditEvent]:
    assert response.status_code == 200
    return list(response.context["page_obj"].paginator.object_list)


@pytest.mark.parametrize("typed", ["nguyen van", "Nguyễn Văn", "NGUYỄN VĂN BÌNH", "  nguyen   van  binh "])
def test_a_persons_name_with_or_without_accents_finds_their_events_and_nobody_elses(town, named, typed):
    found = events(auditor_client(town.auditor).get(LIST, {"user": typed}))
    theirs = AuditEvent.objects.filter(actor=town.reviewer)
    assert found and {event.pk for event in found} == set(theirs.values_list("pk", flat=True))


def test_two_people_of_one_family_name_are_told_apart_by_their_given_names(town, named):
    client = auditor_client(town.auditor)
    assert {e.actor_id for e in events(client.get(LIST, {"user": "nguyen"}))} == {town.reviewer.pk, town.secretary.pk}
    assert {e.actor_id for e in events(client.get(LIST, {"user": "nguyen thi"}))} == {town.secretary.pk}
    assert {e.actor_id for e in events(client.get(LIST, {"user": "lo thi mai"}))} == {town.submitter.pk}


def test_the_user_name_still_finds_the_person(town, named):
    found = events(auditor_client(town.auditor).get(LIST, {"user": town.submitter.username}))
    assert found and {event.actor_username for event in found} == {town.submitter.username}


def test_a_name_that_nobody_bears_finds_nothing(town, named):
    assert shown(auditor_client(town.auditor).get(LIST, {"user": "Trần Văn Không"})) == []


@pytest.mark.parametrize("typed", ["ta van", "Tả Van", "XÃ TẢ VAN", "xa ta van"])
def test_a_units_name_finds_the_events_done_for_it(town, the_campaign, named, typed):
    draft(town, the_campaign, unit=town.ward, documents=False)
    found = events(auditor_client(town.auditor).get(LIST, {"unit": typed}))
    assert found and {event.unit for event in found} == {town.commune.code}
    assert len(found) == AuditEvent.objects.filter(unit=town.commune.code).count()


def test_the_units_code_still_finds_it(town, named):
    found = events(auditor_client(town.auditor).get(LIST, {"unit": town.labour_office.code}))
    assert found and {event.unit for event in found} == {town.labour_office.code}


@pytest.mark.parametrize("typed", ["Nộp hồ sơ", "nop ho so"])
def test_an_action_by_its_label(town, named, typed):
    found = events(auditor_client(town.auditor).get(LIST, {"action": typed}))
    assert [event.action for event in found] == ["dossier.submit"]


def test_an_action_by_its_code_or_its_kind_as_before(town, named):
    client = auditor_client(town.auditor)
    assert {e.action for e in events(client.get(LIST, {"action": "dossier.submit"}))} == {"dossier.submit"}
    assert {e.action.split(".")[0] for e in events(client.get(LIST, {"action": "dossier"}))} == {"dossier"}


def test_the_export_and_the_api_take_the_same_names(client, town, named):  # noqa: F811
    rows = csv_rows(auditor_client(town.auditor).get(EXPORT, {"user": "nguyen van binh"}))[1:]
    assert rows and len(rows) == AuditEvent.objects.filter(actor=town.reviewer).count()
    body = api(client, town.auditor).get("/api/audit/events/", {"user": "Nguyễn Văn", "unit": "ld-tb"}).json()
    assert body["count"] and {row["actor"]["username"] for row in body["results"]} == {town.reviewer.username}
    body = client.get("/api/audit/events/", {"action": "start review"}).json()
    assert [row["action"] for row in body["results"]] == ["dossier.start_review"]


# Scope


def test_a_name_borne_in_another_town_finds_nothing_there_for_a_towns_auditor(town, other_town, named):
    name_people(other_town)
    theirs = bring_to(Status.UNDER_REVIEW, other_town, campaign(other_town))
    town_auditor = user_with_role(Role.AUDITOR, town.labour_office, "sa-pa-town-auditor")
    found = events(auditor_client(town_auditor).get(LIST, {"user": "nguyen van binh"}))
    assert found and {(e.object_type, e.object_id) for e in found} == {("dossiers.dossier", str(named.pk))}
    everywhere = events(auditor_client(town.auditor).get(LIST, {"user": "nguyen van binh"}))
    assert {e.object_id for e in everywhere} == {str(named.pk), str(theirs.pk)}
    for unit in ("Phòng LĐ-TB&XH", "phong ld-tb&xh"):
        found = events(auditor_client(town_auditor).get(LIST, {"unit": unit}))
        assert found and {e.unit for e in found} == {town.labour_office.code}


def test_a_name_finds_no_sign_in_for_a_towns_auditor(town, named):
    town_auditor = user_with_role(Role.AUDITOR, town.labour_office, "sa-pa-town-auditor")
    auditor_client(town.reviewer)  # the reviewer signs in: an event outside any dossier
    assert AuditEvent.objects.filter(actor=town.reviewer, object_type="").exists()
    found = events(auditor_client(town_auditor).get(LIST, {"user": "nguyen van binh"}))
    assert found and {e.object_type for e in found} == {"dossiers.dossier"}


# Query budgets


def test_the_list_filtered_by_a_persons_name(town, the_campaign, django_assert_num_queries):
    name_people(town)
    client = auditor_client(town.auditor)
    url = f"{LIST}?user=nguyen+van&action=dossier.start_review"
    add = lambda: bring_to(Status.UNDER_REVIEW, town, the_campaign, documents=True)  # noqa: E731
    assert_constant(client, url, add, django_assert_num_queries)


def test_the_list_filtered_by_a_units_name_and_an_actions_label(town, the_campaign, django_assert_num_queries):
    name_people(town)
    client = auditor_client(town.auditor)
    url = f"{LIST}?unit=ta+van&action=tao+ho+so"
    assert_constant(client, url, lambda: draft(town, the_campaign, documents=False), django_assert_num_queries)


def queries_of(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


def test_the_export_and_the_api_filtered_by_names(client, town, the_campaign, django_assert_num_queries):  # noqa: F811
    name_people(town)
    web = auditor_client(town.auditor)
    api(client, town.auditor)
    query = {"user": "lo thi", "unit": "Tả Van", "action": "dossier.created"}
    draft(town, the_campaign, documents=False)
    csv_rows(web.get(EXPORT, query))
    client.get("/api/audit/events/", query)
    export, listed = (
        queries_of(lambda: csv_rows(web.get(EXPORT, query))),
        queries_of(lambda: client.get("/api/audit/events/", query)),
    )
    for _ in range(10):
        draft(town, the_campaign, documents=False)
    with django_assert_num_queries(export):
        assert len(csv_rows(web.get(EXPORT, query))) == 12
    with django_assert_num_queries(listed):
        assert client.get("/api/audit/events/", query).json()["count"] == 11
