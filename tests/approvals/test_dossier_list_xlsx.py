"""The dossier list (``/dossiers/``) and the clerk's list of their unit's dossiers as spreadsheets
(``?format=xlsx``): the screen's own filters and scope, every row rather than one page, headers
in Vietnamese on a frozen row, the submission day and the date due as dates, the amount of gifts
and support as a number, no cell a formula, and as many queries for 12 dossiers as for 2."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Status
from roles.models import Role
from tests.approvals.routed import routed
from tests.factories import draft
from tests.spreadsheets import assert_constant_queries, header, records, sheet, values

LIST = reverse("dossiers:index")
MINE = reverse("my_dossiers:index")
XLSX = {"format": "xlsx"}
HEADERS = [
    "Mã hồ sơ",
    "Đối tượng đề nghị khen thưởng",
    "Loại đối tượng",
    "Đơn vị đề nghị",
    "Hình thức khen thưởng",
    "Phong trào thi đua",
    "Trạng thái",
    "Ngày nộp",
    "Hạn xử lý",
    "Số ngày còn lại đến hạn",
    "Giá trị ủng hộ bằng quà, hiện vật (đồng)",
]


def browser(user) -> Client:
    """``user`` signed in, asking for no language: the screens and their files speak Vietnamese."""
    client = Client()
    client.force_login(user)
    return client


def test_the_list_downloads_with_vietnamese_headers_dates_and_amounts(town, the_campaign):
    submitted = routed(Status.SUBMITTED, town, the_campaign)
    worksheet = sheet(browser(town.reviewer).get(LIST, XLSX))
    names = header(worksheet)
    assert names == HEADERS
    assert worksheet.freeze_panes == "A2"
    (record,) = records(worksheet)
    assert record["Mã hồ sơ"].value == submitted.reference
    assert record["Trạng thái"].value == "Đã nộp – chờ thẩm định"
    submitted_on = record["Ngày nộp"]
    assert submitted_on.is_date and submitted_on.number_format == "dd/mm/yyyy"
    submitted.refresh_from_db()
    assert submitted_on.value.date() == timezone.localtime(submitted.submitted_at).date()
    due = record["Hạn xử lý"]
    assert isinstance(due.value, datetime.datetime) and due.number_format == "dd/mm/yyyy"
    amount = record[HEADERS[-1]]
    assert amount.value == 50_000_000 and isinstance(amount.value, int) and amount.number_format == "#,##0"


def test_the_file_is_named_after_the_list_and_the_day(town):
    response = browser(town.reviewer).get(LIST, XLSX)
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-{timezone.localdate():%Y-%m-%d}.xlsx"'


def test_a_filtered_list_downloads_only_the_filtered_dossiers(town, the_campaign):
    submitted = routed(Status.SUBMITTED, town, the_campaign)
    routed(Status.UNDER_REVIEW, town, the_campaign)
    client = browser(town.reviewer)
    assert len(records(sheet(client.get(LIST, XLSX)))) == 2
    worksheet = sheet(client.get(LIST, {"status": Status.SUBMITTED, **XLSX}))
    assert values(worksheet, "Mã hồ sơ") == [submitted.reference]


def test_every_row_is_downloaded_not_one_page(town, the_campaign):
    for _ in range(26):
        draft(town, the_campaign, documents=False)
    assert len(records(sheet(browser(town.submitter).get(LIST, XLSX)))) == 26


def test_another_towns_reviewer_downloads_none_of_the_towns_dossiers(town, other_town, the_campaign):
    routed(Status.SUBMITTED, town, the_campaign)
    assert records(sheet(browser(other_town.reviewer).get(LIST, XLSX))) == []


def test_someone_without_a_reading_role_is_refused_the_file_as_the_list(town):
    assert browser(town.administrator).get(LIST, XLSX).status_code == 403


def test_the_screen_offers_the_download_with_its_filters(town):
    content = browser(town.reviewer).get(LIST, {"status": Status.SUBMITTED}).content.decode()
    assert f'href="?status={Status.SUBMITTED}&amp;format=xlsx"' in content
    assert "Tải về Excel (XLSX)" in content


def test_a_formula_in_a_nominees_name_stays_text(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    dossier.nominee.name = '=HYPERLINK("http://example.invalid","Xem")'
    dossier.nominee.save(update_fields=["name"])
    worksheet = sheet(browser(town.reviewer).get(LIST, XLSX))
    (cell,) = [record["Đối tượng đề nghị khen thưởng"] for record in records(worksheet)]
    assert cell.value == "'" + dossier.nominee.name and cell.data_type == "s"


def test_the_lists_queries_do_not_grow_with_its_dossiers(town, the_campaign, django_assert_num_queries):
    assert_constant_queries(
        browser(town.reviewer),
        LIST,
        lambda: routed(Status.SUBMITTED, town, the_campaign),
        django_assert_num_queries,
        data=XLSX,
    )


# The clerk's own list


def test_the_clerks_list_downloads_their_units_dossiers_only(town, the_campaign):
    mine = draft(town, the_campaign, documents=False)
    draft(town, the_campaign, documents=False, unit=town.ward)
    worksheet = sheet(browser(town.submitter).get(MINE, XLSX))
    assert values(worksheet, "Mã hồ sơ") == [mine.reference]
    assert worksheet.freeze_panes == "A2"


def test_the_clerks_list_downloads_the_state_chosen(town, the_campaign):
    kept = draft(town, the_campaign, documents=False)
    routed(Status.SUBMITTED, town, the_campaign)
    worksheet = sheet(browser(town.submitter).get(MINE, {"status": Status.DRAFT, **XLSX}))
    assert values(worksheet, "Mã hồ sơ") == [kept.reference]


def test_a_reviewer_is_refused_the_clerks_file_as_their_list(town):
    assert browser(town.user_for(Role.LABOUR_REVIEWER)).get(MINE, XLSX).status_code == 403


def test_the_clerks_list_queries_do_not_grow(town, the_campaign, django_assert_num_queries):
    assert_constant_queries(
        browser(town.submitter),
        MINE,
        lambda: draft(town, the_campaign, documents=False),
        django_assert_num_queries,
        data=XLSX,
    )
