"""The language in a browser set to English: Vietnamese pages, English from the sign-in page's
switch, back to Vietnamese from the menu under the user's name; on a phone, the menu's password
change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent

from .conftest import DEMO_PASSWORD
from .ui import settle, sign_in

pytestmark = pytest.mark.browser


def test_a_reviewer_switches_to_english_and_back(page, screens):
    page.goto("/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    screens("sign-in-english")
    page.get_by_label("Username").fill("ldtbxh")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".vf-page__menu")).to_contain_text("Queue")
    settle(page)

    page.locator(".vf-page__menu-toggle-button").click()
    screens("menu-language-switch")
    page.locator("button[name=language][value=vi]").click()
    expect(page.locator(".vf-page__menu")).to_contain_text("Hàng chờ")
    expect(page.locator(".vf-page__menu")).not_to_contain_text("Queue")


def test_on_a_phone_an_english_browser_gets_vietnamese_pages_and_changes_the_password_from_the_menu(page, screens):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".vf-page__menu")).to_contain_text("Hồ sơ của đơn vị")

    page.get_by_role("button", name="Mở hoặc đóng trình đơn").click()
    page.locator(".vf-page__menu-toggle-button").click()
    password_change = page.locator(".vf-page__menu").get_by_role("link", name="Đổi mật khẩu")
    expect(password_change).to_be_visible()
    screens("phone-menu-password-change")
    password_change.click()
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    screens("phone-password-change")

    page.locator("#id_old_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password1").fill("Ta-Van-moi-2026")
    page.locator("#id_new_password2").fill("Ta-Van-moi-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()

    expect(page.get_by_role("heading", name="Đã đổi mật khẩu")).to_be_visible()
    screens("phone-password-changed")
    settle(page)
    assert AuditEvent.objects.filter(action="auth.password_changed", actor__username="xa_ta_van").count() == 1
