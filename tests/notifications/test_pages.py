"""The notifications page: the user's own notifications only, newest first, the unread marked and
counted in the menu; opening one marks it read and leads to its dossier's page, which checks the
user's scope again."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.models import Status
from notifications.models import Notification
from notifications.services import notify
from tests.factories import bring_to, draft

INDEX = "/notifications/"
READ_ALL = "/notifications/read/"


def tell(user, subject="Thông báo", dossier=None):
    (made,) = notify(recipients=[user], kind="test", subject=subject, body="Nội dung", dossier=dossier)
    return made


def open_url(notification) -> str:
    return reverse("notifications:open", args=[notification.pk])


def test_the_page_lists_only_the_users_own_notifications_newest_first(client, town, other_town):
    tell(town.reviewer, "Cũ")
    tell(town.reviewer, "Mới")
    tell(town.reviewer_2, "Của người khác")
    client.force_login(town.reviewer)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert [n.subject for n in response.context["notifications"]] == ["Mới", "Cũ"]
    assert "Của người khác" not in response.content.decode()


def test_the_page_is_paginated(client, town):
    for number in range(30):
        tell(town.reviewer, f"Thông báo {number}")
    client.force_login(town.reviewer)
    assert len(client.get(INDEX).context["notifications"]) == 25
    assert len(client.get(INDEX + "?page=2").context["notifications"]) == 5


def test_unread_notifications_are_marked(client, town):
    tell(town.reviewer, "Chưa đọc")
    read = tell(town.reviewer, "Đã đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(town.reviewer)
    page = client.get(INDEX).content.decode()
    assert "<strong>Chưa đọc</strong>" in page
    assert "<strong>Đã đọc</strong>" not in page and "Đã đọc" in page


def test_opening_a_notification_marks_it_read_and_leads_a_reviewer_to_the_dossier_page(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    notification = Notification.objects.get(dossier=dossier, recipient=town.reviewer)
    client.force_login(town.reviewer)
    response = client.post(open_url(notification))
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_a_submitter_is_led_to_their_own_units_dossier_page(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    notification = Notification.objects.get(dossier=dossier, recipient=town.submitter)
    client.force_login(town.submitter)
    response = client.post(open_url(notification))
    assert response["Location"] == f"/my_dossiers/{dossier.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_reading_again_keeps_the_first_reading_time(client, town):
    notification = tell(town.reviewer)
    client.force_login(town.reviewer)
    client.post(open_url(notification))
    notification.refresh_from_db()
    first = notification.read_at
    client.post(open_url(notification))
    notification.refresh_from_db()
    assert notification.read_at == first


def test_a_notification_without_a_dossier_leads_back_to_the_list(client, town):
    notification = tell(town.reviewer)
    client.force_login(town.reviewer)
    assert client.post(open_url(notification))["Location"] == INDEX


def test_someone_elses_notification_answers_404_and_stays_unread(client, town, other_town):
    notification = tell(town.reviewer)
    client.force_login(other_town.reviewer)
    assert client.post(open_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_dossier_the_user_may_no_longer_read_answers_404_behind_its_notification(
    client, town, other_town, the_campaign
):
    dossier = draft(town, the_campaign, documents=False)
    notification = tell(other_town.reviewer, dossier=dossier)
    client.force_login(other_town.reviewer)
    response = client.post(open_url(notification))
    assert response["Location"] == f"/dossiers/{dossier.pk}/"
    assert client.get(response["Location"]).status_code == 404


def test_mark_all_as_read_reads_only_the_users_own(client, town):
    mine = [tell(town.reviewer), tell(town.reviewer)]
    theirs = tell(town.reviewer_2)
    client.force_login(town.reviewer)
    assert client.post(READ_ALL).status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_as_read_is_a_post(client, town):
    notification = tell(town.reviewer)
    client.force_login(town.reviewer)
    assert client.get(READ_ALL).status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_opening_a_notification_is_a_post_with_the_csrf_token(town):
    notification = tell(town.reviewer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(town.reviewer)
    assert client.get(open_url(notification)).status_code == 405
    assert client.post(open_url(notification)).status_code == 403
    assert Notification.objects.get(pk=notification.pk).read_at is None
    token = client.get(INDEX).context["csrf_token"]
    assert client.post(open_url(notification), {"csrfmiddlewaretoken": token}).status_code == 302
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_mark_all_as_read_needs_the_csrf_token(town):
    tell(town.reviewer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(town.reviewer)
    assert client.post(READ_ALL).status_code == 403
    page = client.get(INDEX)
    token = page.context["csrf_token"]
    assert client.post(READ_ALL, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_menu_counts_the_unread_notifications(client, town):
    tell(town.reviewer)
    tell(town.reviewer)
    tell(town.reviewer_2)
    client.force_login(town.reviewer)
    assert 'class="notification-count"' in client.get(INDEX).content.decode()
    assert "(2)</span>" in client.get("/dossiers/").content.decode()
    client.post(READ_ALL)
    assert 'class="notification-count"' not in client.get("/dossiers/").content.decode()


def test_the_page_costs_as_many_queries_with_12_notifications_as_with_2(
    client, town, the_campaign, django_assert_num_queries
):
    dossier = draft(town, the_campaign, documents=False)
    for _ in range(2):
        tell(town.submitter, dossier=dossier)
    client.force_login(town.submitter)
    client.get(INDEX)  # caches filled once per process (content types, the session)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(INDEX).context["notifications"]) == 2
    for _ in range(10):
        tell(town.submitter, dossier=dossier)
    with django_assert_num_queries(len(two)):
        assert len(client.get(INDEX).context["notifications"]) == 12


@pytest.mark.parametrize("url", [INDEX, READ_ALL])
def test_a_visitor_must_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
