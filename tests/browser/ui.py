"""What a user does on the site's screens, in the words the screens show them (Vietnamese).

viewflow's frontend renders form fields as Material web components (``vf-field-*``): a text field
is an ``<input>`` labelled by its floating label, a choice is a button that opens a listbox. Each
navigation goes through Turbo (fetch, then the address changes), so every step waits for what the
next screen shows rather than for a page load, and ends once the browser has nothing in flight:
on SQLite the test shares its database connection with the live server, so the test may read the
database only while the server is idle (``settle``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from weakref import WeakKeyDictionary

from playwright.sync_api import Page, expect

from approvals.models import DossierProcess
from demo.data import USERS
from demo.pdf import demo_pdf

FULL_NAMES = {username: full_name for username, full_name, *_ in USERS}
WORK = "Tờ trình, họp Hội đồng, quyết định"

_in_flight: WeakKeyDictionary = WeakKeyDictionary()


def watch(page: Page) -> None:
    """Keep count of the page's requests still waiting for their response."""
    pending: set = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    _in_flight[page] = pending


def settle(page: Page, quiet: float = 0.1, timeout: float = 15) -> None:
    """Wait until no request has been in flight for ``quiet`` seconds."""
    pending = _in_flight[page]
    deadline = time.monotonic() + timeout
    quiet_since = None
    while True:
        page.wait_for_timeout(20)  # lets Playwright deliver the request events
        now = time.monotonic()
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet:
            return
        if now > deadline:
            raise AssertionError(f"still in flight after {timeout} s: {[request.url for request in pending]}")


class Screens:
    """Numbered full-page screenshots in one folder: ``01-queue.png``, ``02-review.png``, …

    A screen named for the README (``readme="queue"``) is also saved, from a browser 1280 pixels
    wide, without the passing message, as ``<readme_folder>/queue.png`` when a README folder is given
    (``make screenshots``)."""

    def __init__(self, page: Page, folder: Path, readme_folder: Path | None = None):
        self.page, self.folder, self.readme_folder, self.taken = page, folder, readme_folder, 0

    def __call__(self, name: str, readme: str | None = None) -> Path:
        self.taken += 1
        path = self.folder / f"{self.taken:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True, animations="disabled")
        if readme and self.readme_folder and self.page.viewport_size["width"] == 1280:
            height = self.page.evaluate("document.documentElement.scrollHeight")
            self.page.screenshot(
                path=self.readme_folder / f"{readme}.png",
                full_page=True,
                animations="disabled",
                clip={"x": 0, "y": 0, "width": 1280, "height": height},
                style=".vf-snackbar { display: none; }",
            )
        return path


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in on the sign-in page, opening the site first if no page is shown yet."""
    if page.url == "about:blank":
        page.goto("/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".vf-page__menu-title")).to_have_text(FULL_NAMES[username])
    settle(page)


def menu_shown(page: Page) -> None:
    """On a phone the side menu is folded away: open it from the bar's button."""
    if not page.locator(".vf-page__menu-toggle-button").is_visible():
        page.get_by_role("button", name="Mở hoặc đóng trình đơn").click()
        expect(page.locator(".vf-page__menu-toggle-button")).to_be_visible()


def sign_out(page: Page) -> None:
    """Sign out from the menu under the user's name; the sign-in page comes back."""
    menu_shown(page)
    page.locator(".vf-page__menu-toggle-button").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    settle(page)


def menu(page: Page, item: str) -> None:
    """Follow an entry of the side menu (``Hàng chờ``, ``Hộp công việc``, ``Hồ sơ của đơn vị``…)."""
    link = page.locator(".vf-page__menu").get_by_role("link", name=item)
    menu_shown(page)
    href = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    settle(page)


def work(page: Page, item: str) -> None:
    """Open a screen acting on several dossiers at once (``Tờ trình tổng hợp``, ``Họp Hội đồng TĐKT``,
    ``Quyết định khen thưởng``, ``Tờ trình gửi UBND tỉnh``) from the menu of their application."""
    menu(page, WORK)
    menu(page, item)


