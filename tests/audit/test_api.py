"""The audit trail's JSON API: auditors only, scoped as their screen, filtered by the screen's form,
paginated within a query budget, and the verification of the trail, intact or tampered with."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from audit.models import AuditEvent, AuditStream
from audit.selectors import event_list
from audit.services import stream_for
from audit.verify import verify_trail
from dossiers.models import Status
from roles.models import Role
from tests.api_client import api, client  # noqa: F401 - client: the English one
from tests.factories import bring_to, campaign, draft, user_with_role

pytestmark = pytest.mark.django_db

EVENTS = "/api/audit/events/"
VERIFY = "/api/audit/verify/"


@pytest.fixture
def town_auditor(town):
    """An auditor of the town alone (the Town's own auditor is the province's)."""
    return user_with_role(Role.AUDITOR, town.town, "sa-pa-town-auditor")


@pytest.fixture
def dossier(town, the_campaign):
    return bring_to(Status.SUBMITTED, town, the_campaign)


@pytest.fixture
def other_dossier(other_town):
    return bring_to(Status.SUBMITTED, other_town, campaign(other_town))


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def dossier_ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    return {row["object"]["id"] for row in rows if row["object"] and row["object"]["type"] == "dossiers.dossier"}


# Who may read


@pytest.mark.parametrize("url", [EVENTS, VERIFY, f"{EVENTS}1/"])
def test_anyone_but_an_auditor_gets_403(client, town, dossier, url):
    for user in (town.submitter, town.reviewer, town.chairman, town.administrator):
        response = api(client, user).get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_an_anonymous_call_answers_401(client, town):
    assert client.get(EVENTS).status_code == 401


def test_a_provinces_auditor_reads_every_event_newest_first(client, town, dossier, other_dossier):
    api(client, town.auditor)
    everything = list(AuditEvent.objects.order_by("-occurred_at", "-id").values_list("id", flat=True))
    body = client.get(EVENTS).json()
    assert body["count"] == len(everything)
    assert [row["id"] for row in body["results"]] == everything
    assert dossier_ids(client.get(EVENTS)) == {str(dossier.pk), str(other_dossier.pk)}


def test_a_towns_auditor_reads_no_event_of_another_towns_dossier(client, town, town_auditor, dossier, other_dossier):
    response = api(client, town_auditor).get(EVENTS)
    mine = AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk))
    # Only the town's dossier: not the other town's, nor sign-ins and other events naming no unit.
    assert sorted(ids(response)) == sorted(mine.values_list("id", flat=True))
    assert dossier_ids(response) == {str(dossier.pk)}
    assert client.get(EVENTS, {"dossier": dossier.reference}).json()["count"] == mine.count()
    assert ids(client.get(EVENTS, {"dossier": other_dossier.reference})) == []


def test_the_list_is_the_screens_list(client, town, town_auditor, dossier, other_dossier):
    for user in (town.auditor, town_auditor):
        api(client, user)
        for filters in ({}, {"action": "dossier"}, {"actor": town.submitter.username[:5]}):
            query = {"user" if k == "actor" else k: v for k, v in filters.items()}
            expected = list(event_list(user=user, **filters).values_list("id", flat=True))
            assert ids(client.get(EVENTS, query)) == expected


# One event


def test_an_event_shows_who_did_what_when_and_its_hashes(client, town, dossier):
    submit = AuditEvent.objects.get(object_id=str(dossier.pk), action="dossier.submit")
    previous = AuditEvent.objects.get(stream=submit.stream, seq=submit.seq - 1)
    body = api(client, town.auditor).get(f"{EVENTS}{submit.pk}/").json()
    assert body == {
        "id": submit.pk,
        "stream": stream_for(dossier),
        "seq": submit.seq,
        "at": timezone.localtime(submit.occurred_at).isoformat(),
        "action": "dossier.submit",
        "action_label": "Submit",
        "actor": {"username": town.submitter.username, "name": town.submitter.full_name},
        "role": {"code": Role.COMMUNE_SUBMITTER.value, "label": "Commune submitter"},
        "unit": submit.unit,
        "unit_name": town.commune.name,
        "object": {"type": "dossiers.dossier", "id": str(dossier.pk), "repr": submit.object_repr},
        "before": submit.before,
        "after": submit.after,
        "comment": submit.comment,
        "ip": submit.ip,
        "request_id": submit.request_id,
        "prev_hash": previous.hash,
        "hash": submit.hash,
    }
    assert body["after"]["status"] == Status.SUBMITTED


def test_an_event_with_no_actor_nor_object_reads_as_null(client, town):
    api(client, town.auditor)
    failed = client.post("/api/auth/token/", {"username": "nobody", "password": "wrong"})
    assert failed.status_code == 400
    event = AuditEvent.objects.get(action="auth.login_failed", actor_username="nobody")
    body = client.get(f"{EVENTS}{event.pk}/").json()
    assert body["actor"] == {"username": "nobody", "name": ""}
    assert body["role"] is None


def test_an_event_outside_the_auditors_units_answers_404_as_one_that_does_not_exist(
    client, town, town_auditor, dossier, other_dossier
):
    theirs = AuditEvent.objects.filter(object_id=str(other_dossier.pk), object_type="dossiers.dossier").first()
    api(client, town_auditor)
    sign_in = AuditEvent.objects.filter(action="auth.login").first()
    missing = client.get(f"{EVENTS}{AuditEvent.objects.latest('id').pk + 1000}/")
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "detail": "No such event.", "fields": {}}
    for event in (theirs, sign_in):
        response = client.get(f"{EVENTS}{event.pk}/")
        assert (response.status_code, response.json()) == (404, missing.json())
    mine = AuditEvent.objects.filter(object_id=str(dossier.pk), object_type="dossiers.dossier").first()
    assert client.get(f"{EVENTS}{mine.pk}/").status_code == 200


# Filters, as on the screen


def test_the_list_is_filtered_by_dossier_reference_or_number(client, town, the_campaign, dossier):
    other = draft(town, the_campaign)
    api(client, town.auditor)
    for value in (dossier.reference, str(dossier.pk)):
        assert dossier_ids(client.get(EVENTS, {"dossier": value})) == {str(dossier.pk)}
    assert dossier_ids(client.get(EVENTS, {"dossier": other.reference})) == {str(other.pk)}
    assert ids(client.get(EVENTS, {"dossier": "not a reference"})) == []


def test_the_list_is_filtered_by_user_action_and_unit(client, town, dossier):
    api(client, town.auditor)
    rows = client.get(EVENTS, {"user": town.submitter.username}).json()["results"]
    assert rows and {row["actor"]["username"] for row in rows} == {town.submitter.username}
    rows = client.get(EVENTS, {"action": "dossier.submit"}).json()["results"]
    assert [row["action"] for row in rows] == ["dossier.submit"]
    rows = client.get(EVENTS, {"action": "dossier"}).json()["results"]
    assert len(rows) > 1 and all(row["action"].startswith("dossier.") for row in rows)
    submit = AuditEvent.objects.get(action="dossier.submit")
    rows = client.get(EVENTS, {"unit": submit.unit, "action": "dossier"}).json()["results"]
    assert rows and {row["unit"] for row in rows} == {submit.unit}
    assert ids(client.get(EVENTS, {"unit": "no-such-unit"})) == []


def test_the_list_is_filtered_by_dates_written_either_way(client, town, the_campaign):
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        older = draft(town, the_campaign, documents=False)
    newer = draft(town, the_campaign, documents=False)
    api(client, town.auditor)
    five_days_ago = today - datetime.timedelta(days=5)
    for written in (five_days_ago.isoformat(), five_days_ago.strftime("%d/%m/%Y")):
        assert dossier_ids(client.get(EVENTS, {"date_to": written})) == {str(older.pk)}
        assert dossier_ids(client.get(EVENTS, {"date_from": written})) == {str(newer.pk)}
    assert dossier_ids(client.get(EVENTS, {"date_from": today.isoformat(), "date_to": today.isoformat()})) == {
        str(newer.pk)
    }


def test_an_unreadable_date_is_refused_with_400_naming_the_filter(client, town):
    response = api(client, town.auditor).get(EVENTS, {"date_from": "31/02/2020"})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid_input", ["date_from"])


def test_a_start_after_the_end_is_refused_with_400(client, town):
    response = api(client, town.auditor).get(EVENTS, {"date_from": "2020-03-02", "date_to": "2020-03-01"})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_input", "detail": "The start date is after the end date.", "fields": {}}


# Pages and queries


def test_the_list_is_paginated(client, town, dossier, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    body = api(client, town.auditor).get(EVENTS, {"dossier": dossier.reference}).json()
    total = AuditEvent.objects.filter(stream=stream_for(dossier)).count()
    assert total > 4
    assert (body["count"], len(body["results"])) == (total, 2)
    second = client.get(body["next"])
    assert second.status_code == 200, (body["next"], second.content[:300])
    second = second.json()
    assert not {row["id"] for row in second["results"]} & {row["id"] for row in body["results"]}


def test_the_list_costs_as_many_queries_with_many_rows_as_with_two(
    client, town, the_campaign, monkeypatch, django_assert_num_queries
):
    api(client, town.auditor)
    bring_to(Status.SUBMITTED, town, the_campaign)
    query = {"action": "dossier"}
    client.get(EVENTS, query)  # caches filled once per process
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    with CaptureQueriesContext(connection) as two:
        assert len(ids(client.get(EVENTS, query))) == 2
    for _ in range(5):
        bring_to(Status.SUBMITTED, town, the_campaign)
    monkeypatch.setattr(PageNumberPagination, "page_size", 10)
    with django_assert_num_queries(len(two)):
        assert len(ids(client.get(EVENTS, query))) == 10


# Verification


def test_an_intact_trail_verifies_ok_with_its_counts(client, town, dossier):
    body = api(client, town.auditor).get(VERIFY).json()
    report = verify_trail()
    assert body == {
        "ok": True,
        "events": report.events,
        "streams": report.streams,
        "problem_count": 0,
        "problems": [],
        "hidden": 0,
    }
    assert body["events"] == AuditEvent.objects.count() and body["streams"] == AuditStream.objects.count()


def test_a_tampered_trail_is_reported_not_ok_naming_the_event(client, town, dossier, without_triggers):
    api(client, town.auditor)
    target = AuditEvent.objects.get(object_id=str(dossier.pk), action="dossier.submit")
    AuditEvent.objects.filter(pk=target.pk).update(comment="Đã sửa")
    body = client.get(VERIFY).json()
    assert (body["ok"], body["problem_count"], body["hidden"]) == (False, 1, 0)
    assert body["problems"] == [
        {
            "stream": target.stream,
            "event_id": target.pk,
            "seq": target.seq,
            "reason": "content changed since it was written",
            "text": (
                f"event {target.pk} (stream {target.stream}, no. {target.seq}): content changed since it was written"
            ),
        }
    ]


def test_a_towns_auditor_is_told_of_a_problem_elsewhere_but_not_where(
    client, town, town_auditor, dossier, other_dossier, without_triggers
):
    api(client, town_auditor)
    theirs = AuditEvent.objects.filter(object_id=str(other_dossier.pk), object_type="dossiers.dossier").last()
    AuditEvent.objects.filter(pk=theirs.pk).delete()
    body = client.get(VERIFY).json()
    assert (body["ok"], body["problem_count"], body["problems"], body["hidden"]) == (False, 1, [], 1)
    # The province's auditor is told where.
    body = api(client, town.auditor).get(VERIFY).json()
    assert [p["stream"] for p in body["problems"]] == [theirs.stream] and body["hidden"] == 0
