"""The commune clerk's dossier form in a browser: the evidence shown follows the award form and
the kind of nominee chosen, what was typed in a field hidden meanwhile is kept and saved, and two
documents are attached in one go."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.pdf import demo_pdf
from dossiers.models import DocumentKind, Dossier

from .accessibility import serious_violations, sideways_overflow
from .conftest import DEMO_PASSWORD
from .ui import expect_message, menu, settle, sign_in

pytestmark = pytest.mark.browser

NOMINEE = "Bà Lù Thị Mai"
SUPPORT = "Giá trị ủng hộ bằng quà, hiện vật (đồng)"
PARTY = "Tổ chức Đảng được công nhận trong sạch, vững mạnh"
NO_EVIDENCE = "Tiêu chuẩn khen thưởng không yêu cầu số liệu minh chứng"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": demo_pdf([NOMINEE, name])}


def test_the_evidence_follows_the_choices_without_losing_what_was_typed(page, screens):
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    menu(page, "Hồ sơ của đơn vị")
    page.get_by_role("link", name="Hồ sơ mới").click()
    page.get_by_label("Hình thức khen thưởng").select_option(label="Giấy khen của Chủ tịch UBND thị xã")
    kind = page.get_by_label("Loại đối tượng")
    kind.select_option(label="Cá nhân")

    # An individual's standard reads what they gave, not a commune's attestations.
    support = page.get_by_label(SUPPORT)
    expect(support).to_be_visible()
    expect(page.get_by_label(PARTY)).to_be_hidden()
    support.press_sequentially("50000000")
    screens("evidence-of-an-individual")
    assert serious_violations(page) == []
    # On a phone, the form fits the screen's width.
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_function("window.innerWidth === 375")
    assert sideways_overflow(page) == 0
    screens("evidence-on-a-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # A household has no standard: no evidence is asked, and what was typed is only hidden.
    kind.select_option(label="Hộ gia đình")
    expect(support).to_be_hidden()
    expect(page.locator("main")).to_contain_text(NO_EVIDENCE)
    kind.select_option(label="Cá nhân")
    expect(support).to_be_visible()
    expect(support).to_have_value("50.000.000")
    expect(page.locator("main").get_by_text(NO_EVIDENCE)).to_be_hidden()

    # Saved while hidden, the amount is kept all the same.
    kind.select_option(label="Hộ gia đình")
    page.get_by_label("Tên đối tượng").fill(NOMINEE)
    page.get_by_role("button", name="Lưu").click()
    expect_message(page, "Đã tạo hồ sơ")
    settle(page)
    dossier = Dossier.objects.get(nominee__name=NOMINEE)
    assert dossier.support_amount == 50_000_000

    # Two documents in one go, the limit stated on the form.
    page.get_by_role("link", name="Thêm tài liệu").click()
    expect(page.locator("main")).to_contain_text(f"Tối đa {settings.DOCUMENT_MAX_BYTES // 2**20} MB mỗi tệp")
    page.get_by_label("Tờ trình đề nghị khen thưởng", exact=True).set_input_files(pdf("to-trinh.pdf"))
    page.get_by_label("Biên bản họp xét của Hội đồng TĐKT cấp đề nghị khen thưởng", exact=True).set_input_files(
        pdf("bien-ban.pdf")
    )
    screens("two-documents-chosen")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Tải lên").click()
    expect_message(page, "Đã thêm 2 tài liệu.")
    settle(page)
    assert sorted((d.kind, d.original_name) for d in dossier.documents.all()) == [
        (DocumentKind.COUNCIL_MINUTES, "bien-ban.pdf"),
        (DocumentKind.PROPOSAL_LETTER, "to-trinh.pdf"),
    ]
