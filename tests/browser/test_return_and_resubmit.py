"""Return and resubmit in a browser: the labour office returns a dossier with its reason, the
commune finds it first on its daily page with the reason, supplements the dossier and resubmits it
with one button, and it is back in the review queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dossiers.models import DocumentKind, Dossier, Status

from .conftest import BOTH_WIDTHS, DEMO_PASSWORD
from .ui import choose, claim, expect_message, follow_reference, menu, row, settle, sign_in, sign_out, upload

pytestmark = pytest.mark.browser

REASON = "Đề nghị bổ sung biên bản họp xét có chữ ký của Chủ tịch Hội đồng Thi đua - Khen thưởng xã."


@BOTH_WIDTHS
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

    # The commune starts on its dossiers, the returned one first with why; it attaches the signed
    # minutes and resubmits with the dossier page's one button, claiming nothing.
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Hồ sơ của đơn vị")).to_be_visible()
    returned = page.locator("main tbody tr").filter(has_text="Trả lại để bổ sung")
    expect(returned).to_have_count(2)  # the demo's own returned dossier, and this one
    expect(page.locator("main tbody tr").nth(1)).to_contain_text("Trả lại để bổ sung")
    expect(row(page, dossier)).to_contain_text(f"Lý do trả lại: {REASON}")
    screens("submitter-daily-page", readme="submitter-daily")
    follow_reference(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Trả lại để bổ sung")
    expect(main).to_contain_text(f"Lý do trả lại: {REASON}")
    expect(main).to_contain_text("Bổ sung hồ sơ bị trả lại (xã, phường) — chờ xã, phường nộp lại hoặc rút hồ sơ")
    expect(page.get_by_role("button", name="Nhận xử lý", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Rút hồ sơ", exact=True)).to_be_visible()
    screens("submitter-returned-dossier")
    upload(page, "Biên bản họp xét của Hội đồng TĐKT cấp đề nghị khen thưởng", "bien-ban-hop-xet-co-chu-ky.pdf")
    expect(main).to_contain_text("bien-ban-hop-xet-co-chu-ky.pdf")
    page.get_by_label("Nội dung đã bổ sung (không bắt buộc)").fill("Đã bổ sung biên bản họp xét có chữ ký.")
    page.get_by_role("button", name="Nộp lại hồ sơ", exact=True).click()
    expect_message(page, f"Đã nộp lại hồ sơ {dossier.reference} lên Phòng LĐ-TB&XH.")
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {dossier.nominee.name}")).to_be_visible()
    expect(main).to_contain_text("Đã nộp – chờ thẩm định")
    expect(main.get_by_role("listitem").filter(has_text="Nộp lại hồ sơ")).to_contain_text(
        "Đã bổ sung biên bản họp xét có chữ ký."
    )
    screens("submitter-resubmitted")
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


def test_a_draft_is_withdrawn_apart_after_a_confirmation_that_it_cannot_be_undone(page, screens):
    # Xã Tả Van's draft in the demo.
    dossier = Dossier.objects.get(unit__code="ta-van", status=Status.DRAFT)
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    follow_reference(page, dossier)
    page.get_by_role("link", name="Rút hồ sơ", exact=True).click()
    main = page.locator("main")
    expect(main).to_contain_text("Việc rút hồ sơ không thể hoàn tác.")

    screens("submitter-withdraw-confirmation")
    page.get_by_label("Lý do rút hồ sơ?").fill("Cá nhân đã chuyển công tác khỏi xã.")
    page.get_by_role("button", name="Xác nhận rút hồ sơ").click()
    expect_message(page, f"Đã rút hồ sơ {dossier.reference}.")
    expect(main).to_contain_text("Đã rút")
    screens("submitter-withdrawn")
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
