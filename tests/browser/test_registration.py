"""Emulation registration in a browser: a commune registers one of its people, the labour office
compiles the registration into a numbered list for the home-affairs office, whose secretary reads
it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.data import CAMPAIGN_NAME
from registrations.models import Registration, RegistrationList

from .conftest import DEMO_PASSWORD
from .ui import expect_message, settle, sign_in, sign_out

pytestmark = pytest.mark.browser

NOMINEE = "Ông Giàng A Chứ"
PLEDGE = "Hướng dẫn 6 hộ nghèo thôn Lồ Lao Chải trồng thảo quả dưới tán rừng, giúp ít nhất 5 hộ thoát nghèo trong năm."
TODAY = timezone.localdate().strftime("%d/%m/%Y")


def menu_link(page, name: str) -> None:
    """Follow a link of the side menu (its name follows its icon's); within the registrations, the
    entry of their own menu, which comes above the list of applications."""
    page.locator(".vf-page__menu").get_by_role("link", name=re.compile(rf"{re.escape(name)}$")).first.click()
    settle(page)


def registration_row(page, registration):
    return page.locator("main tbody tr").filter(has=page.get_by_role("link", name=registration.reference, exact=True))


def commune_registers_one_of_its_people(page, screens) -> Registration:
    """Tả Van's submitter registers one of its people for the town's certificate of merit."""
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    menu_link(page, "Đăng ký thi đua")
    expect(page.locator("main").get_by_role("heading", name="Đăng ký thi đua")).to_be_visible()
    menu_link(page, "Đăng ký thi đua mới")
    expect(page.locator("main").get_by_role("heading", name="Đăng ký thi đua mới")).to_be_visible()
    expect(page.get_by_label("phong trào thi đua").locator("option:checked")).to_have_text(CAMPAIGN_NAME)
    expect(page.get_by_label("đơn vị đăng ký").locator("option:checked")).to_have_text("Xã Tả Van")
    page.get_by_label("hình thức khen thưởng đăng ký").select_option(label="Giấy khen của Chủ tịch UBND thị xã")
    page.get_by_label("đối tượng đăng ký").select_option(label="Cá nhân")
    page.get_by_label("tên đối tượng").fill(NOMINEE)
    page.get_by_label("chức vụ").fill("Trưởng thôn Lồ Lao Chải")
    page.get_by_label("năm sinh").fill("1976")
    page.get_by_label("nội dung cam kết").fill(PLEDGE)
    screens("submitter-new-registration")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.locator(".vf-snackbar")).to_contain_text("Đã ghi nhận đăng ký thi đua")
    settle(page)
    registration = Registration.objects.get(nominee__name=NOMINEE)
    assert registration.unit.code == "ta-van" and registration.registration_list is None
    expect(page.locator(".vf-snackbar")).to_contain_text(f"Đã ghi nhận đăng ký thi đua {registration.reference}.")
    main = page.locator("main")
    expect(main).to_contain_text(NOMINEE)
    expect(main).to_contain_text(PLEDGE)
    screens("submitter-registration")
    menu_link(page, "Đăng ký thi đua")
    expect(registration_row(page, registration)).to_contain_text(f"{NOMINEE} (Cá nhân)")
    sign_out(page)
    return registration


def labour_office_compiles_and_sends_the_list(page, screens, registration) -> None:
    """The labour office ticks it, leaving Sa Pa ward's registration for later, and sends the list."""
    ward = Registration.objects.get(unit__code="phuong-sa-pa", registration_list=None)
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    menu_link(page, "Đăng ký thi đua")
    menu_link(page, "Tổng hợp đăng ký thi đua")
    expect(
        page.locator("main").get_by_role("heading", name="Tổng hợp đăng ký thi đua gửi Phòng Nội vụ")
    ).to_be_visible()
    expect(registration_row(page, ward)).to_contain_text("Phường Sa Pa")
    expect(registration_row(page, registration)).to_contain_text("Xã Tả Van")
    registration_row(page, registration).get_by_role("checkbox").check()
    page.get_by_label("Số danh sách").fill("13/DS-LĐTBXH")
    expect(page.get_by_label("Ngày lập")).to_have_value(TODAY)
    page.get_by_label("Ý kiến").fill("Bổ sung đăng ký thi đua của xã Tả Van.")
    screens("reviewer-compile-registrations")
    page.get_by_role("button", name="Gửi Phòng Nội vụ").click()
    expect_message(page, "Đã gửi Phòng Nội vụ danh sách số 13/DS-LĐTBXH gồm 1 đăng ký thi đua.")
    expect(
        page.locator("main").get_by_role("heading", name="Danh sách đăng ký thi đua số 13/DS-LĐTBXH")
    ).to_be_visible()
    sent = RegistrationList.objects.get(number="13/DS-LĐTBXH")
    assert list(sent.registrations.all()) == [registration]
    ward.refresh_from_db()
    assert ward.registration_list is None
    sign_out(page)


def secretary_reads_the_list(page, screens, registration) -> None:
    """The home-affairs secretary finds the list among those sent, and reads it."""
    sign_in(page, "noivu", DEMO_PASSWORD)
    menu_link(page, "Đăng ký thi đua")
    menu_link(page, "Danh sách đã gửi")
    lists = page.locator("main").get_by_role("heading", name="Danh sách đăng ký thi đua đã gửi Phòng Nội vụ")
    expect(lists).to_be_visible()
    listed = page.locator("main tbody tr").filter(has=page.get_by_role("link", name="13/DS-LĐTBXH", exact=True))
    expect(listed).to_contain_text(TODAY)
    expect(listed.locator("td").last).to_have_text("1")
    expect(page.locator("main tbody tr").filter(has=page.get_by_role("link", name="12/DS-LĐTBXH"))).to_be_visible()
    screens("secretary-lists")
    listed.get_by_role("link", name="13/DS-LĐTBXH").click()
    expect(
        page.locator("main").get_by_role("heading", name="Danh sách đăng ký thi đua số 13/DS-LĐTBXH")
    ).to_be_visible()
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    for text in (
        registration.reference,
        "Xã Tả Van",
        f"{NOMINEE} (Cá nhân)",
        "Giấy khen của Chủ tịch UBND thị xã",
        PLEDGE,
    ):
        expect(rows).to_contain_text(text)
    screens("secretary-list")


def test_a_commune_registers_the_labour_office_compiles_and_home_affairs_reads_the_list(page, screens):
    registration = commune_registers_one_of_its_people(page, screens)
    labour_office_compiles_and_sends_the_list(page, screens, registration)
    secretary_reads_the_list(page, screens, registration)
