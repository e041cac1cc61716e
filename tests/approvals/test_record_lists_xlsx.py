"""A compiled submission's, a decision's and a letter's list of dossiers as spreadsheets
(``?format=xlsx`` on the record's page): numbered rows of the record's dossiers in words, the
sheet named after the record, 404 and 403 exactly as the page, and the same queries however many
dossiers the record carries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from approvals import services
from dossiers.models import Status
from roles.models import Role
from tests.approvals.batch_screens import TODAY, url
from tests.factories import bring_to
from tests.spreadsheets import header, records, sheet, values

pytestmark = pytest.mark.django_db

XLSX = {"format": "xlsx"}


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decided(town, the_campaign, count: int, number: str):
    dossiers = [bring_to(Status.AWAITING_DECISION, town, the_campaign) for _ in range(count)]
    decision = services.decision_sign(
        actor=town.chairman, number=number, signed_on=TODAY(), dossier_ids=[d.pk for d in dossiers]
    )
    return decision, dossiers


def test_a_decisions_list_downloads_numbered_in_vietnamese(town, the_campaign):
    decision, dossiers = decided(town, the_campaign, 2, "6/QĐ-UBND")
    response = browser(town.chairman).get(url("decision_detail", decision.pk), XLSX)
    assert f'filename="quyet-dinh-{decision.pk}-' in response["Content-Disposition"]
    worksheet = sheet(response)
    assert worksheet.title == "6-QĐ-UBND"
    assert header(worksheet)[:3] == ["STT", "Mã hồ sơ", "Đối tượng đề nghị khen thưởng"]
    assert worksheet.freeze_panes == "A2"
    assert values(worksheet, "STT") == [1, 2]
    assert values(worksheet, "Mã hồ sơ") == [d.reference for d in sorted(dossiers, key=lambda d: d.pk)]
    assert set(values(worksheet, "Trạng thái")) == {"Đã được khen thưởng"}
    (amount, *_) = [record["Giá trị ủng hộ bằng quà, hiện vật (đồng)"] for record in records(worksheet)]
    assert amount.value == 50_000_000 and amount.number_format == "#,##0"


def test_a_compiled_submissions_list_downloads_its_dossiers(town, the_campaign):
    appraised = bring_to(Status.UNDER_REVIEW, town, the_campaign, appraised=True)
    submission = services.compiled_submission_create(
        actor=town.reviewer, number="5/TTr-LĐTBXH", submitted_on=TODAY(), dossier_ids=[appraised.pk]
    )
    worksheet = sheet(browser(town.secretary).get(url("submission_detail", submission.pk), XLSX))
    assert values(worksheet, "Mã hồ sơ") == [appraised.reference]


def test_a_letters_list_downloads_its_dossiers(town, the_campaign):
    escalated = bring_to(Status.ESCALATED, town, the_campaign, form_code="bang-khen")
    letter = services.provincial_submission_create(
        actor=town.liaison, number="7/TTr-UBND", sent_on=TODAY(), dossier_ids=[escalated.pk]
    )
    worksheet = sheet(browser(town.liaison).get(url("letter_detail", letter.pk), XLSX))
    assert values(worksheet, "Mã hồ sơ") == [escalated.reference]


def test_the_file_answers_404_and_403_as_the_page(town, other_town, the_campaign):
    decision, _ = decided(town, the_campaign, 1, "6/QĐ-UBND")
    page = url("decision_detail", decision.pk)
    assert browser(other_town.chairman).get(page, XLSX).status_code == 404
    assert browser(town.user_for(Role.LABOUR_REVIEWER)).get(page, XLSX).status_code == 403
    assert browser(town.submitter).get(page, XLSX).status_code == 403


def test_the_page_offers_the_download(town, the_campaign):
    decision, _ = decided(town, the_campaign, 1, "6/QĐ-UBND")
    content = browser(town.chairman).get(url("decision_detail", decision.pk)).content.decode()
    assert 'href="?format=xlsx"' in content and "Tải về Excel (XLSX)" in content


def test_a_longer_list_costs_no_more_queries(town, the_campaign):
    short, _ = decided(town, the_campaign, 1, "6/QĐ-UBND")
    long, _ = decided(town, the_campaign, 4, "7/QĐ-UBND")
    client = browser(town.chairman)
    client.get(url("decision_detail", short.pk), XLSX)  # caches filled once per process
    counted = []
    for decision, rows in ((short, 1), (long, 4)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("decision_detail", decision.pk), XLSX)
        assert len(records(sheet(response))) == rows
        counted.append(len(queries))
    assert counted[0] == counted[1]