def row(page: Page, dossier):
    """The row of the table on the page that lists the dossier, found by the link of its reference."""
    return page.locator("main tbody tr").filter(has=page.get_by_role("link", name=dossier.reference, exact=True))


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the choice field labelled ``label``."""
    page.get_by_role("button", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("button", name=label)).to_contain_text(option)
    expect(page.locator(".mdc-menu-surface--open, .mdc-menu-surface--animating-closed")).to_have_count(0)


def expect_message(page: Page, text: str) -> None:
    """The snackbar that reports what was just done."""
    expect(page.locator(".vf-snackbar")).to_contain_text(text)
    settle(page)


def open_task(page: Page, dossier, list_item: str) -> None:
    """Open the dossier's task from a task list (``Hàng chờ`` or ``Hộp công việc``): the row whose
    link leads into the dossier's process."""
    process = DossierProcess.objects.get(dossier=dossier)
    menu(page, list_item)
    page.locator(f'main a[href^="/awarddossier/{process.pk}/"]').first.click()


def claim(page: Page, dossier) -> None:
    """Claim the dossier's task from the queue and go on to its form."""
    open_task(page, dossier, "Hàng chờ")
    page.get_by_role("button", name="Nhận xử lý và tiếp tục").click()
    expect(page.get_by_role("button", name="Thực hiện", exact=True)).to_be_visible()
    settle(page)


def follow_reference(page: Page, dossier) -> None:
    """Open the dossier's page from the link of its reference on the page shown."""
    page.get_by_role("link", name=dossier.reference, exact=True).click()
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {dossier.nominee.name}")).to_be_visible()
    settle(page)


def open_dossier(page: Page, dossier) -> None:
    """A submitter opens the dossier's page from their unit's list."""
    menu(page, "Hồ sơ của đơn vị")
    follow_reference(page, dossier)


def claim_on_page(page: Page, username: str) -> None:
    """Claim the dossier's open task with the button on its page, which comes back claimed."""
    page.get_by_role("button", name="Nhận xử lý", exact=True).click()
    expect(page.locator("main")).to_contain_text(f"do {FULL_NAMES[username]} nhận xử lý")
    expect(page.get_by_role("link", name="Mở công việc")).to_be_visible()
    settle(page)


def expect_timeline(page: Page, steps: list[tuple[str, str]]) -> None:
    """The dossier page's timeline (``Diễn biến xử lý``) shows each step, ``(what, username)``, once:
    what was done and the full name of who did it."""
    events = page.locator("main").get_by_role("listitem")
    for label, username in steps:
        expect(events.filter(has_text=f"— {label} — {FULL_NAMES[username]} (")).to_have_count(1)


MEETING_CHAIR = "Hoàng Văn Tuấn, Chủ tịch Hội đồng Thi đua - Khen thưởng thị xã"


def chair_and_minutes(page: Page, file_name: str = "bien-ban-hop.pdf") -> None:
    """The secretary names who chaired the meeting and attaches its signed minutes (a PDF)."""
    page.get_by_label("Chủ trì cuộc họp").fill(MEETING_CHAIR)
    content = demo_pdf(["Biên bản họp Hội đồng Thi đua - Khen thưởng", f"Chủ trì: {MEETING_CHAIR}"])
    page.get_by_label("Biên bản họp (đã ký)").set_input_files(
        {"name": file_name, "mimeType": "application/pdf", "buffer": content}
    )


def upload(page: Page, kind: str, file_name: str) -> None:
    """A submitter attaches a PDF of the given kind from the dossier's page."""
    page.get_by_role("link", name="Thêm tài liệu").click()
    content = demo_pdf([kind, file_name])
    page.get_by_label(kind, exact=True).set_input_files(
        {"name": file_name, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Tải lên").click()
    expect_message(page, "Đã thêm tài liệu.")
