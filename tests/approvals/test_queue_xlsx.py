"""The reviewers' queue, inbox and archive as spreadsheets (``?format=xlsx``): each task's dossier
in words with the task and since when it waits, the queue's filters and order, the user's units
only, the due date a date, and as many queries for 12 tasks as for 2."""

import datetime

import pytest
from django.test import Client

from approvals.flows import AwardDossierFlow
from dossiers.models import Status
from tests.approvals.queues import at_council, claimed, task_of, waiting
from tests.factories import campaign
from tests.spreadsheets import assert_constant_queries, header, records, sheet, values

pytestmark = pytest.mark.django_db

QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")
ARCHIVE = AwardDossierFlow.instance.reverse("archive")
XLSX = {"format": "xlsx"}


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_downloads_its_tasks_dossiers_in_vietnamese(town, the_campaign):
    dossier = waiting(town, the_campaign)
    task = task_of(dossier)
    worksheet = sheet(browser(town.reviewer).get(QUEUE, XLSX))
    assert header(worksheet)[:2] == ["Mã hồ sơ", "Đối tượng đề nghị khen thưởng"]
    assert header(worksheet)[-2:] == ["Công việc", "Chờ từ"]
    assert worksheet.freeze_panes == "A2"
    (record,) = records(worksheet)
    assert record["Mã hồ sơ"].value == dossier.reference
    assert record["Công việc"].value == task.title
    assert record["Hạn xử lý"].value.date() == task.deadline.due_on
    assert record["Hạn xử lý"].number_format == "dd/mm/yyyy"
    assert isinstance(record["Chờ từ"].value, datetime.datetime)
    assert record["Chờ từ"].number_format == "dd/mm/yyyy hh:mm"


def test_a_filtered_queue_downloads_only_its_filtered_tasks(town, the_campaign):
    submitted = waiting(town, the_campaign)
    at_council(town, the_campaign)
    reviewer_queue = values(sheet(browser(town.reviewer).get(QUEUE, XLSX)), "Mã hồ sơ")
    assert reviewer_queue == [submitted.reference]
    filtered = browser(town.reviewer).get(QUEUE, {"state": Status.AT_COUNCIL, **XLSX})
    assert records(sheet(filtered)) == []


def test_the_queue_downloads_in_the_screens_order(town, the_campaign):
    dossiers = [waiting(town, the_campaign) for _ in range(3)]
    shown = values(sheet(browser(town.reviewer).get(QUEUE, {"_orderby": "-reference", **XLSX})), "Mã hồ sơ")
    assert shown == [dossier.reference for dossier in reversed(dossiers)]


def test_another_towns_reviewer_downloads_none_of_the_towns_tasks(town, other_town, the_campaign):
    waiting(town, the_campaign)
    theirs = waiting(other_town, campaign(other_town))
    assert values(sheet(browser(other_town.reviewer).get(QUEUE, XLSX)), "Mã hồ sơ") == [theirs.reference]


def test_the_inbox_downloads_the_users_claimed_tasks(town, the_campaign):
    mine = claimed(town, waiting(town, the_campaign))
    waiting(town, the_campaign)
    assert values(sheet(browser(town.reviewer).get(INBOX, XLSX)), "Mã hồ sơ") == [mine.reference]
    assert records(sheet(browser(town.reviewer_2).get(INBOX, XLSX))) == []


def test_the_archive_downloads_the_users_completed_tasks(town, the_campaign):
    done = at_council(town, the_campaign)
    assert values(sheet(browser(town.reviewer).get(ARCHIVE, XLSX)), "Mã hồ sơ") == [done.reference]


def test_the_queue_offers_the_download_with_its_filters(town, the_campaign):
    content = browser(town.reviewer).get(QUEUE, {"state": Status.SUBMITTED, "page": 1}).content.decode()
    assert f'href="?state={Status.SUBMITTED}&amp;format=xlsx"' in content


def test_the_queues_queries_do_not_grow_with_its_tasks(town, the_campaign, django_assert_num_queries):
    assert_constant_queries(
        browser(town.reviewer), QUEUE, lambda: waiting(town, the_campaign), django_assert_num_queries, data=XLSX
    )
