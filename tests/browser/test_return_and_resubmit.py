"""Return and resubmit in a browser: the labour office returns a dossier with its reason, the
commune reads it, supplements the dossier and resubmits it, and it is back in the review queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dossiers.models import DocumentKind, Dossier, Status

from .conftest import DEMO_PASSWORD
from .ui import choose, claim, claim_on_page, expect_message, menu, open_dossier, row, settle, sign_in, sign_out, upload

pytestmark = pytest.mark.browser

REASON = "Đề nghị bổ sung biên bản họp xét có chữ ký của Chủ tịch Hội đồng Thi đua - Khen thưởng xã."


def test_a_returned_dossier_is_supplemented_resubmitted_and_back_in_the_queue(page, screens):
    # Submitted by Xã Tả Van in the demo, waiting in the labour office's queue.
    dossier = Dossier.objects.get(nominee__name="Ông Sùng A Pao")
    assert dossier.status == Status.SUBMITTED

    # The reviewer claims it and returns it; without a reason the return is refused and nothing changes.
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    claim(page, dossier)
    choose(page, "Kết quả", "Trả lại để bổ sung")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect(page.locator("vf-field-textarea", has=page.get_by_label("Ý kiến"))).to_contain_text(
        "Trường này là bắt buộc."
    )
    expect(page.get_by_role("button", name="Kết quả")).to_contain_text("Trả lại để bổ sung")
    screens("reviewer-return-refused")
    settle(page)
    dossier.refresh_from_db()
    assert dossier.status == Status.UNDER_REVIEW
    page.get_by_label("Ý kiến").fill(REASON)
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã trả lại hồ sơ {dossier.reference} để bổ sung.")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    sign_out(page)

    # The commune reads why, attaches the signed minutes and resubmits through its supplement task.
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    open_dossier(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Trả lại để bổ sung")
    expect(main).to_contain_text(f"Lý do trả lại: {REASON}")
    screens("submitter-returned-dossier")
    upload(page, "Biên bản họp xét của Hội đồng TĐKT cấp đề nghị khen thưởng", "bien-ban-hop-xet-co-chu-ky.pdf")
    expect(main).to_contain_text("bien-ban-hop-xet-co-chu-ky.pdf")
    expect(main).to_contain_text("Bổ sung hồ sơ bị trả lại (xã, phường) — đang chờ nhận xử lý")
    claim_on_page(page, "xa_ta_van")
    page.get_by_role("link", name="Mở công việc").click()
    choose(page, "Kết quả", "Nộp lại hồ sơ")
    page.get_by_label("Ý kiến").fill("Đã bổ sung biên bản họp xét có chữ ký của Chủ tịch Hội đồng.")
    screens("submitter-resubmit")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã nộp lại hồ sơ {dossier.reference} lên Phòng LĐ-TB&XH.")
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {dossier.nominee.name}")).to_be_visible()
    expect(main).to_contain_text("Đã nộp – chờ thẩm định")
    sign_out(page)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    minutes = [doc.original_name for doc in dossier.current_documents() if doc.kind == DocumentKind.COUNCIL_MINUTES]
    assert minutes == ["bien-ban-hop-xet-co-chu-ky.pdf"]

    # Back in the labour office's queue.
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    menu(page, "Hàng chờ")
    expect(row(page, dossier)).to_contain_text("Đã nộp – chờ thẩm định")
    expect(row(page, dossier).get_by_role("link", name="Thẩm định hồ sơ (Phòng LĐ-TB&XH)")).to_be_visible()
    screens("reviewer-queue")
