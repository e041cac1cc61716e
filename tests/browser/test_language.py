"""The language switch in a browser: English from the sign-in page, and back to Vietnamese from
the menu under the user's name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD
from .ui import settle

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
