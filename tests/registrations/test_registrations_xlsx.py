"""The registrations as spreadsheets (``?format=xlsx``): a commune's or the town's list, and a list
sent to the home-affairs office; Vietnamese headers on a frozen row, the day registered a date,
the user's units only (404 and 403 as on the screens), and a constant number of queries."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations import services as registration_services
from tests.factories import registration
from tests.spreadsheets import assert_constant_queries, header, records, sheet, values

pytestmark = pytest.mark.django_db

XLSX = {"format": "xlsx"}
HEADERS = [
    "Mã đăng ký",
    "Đối tượng đề nghị khen thưởng",
    "Loại đối tượng",
    "Đơn vị đăng ký",
    "Hình thức khen thưởng đăng ký",
    "Phong trào thi đua",
    "Nội dung cam kết",
    "Thời điểm đăng ký",
    "Danh sách tổng hợp",
]


@pytest.fixture(autouse=True)
def urls():
    import workflow_project.urls  # noqa: F401  (the site's URL names)


def url(name, *args):
    return reverse(f"registrations:{name}", args=args)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def compiled(town, regs, number="12/DS-LĐTBXH"):
    return registration_services.registration_list_create(
        actor=town.reviewer, number=number, compiled_on=timezone.localdate(), registration_ids=[r.pk for r in regs]
    )


def test_the_communes_registrations_download_in_vietnamese_with_a_date(town, the_campaign):
    mine = registration(town, the_campaign)
    registration(town, the_campaign, unit=town.ward)
    worksheet = sheet(browser(town.submitter).get(url("index"), XLSX))
    assert header(worksheet) == HEADERS
    assert worksheet.freeze_panes == "A2"
    (record,) = records(worksheet)
    assert record["Mã đăng ký"].value == mine.reference
    assert record["Nội dung cam kết"].value == mine.pledge
    recorded = record["Thời điểm đăng ký"]
    assert recorded.is_date and recorded.number_format == "dd/mm/yyyy"
    assert recorded.value.date() == timezone.localtime(mine.recorded_at).date()


def test_the_reviewer_downloads_the_towns_and_another_town_none(town, other_town, the_campaign):
    regs = [registration(town, the_campaign), registration(town, the_campaign, unit=town.ward)]
    assert sorted(values(sheet(browser(town.reviewer).get(url("index"), XLSX)), "Mã đăng ký")) == sorted(
        r.reference for r in regs
    )
    assert records(sheet(browser(other_town.reviewer).get(url("index"), XLSX))) == []


def test_a_list_sent_downloads_its_registrations(town, the_campaign):
    regs = [registration(town, the_campaign), registration(town, the_campaign, unit=town.ward)]
    item = compiled(town, regs)
    worksheet = sheet(browser(town.secretary).get(url("list_detail", item.pk), XLSX))
    assert sorted(values(worksheet, "Mã đăng ký")) == sorted(r.reference for r in regs)
    assert set(values(worksheet, "Danh sách tổng hợp")) == {item.number}


def test_a_list_sent_answers_as_its_page_to_others(town, other_town, the_campaign):
    item = compiled(town, [registration(town, the_campaign)])
    assert browser(other_town.secretary).get(url("list_detail", item.pk), XLSX).status_code == 404
    assert browser(town.submitter).get(url("list_detail", item.pk), XLSX).status_code == 403


def test_the_screens_offer_the_download(town, the_campaign):
    item = compiled(town, [registration(town, the_campaign)])
    assert "Tải về Excel (XLSX)" in browser(town.submitter).get(url("index")).content.decode()
    assert 'href="?format=xlsx"' in browser(town.secretary).get(url("list_detail", item.pk)).content.decode()


def test_the_registrations_queries_do_not_grow(town, the_campaign, django_assert_num_queries):
    counter = iter(range(100))
    assert_constant_queries(
        browser(town.reviewer),
        url("index"),
        lambda: registration(town, the_campaign, nominee={"kind": "individual", "name": f"Người {next(counter)}"}),
        django_assert_num_queries,
        data=XLSX,
    )
