"""The units' JSON API: the units each user may use with the roles held there, none of another
town's, filtered and within a query budget."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.pagination import PageNumberPagination

from roles.models import Role
from roles.services import membership_grant
from tests.api_client import api, client  # noqa: F401 - client: the English one
from tests.factories import UnitFactory

UNITS = "/api/units/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_a_submitter_uses_their_own_commune_only(client, town, other_town):
    body = api(client, town.submitter).get(UNITS).json()
    assert body["results"] == [
        {
            "id": town.commune.pk,
            "code": town.commune.code,
            "name": town.commune.name,
            "kind": {"code": "commune", "label": "Commune"},
            "parent": town.town.pk,
            "path": town.commune.path,
            "merged_into": None,
            "merged_on": None,
            "roles": [{"code": "commune_submitter", "label": "Commune submitter"}],
        }
    ]


def test_a_town_office_reads_its_whole_town_and_holds_its_role_in_the_office(client, town, other_town):
    rows = api(client, town.reviewer).get(UNITS).json()["results"]
    town_units = [town.town, town.labour_office, town.home_affairs, town.council, town.commune, town.ward]
    assert sorted(row["code"] for row in rows) == sorted(unit.code for unit in town_units)
    roles = {row["code"]: [role["code"] for role in row["roles"]] for row in rows}
    assert roles.pop(town.labour_office.code) == ["labour_reviewer"]
    assert set(map(tuple, roles.values())) == {()}


def test_another_towns_unit_answers_404_as_one_that_does_not_exist(client, town, other_town):
    api(client, town.reviewer)
    outside = client.get(f"{UNITS}{other_town.commune.pk}/")
    missing = client.get(f"{UNITS}{other_town.commune.pk + 1000}/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"code": "not_found", "detail": "No such unit.", "fields": {}}
    assert client.get(f"{UNITS}{town.province.pk}/").status_code == 404
    assert client.get(f"{UNITS}{town.commune.pk}/").json()["roles"] == []


def test_a_provinces_auditor_reads_every_town(client, town, other_town):
    listed = set(codes(api(client, town.auditor).get(UNITS, {"kind": "commune"})))
    assert listed == {town.commune.code, other_town.commune.code}
    body = client.get(f"{UNITS}{town.province.pk}/").json()
    assert body["roles"] == [{"code": "auditor", "label": "Auditor"}]


def test_an_administrator_uses_the_unit_where_they_hold_the_role_and_reads_nothing_beneath(client, town):
    assert codes(api(client, town.administrator).get(UNITS)) == [town.town.code]


def test_every_role_held_in_a_unit_is_listed(client, town):
    starts_on = town.chairman.memberships.get().starts_on
    membership_grant(actor=None, user=town.chairman, role=Role.PROVINCIAL_LIAISON, unit=town.town, starts_on=starts_on)
    body = api(client, town.chairman).get(f"{UNITS}{town.town.pk}/").json()
    assert [role["code"] for role in body["roles"]] == ["town_chairman", "provincial_liaison"]


def test_the_units_are_filtered(client, town):
    api(client, town.reviewer)
    assert codes(client.get(UNITS, {"held": "true"})) == [town.labour_office.code]
    assert town.labour_office.code not in codes(client.get(UNITS, {"held": "false"}))
    assert codes(client.get(UNITS, {"role": "labour_reviewer"})) == [town.labour_office.code]
    assert codes(client.get(UNITS, {"role": "auditor"})) == []
    assert sorted(codes(client.get(UNITS, {"kind": ["commune", "ward"]}))) == sorted(
        [town.commune.code, town.ward.code]
    )
    assert len(codes(client.get(UNITS, {"parent": town.town.pk}))) == 5
    response = client.get(UNITS, {"kind": "nonsense"})
    assert (response.status_code, list(response.json()["fields"])) == (400, ["kind"])


def test_the_list_is_paginated(client, town, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 4)
    body = api(client, town.reviewer).get(UNITS).json()
    assert (body["count"], len(body["results"])) == (6, 4)
    assert len(client.get(body["next"]).json()["results"]) == 2


def test_the_list_costs_as_many_queries_with_many_rows_as_with_one(client, town, django_assert_num_queries):
    api(client, town.reviewer)
    query = {"kind": "village"}
    client.get(UNITS, query)  # caches filled once per process
    UnitFactory(code="sa-pa-thon-0", kind="village", parent=town.commune)
    with CaptureQueriesContext(connection) as one:
        assert len(codes(client.get(UNITS, query))) == 1
    for n in range(1, 10):
        UnitFactory(code=f"sa-pa-thon-{n}", kind="village", parent=town.commune)
    with django_assert_num_queries(len(one)):
        assert len(codes(client.get(UNITS, query))) == 10
