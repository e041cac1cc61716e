"""What a user does on the site's screens, in the words the screens show them (Vietnamese).

viewflow's frontend renders form fields as Material web components (``vf-field-*``): a text field
is an ``<input>`` labelled by its floating label, a choice is a button that opens a listbox. Each
navigation goes through Turbo (fetch, then the address changes), so every step waits for what the
next screen shows rather than for a page load.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from approvals.management.commands.seed_demo import demo_pdf
from approvals.models import DossierProcess
from roles.models import User


class Screens:
    """Numbered full-page screenshots in one folder: ``01-queue.png``, ``02-review.png``, …"""

    def __init__(self, page: Page, folder: Path):
        self.page, self.folder, self.taken = page, folder, 0

    def __call__(self, name: str) -> Path:
        self.taken += 1
        path = self.folder / f"{self.taken:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True, animations="disabled")
        return path


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in on the sign-in page, opening the site first if no page is shown yet."""
    if page.url == "about:blank":
        page.goto("/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".vf-page__menu-title")).to_have_text(User.objects.get(username=username).full_name)


def sign_out(page: Page) -> None:
    """Sign out from the menu under the user's name; the sign-in page comes back."""
    page.locator(".vf-page__menu-toggle-button").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def menu(page: Page, item: str) -> None:
    """Follow an entry of the side menu (``Hàng chờ``, ``Hộp công việc``, ``Hồ sơ của đơn vị``…)."""
    link = page.locator(".vf-page__menu").get_by_role("link", name=item)
    href = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the choice field labelled ``label``."""
    page.get_by_role("button", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("button", name=label)).to_contain_text(option)
    expect(page.locator(".mdc-menu-surface--open, .mdc-menu-surface--animating-closed")).to_have_count(0)


def expect_message(page: Page, text: str) -> None:
    """The snackbar that reports what was just done."""
    expect(page.locator(".vf-snackbar")).to_contain_text(text)


def open_task(page: Page, dossier, list_item: str) -> None:
    """Open the dossier's task from a task list (``Hàng chờ`` or ``Hộp công việc``): the row whose
    link leads into the dossier's process."""
    menu(page, list_item)
    process = DossierProcess.objects.get(dossier=dossier)
    page.locator(f'main a[href^="/awarddossier/{process.pk}/"]').first.click()


def claim(page: Page, dossier) -> None:
    """Claim the dossier's task from the queue and go on to its form."""
    open_task(page, dossier, "Hàng chờ")
    page.get_by_role("button", name="Nhận xử lý và tiếp tục").click()
    expect(page.get_by_role("button", name="Thực hiện", exact=True)).to_be_visible()


def open_dossier(page: Page, dossier) -> None:
    """A submitter opens the dossier's page from their unit's list."""
    menu(page, "Hồ sơ của đơn vị")
    page.get_by_role("link", name=dossier.reference, exact=True).click()
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {dossier.nominee.name}")).to_be_visible()


def upload(page: Page, kind: str, file_name: str) -> None:
    """A submitter attaches a PDF of the given kind from the dossier's page."""
    page.get_by_role("link", name="Thêm tài liệu").click()
    page.get_by_label("tài liệu").select_option(label=kind)
    content = demo_pdf([kind, file_name])
    page.get_by_label("tệp").set_input_files({"name": file_name, "mimeType": "application/pdf", "buffer": content})
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã thêm tài liệu.")).to_be_visible()
