"""The auditor's screens: the trail, one event, the verification and the CSV export."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

import workflow_project.urls  # noqa: F401 - the Site's URL names resolve once its URLs are built
from audit.models import AuditEvent
from audit.services import stream_for
from dossiers.models import Status
from roles.models import Role
from tests.factories import bring_to, campaign, draft, user_with_role
from tests.languages import english_browser

pytestmark = pytest.mark.django_db

LIST = reverse("audit:index")
EXPORT = reverse("audit:export")
VERIFY = reverse("audit:verify")


def detail(event) -> str:
    return reverse("audit:event", args=[event.pk])


@pytest.fixture
def client():
    """A browser on which English was chosen, so that texts are asserted in English."""
    return english_browser()


@pytest.fixture
def auditor_client(client, town):
    client.force_login(town.auditor)
    return client


@pytest.fixture
def dossier(town, the_campaign):
    return bring_to(Status.UNDER_REVIEW, town, the_campaign)


@pytest.fixture
def town_auditor(town):
    """An auditor held in the town's labour office: the town's dossiers only."""
    return user_with_role(Role.AUDITOR, town.labour_office, "sa-pa-town-auditor")


def shown(response) -> list[int]:
    return [event.pk for event in response.context["events"]]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# Who may open the pages


def test_the_auditor_opens_the_trail_an_event_the_export_and_the_verification(auditor_client, dossier):
    event = AuditEvent.objects.filter(stream=stream_for(dossier)).first()
    assert auditor_client.get(LIST).status_code == 200
    assert auditor_client.get(detail(event)).status_code == 200
    assert auditor_client.get(EXPORT).status_code == 200
    assert auditor_client.get(VERIFY).status_code == 200


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AUDITOR])
def test_every_other_role_is_refused_every_page(client, town, dossier, role):
    event = AuditEvent.objects.filter(stream=stream_for(dossier)).first()
    client.force_login(town.user_for(role))
    for url in (LIST, detail(event), EXPORT, VERIFY):
        assert client.get(url).status_code == 403, url


def test_a_logged_out_visitor_is_sent_to_sign_in(client, dossier):
    for url in (LIST, EXPORT, VERIFY):
        response = client.get(url)
        assert response.status_code == 302
        assert resolve_url(settings.LOGIN_URL) in response["Location"]


def test_the_pages_are_read_only(auditor_client, dossier):
    event = AuditEvent.objects.first()
    for url in (LIST, detail(event), EXPORT, VERIFY):
        assert auditor_client.post(url).status_code == 405


def test_the_site_menu_offers_the_trail_to_the_auditor_only(client, town):
    client.force_login(town.auditor)
    assert LIST.encode() in client.get(LIST).content
    client.force_login(town.reviewer)
    assert b'href="/audit/' not in client.get("/", follow=True).content


# Scope


def test_a_province_auditor_reads_every_event_newest_first(auditor_client, dossier):
    response = auditor_client.get(LIST)
    expected = list(AuditEvent.objects.order_by("-occurred_at", "-id").values_list("pk", flat=True)[:50])
    assert shown(response) == expected
    assert response.context["page_obj"].paginator.count == AuditEvent.objects.count()


def test_a_province_auditor_reads_sign_in_and_role_events(auditor_client, town):
    actions = {event.action for event in auditor_client.get(LIST).context["events"]}
    assert {"auth.login", "role.granted"} <= actions


def test_a_town_auditor_reads_only_the_towns_dossier_events(client, town, other_town, the_campaign, town_auditor):
    mine = draft(town, the_campaign)
    theirs = draft(other_town, campaign(other_town))
    client.force_login(town_auditor)
    events = client.get(LIST).context["page_obj"].paginator.object_list
    assert {(e.object_type, e.object_id) for e in events} == {("dossiers.dossier", str(mine.pk))}
    assert not AuditEvent.objects.filter(stream=stream_for(theirs), pk__in=[e.pk for e in events]).exists()


def test_an_event_outside_the_auditors_scope_is_not_found(client, town, other_town, the_campaign, town_auditor):
    theirs = draft(other_town, campaign(other_town))
    client.force_login(town_auditor)
    foreign = AuditEvent.objects.filter(stream=stream_for(theirs)).first()
    sign_in = AuditEvent.objects.filter(action="role.granted").first()
    assert client.get(detail(foreign)).status_code == 404
    assert client.get(detail(sign_in)).status_code == 404
    assert client.get(reverse("audit:event", args=[10**9])).status_code == 404


def test_a_town_auditors_export_holds_only_the_towns_dossier_events(
    client, town, other_town, the_campaign, town_auditor
):
    mine = draft(town, the_campaign)
    draft(other_town, campaign(other_town))
    client.force_login(town_auditor)
    rows = csv_rows(client.get(EXPORT))[1:]
    assert len(rows) == AuditEvent.objects.filter(stream=stream_for(mine)).count()


# Filters


def test_the_dossier_filter_takes_a_reference_or_a_number(auditor_client, town, the_campaign, dossier):
    draft(town, the_campaign, unit=town.ward)
    expected = set(AuditEvent.objects.filter(stream=stream_for(dossier)).values_list("pk", flat=True))
    by_reference = auditor_client.get(LIST, {"dossier": dossier.reference})
    by_number = auditor_client.get(LIST, {"dossier": str(dossier.pk)})
    assert set(shown(by_reference)) == expected
    assert set(shown(by_number)) == expected


def test_the_user_filter(auditor_client, town, dossier):
    response = auditor_client.get(LIST, {"user": town.reviewer.username})
    assert shown(response)
    assert {e.actor_username for e in response.context["events"]} == {town.reviewer.username}


def test_the_unit_filter(auditor_client, town, dossier):
    response = auditor_client.get(LIST, {"unit": town.labour_office.code})
    assert shown(response)
    assert {e.unit for e in response.context["events"]} == {town.labour_office.code}


def test_the_action_filter_takes_an_action_or_its_kind(auditor_client, dossier):
    exact = auditor_client.get(LIST, {"action": "dossier.submit"})
    kind = auditor_client.get(LIST, {"action": "dossier"})
    assert {e.action for e in exact.context["events"]} == {"dossier.submit"}
    assert {e.action.split(".")[0] for e in kind.context["events"]} == {"dossier"}
    assert len(shown(kind)) > len(shown(exact))


def test_the_date_range_filter_reads_dd_mm_yyyy(auditor_client, dossier):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    including = auditor_client.get(
        LIST, {"date_from": today.strftime("%d/%m/%Y"), "date_to": today.strftime("%d/%m/%Y")}
    )
    before = auditor_client.get(LIST, {"date_to": yesterday.strftime("%d/%m/%Y")})
    assert len(shown(including)) == min(50, AuditEvent.objects.count())
    assert shown(before) == []


def test_a_date_range_ending_before_it_starts_is_an_error(auditor_client, dossier):
    response = auditor_client.get(LIST, {"date_from": "02/01/2020", "date_to": "01/01/2020"})
    assert response.context["form"].non_field_errors()


def test_an_unreadable_filter_matches_nothing_in_the_list_or_the_export(auditor_client, dossier):
    response = auditor_client.get(LIST, {"date_from": "2020-01-01"})
    assert response.context["form"].errors["date_from"]
    assert shown(response) == []
    assert len(csv_rows(auditor_client.get(EXPORT, {"date_from": "2020-01-01"}))) == 1


def test_the_trail_is_paginated(auditor_client, dossier, monkeypatch):
    monkeypatch.setattr("audit.views.PAGE_SIZE", 5)
    total = AuditEvent.objects.count()
    assert total > 10
    second = auditor_client.get(LIST, {"page": 2})
    assert len(shown(second)) == 5
    assert second.context["page_obj"].paginator.num_pages == (total + 4) // 5
    assert not set(shown(second)) & set(shown(auditor_client.get(LIST)))


# One event


def test_an_events_before_and_after_are_shown_field_by_field(auditor_client, dossier):
    event = AuditEvent.objects.filter(stream=stream_for(dossier), action="dossier.start_review").get()
    response = auditor_client.get(detail(event))
    assert response.context["event"] == event
    rows = {row.key: row for row in response.context["changes"]}
    assert rows["status"].label == "Status"
    assert rows["status"].before == "Submitted, waiting for review"
    assert rows["status"].after == "Under review"
    assert rows["status"].changed


# Verification


def test_the_list_offers_the_verification_without_running_it(auditor_client, dossier, monkeypatch):
    def verify_trail():
        raise AssertionError("the list must not walk the whole trail")

    monkeypatch.setattr("audit.selectors.verify_trail", verify_trail)
    response = auditor_client.get(LIST)
    assert response.status_code == 200
    assert "verification" not in response.context
    assert f'href="{VERIFY}"'.encode() in response.content
    assert b"Verify the trail" in response.content


def test_the_trail_shows_as_intact_with_its_counts(auditor_client, dossier):
    response = auditor_client.get(VERIFY)
    verification = response.context["verification"]
    assert verification.ok
    assert verification.report.events == AuditEvent.objects.count()
    assert b"The trail is intact" in response.content


def test_an_altered_row_shows_as_a_break_naming_the_event(auditor_client, dossier, without_triggers):
    event = AuditEvent.objects.filter(stream=stream_for(dossier)).order_by("seq")[2]
    AuditEvent.objects.filter(pk=event.pk).update(comment="sửa lén")
    response = auditor_client.get(VERIFY)
    verification = response.context["verification"]
    assert not verification.ok
    assert verification.problems[0].event_id == event.pk
    assert detail(event).encode() in response.content


def test_a_town_auditor_is_not_told_where_a_break_outside_the_town_lies(
    client, town, other_town, the_campaign, town_auditor, without_triggers
):
    theirs = draft(other_town, campaign(other_town))
    event = AuditEvent.objects.filter(stream=stream_for(theirs)).first()
    AuditEvent.objects.filter(pk=event.pk).update(comment="sửa lén")
    client.force_login(town_auditor)
    verification = client.get(VERIFY).context["verification"]
    assert not verification.ok
    assert verification.problems == []
    assert verification.hidden == 1


# Export


def test_the_export_is_csv_with_a_byte_order_mark_and_a_header(auditor_client, dossier):
    response = auditor_client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = csv_rows(response)
    assert rows[0] == [
        "Time",
        "User",
        "User name",
        "Role",
        "Role code",
        "Unit",
        "Unit code",
        "Action",
        "Action code",
        "Object",
        "Object type",
        "Object id",
        "Comment",
        "Before",
        "After",
        "Before, as recorded",
        "After, as recorded",
        "IP address",
        "Request id",
        "Hash",
    ]
    assert len(rows) == 1 + AuditEvent.objects.count()


def test_the_export_follows_the_filters_and_writes_vietnamese(auditor_client, town, the_campaign):
    returned = bring_to(Status.RETURNED, town, the_campaign)
    event = AuditEvent.objects.get(stream=stream_for(returned), action="dossier.return_for_supplement")
    rows = csv_rows(
        auditor_client.get(EXPORT, {"dossier": returned.reference, "action": "dossier.return_for_supplement"})
    )
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Comment"] == "Bổ sung biên bản"
    assert row["Time"] == timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M:%S")
    assert row["User"] == town.reviewer.full_name
    assert row["User name"] == town.reviewer.username
    assert row["Role"] == "Labour reviewer (LĐ-TB&XH)"
    assert row["Role code"] == Role.LABOUR_REVIEWER
    assert row["Unit"] == "Phòng LĐ-TB&XH"
    assert row["Unit code"] == town.labour_office.code
    assert row["Action"] == "Return for supplement"
    assert row["Action code"] == "dossier.return_for_supplement"
    assert row["Hash"] == event.hash
    assert row["After"] == "Status: Returned for supplement"
    assert '"status": "returned"' in row["After, as recorded"]


# Query budgets


def queries_of(fetch) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


def test_the_exports_queries_do_not_grow_with_the_rows(auditor_client, town, the_campaign, django_assert_num_queries):
    draft(town, the_campaign, documents=False)
    auditor_client.get(LIST)  # caches filled once per process (content types, the session)
    few_rows = len(csv_rows(auditor_client.get(EXPORT)))
    few = queries_of(lambda: csv_rows(auditor_client.get(EXPORT)))
    for _ in range(3):
        bring_to(Status.AT_COUNCIL, town, the_campaign)
    with django_assert_num_queries(few):
        rows = csv_rows(auditor_client.get(EXPORT))
    assert len(rows) == 1 + AuditEvent.objects.count() > few_rows + 20
