"""Every screen for everyone, in a browser: on a desk (1280 pixels wide) and on a phone (375), no
screen scrolls sideways and axe-core finds no serious or critical violation on it; from the top of a
page the keyboard reaches the site's menu, and each control it lands on shows its focus.

Each role signs in once and its screens are checked one after the other, each at both widths; the
browser asks for English, and the screens answer in Vietnamese all the same."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from approvals import transitions
from dossiers.models import Dossier

from .accessibility import focus_indicator, serious_violations, sideways_overflow
from .conftest import DEMO_PASSWORD, DESK, PHONE
from .ui import settle, sign_in

pytestmark = pytest.mark.browser


def dossier_of(nominee: str) -> Dossier:
    return Dossier.objects.get(nominee__name=nominee)


def task_screen(nominee: str) -> str:
    """The screen of the dossier's open task (its reviewer claimed it)."""
    task = transitions.open_task(dossier_id=dossier_of(nominee).pk)
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


# Each role's screens, as (name, the URL found once the demo is in the database).
SCREENS = {
    "xa_ta_van": [
        ("the clerk's list", lambda: reverse("my_dossiers:index")),
        ("the new-dossier form", lambda: reverse("my_dossiers:create")),
        (
            "a returned dossier's page",
            lambda: reverse("my_dossiers:detail", args=[dossier_of("Công ty TNHH Du lịch sinh thái Tả Van").pk]),
        ),
    ],
    "ldtbxh": [
        ("the dossier list", lambda: reverse("dossiers:index")),
        ("the queue", lambda: reverse("awarddossier:queue")),
        ("the inbox", lambda: reverse("awarddossier:inbox")),
        ("the review task", lambda: task_screen("Bà Vàng Thị Sinh")),
    ],
    "noivu": [("the council meeting", lambda: reverse("work:meeting_create"))],
    "chutich": [("the award decision", lambda: reverse("work:decision_create"))],
    "kiemtoan": [("the audit trail", lambda: reverse("audit:index"))],
}


def problems_at(page, screen: str) -> list[str]:
    """What keeps the screen shown from being used at the viewport's width: axe-core's serious and
    critical violations, a sideways scroll, a page not in Vietnamese."""
    width = page.viewport_size["width"]
    found = [f"{screen} at {width} px: {violation}" for violation in serious_violations(page)]
    overflow = sideways_overflow(page)
    if overflow > 0:
        found.append(f"{screen} at {width} px: {overflow} px wider than the screen")
    if page.locator("html").get_attribute("lang") != "vi":
        found.append(f"{screen} at {width} px: not in Vietnamese")
    return found


def problems_of(page, screen: str) -> list[str]:
    """The screen at both widths: the desk's first, then the phone's."""
    found = []
    for width in (DESK, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function(f"window.innerWidth === {width}")
        found += problems_at(page, screen)
    return found


@pytest.mark.parametrize("username", SCREENS)
def test_each_roles_screens_fit_a_phone_and_pass_axe(page, username):
    sign_in(page, username, DEMO_PASSWORD)
    found = []
    for screen, url in SCREENS[username]:
        page.set_viewport_size({"width": DESK, "height": 800})
        page.goto(url())
        expect(page.locator("main")).to_be_visible()
        settle(page)
        found += problems_of(page, screen)
    assert not found, "\n".join(found)


def test_the_sign_in_page_fits_a_phone_and_passes_axe(page):
    page.goto("/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    found = problems_of(page, "the sign-in page")
    assert not found, "\n".join(found)


def tab_through(page, presses: int) -> list[dict]:
    """Press Tab from the top of the page, ``presses`` times: where the focus landed each time."""
    page.evaluate("document.activeElement.blur()")
    landed = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        landed.append(focus_indicator(page))
    return landed


def unseen(landed: list[dict]) -> list[dict]:
    """Where the focus landed without a mark of it: no outline (a raised button's shadow is no mark,
    it has one focused or not)."""
    return [focus for focus in landed if focus["outline"] == "none"]


# The screens gone through with the keyboard: Material's checkboxes (the queue), its radio buttons
# and choice (the review task), native fields (the new-dossier form).
KEYBOARD = {"ldtbxh": ["the queue", "the review task"], "xa_ta_van": ["the new-dossier form"]}


@pytest.mark.parametrize("username", KEYBOARD)
def test_the_keyboard_reaches_the_menu_and_shows_where_it_is(page, username):
    sign_in(page, username, DEMO_PASSWORD)
    urls = dict(SCREENS[username])
    for screen in KEYBOARD[username]:
        page.goto(urls[screen]())
        settle(page)
        landed = tab_through(page, 20)
        assert any(focus["inMenu"] and focus["element"].startswith("<a ") for focus in landed), (screen, landed)
        assert not unseen(landed), (screen, unseen(landed))


def test_on_a_phone_the_keyboard_opens_the_menu_from_its_button(page):
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(reverse("awarddossier:queue"))
    settle(page)
    # The menu is folded away: the first Tab reaches its button, named in Vietnamese.
    tab_through(page, 1)
    expect(page.get_by_role("button", name="Mở hoặc đóng trình đơn")).to_be_focused()
    page.keyboard.press("Enter")
    # Once open, the menu takes the focus, and keeps it until it is closed.
    page.wait_for_function("document.activeElement.closest('.vf-page__menu') !== null")
    landed = []
    for _ in range(3):
        page.keyboard.press("Tab")
        landed.append(focus_indicator(page))
    assert all(focus["inMenu"] for focus in landed), landed
    assert not unseen(landed)


def test_the_sign_in_page_shows_where_the_keyboard_is(page):
    page.goto("/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    landed = tab_through(page, 5)
    assert not unseen(landed)
