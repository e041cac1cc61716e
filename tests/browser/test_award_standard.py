"""The award standard in a browser: a reviewer reads, on the dossier's page and on the review task,
which criteria a dossier meets and why, records their judgement with the rejection, and the page
then shows the evaluation recorded; the commune's submitter reads the document checklist."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dossiers.models import Dossier, NomineeKind, Status

from .conftest import DEMO_PASSWORD
from .demo import submitted
from .ui import FULL_NAMES, claim_on_page, expect_message, follow_reference, menu, settle, sign_in, sign_out

pytestmark = pytest.mark.browser

NOMINEE = "Công ty TNHH Nông sản Hoàng Liên"
REASON = "Mức ủng hộ 49.999.999 đồng chưa đạt tiêu chuẩn 50.000.000 đồng trở lên (mục IV.2.2 Kế hoạch)."


def expect_short_of_the_amount(criteria) -> None:
    """The enterprises' one criterion, not met by one đồng, and why."""
    rows = criteria.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_have_class("result-not_met")
    expect(rows).to_contain_text("Ủng hộ tiền, hiện vật trị giá từ 50.000.000 đồng trở lên")
    expect(rows.locator("td").nth(2)).to_have_text("Không đạt")
    expect(rows.locator("td").nth(3)).to_contain_text("49.999.999")


def enterprise_submits_short_of_the_standard() -> Dossier:
    """An enterprise of Tả Van gave 49.999.999 đồng: one đồng short of the town's standard."""
    dossier = submitted(
        submitter="xa_ta_van",
        unit="ta-van",
        award_form="giay-khen-chu-tich-thi-xa",
        nominee={"kind": NomineeKind.ENTERPRISE, "name": NOMINEE, "address": "Thôn Tả Van Giáy, xã Tả Van"},
        summary="Ủng hộ 49.999.999 đồng mua giống thảo quả cho 9 hộ nghèo thôn Tả Van Giáy.",
        evidence={"support_amount": 49_999_999},
    )
    assert dossier.status == Status.SUBMITTED
    return dossier


def reviewer_sees_the_standard_not_met_on_the_dossier_page(page, screens, dossier) -> None:
    """The reviewer sees on the dossier's page that the standard is not met, and why."""
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    menu(page, "Hàng chờ")
    follow_reference(page, dossier)
    main = page.locator("main")
    expect(main.locator(".dossier-standard")).to_contain_text("Kết quả đánh giá theo số liệu minh chứng")
    expect(main.locator(".dossier-standard .result-not_met")).to_be_visible()
    expect_short_of_the_amount(main.locator(".dossier-criteria"))
    expect(main.locator(".dossier-recorded-standard")).to_have_count(0)
    screens("reviewer-dossier-standard")


def reviewer_claims_and_sees_the_same_evaluation_on_the_task(page) -> None:
    """It claims the review and sees the same evaluation beside the task's form, which proposes
    the standard not met."""
    claim_on_page(page, "ldtbxh")
    page.get_by_role("link", name="Mở công việc").click()
    expect(page.get_by_role("button", name="Thực hiện", exact=True)).to_be_visible()
    summary = page.locator(".dossier-summary")
    expect(summary.locator(".dossier-standard .result-not_met")).to_be_visible()
    expect_short_of_the_amount(summary.locator(".dossier-criteria"))
    judgement = page.locator("vf-field-radio-select")
    expect(judgement).to_contain_text("Theo đánh giá của bạn, tiêu chuẩn khen thưởng")
    expect(judgement).to_contain_text("Kết quả đánh giá theo số liệu minh chứng: Không đạt")
    not_met = judgement.get_by_role("radio", name="Không đạt", exact=True)
    expect(not_met).to_be_checked()
    settle(page)


def reviewer_rejects_with_the_standard_judged_not_met(page, screens, dossier) -> None:
    """It rejects the dossier, the standard judged not met, with its reason."""
    page.get_by_role("button", name="Kết quả").click()
    page.get_by_role("option", name="Không chấp nhận hồ sơ", exact=True).click()
    expect(page.get_by_role("button", name="Kết quả")).to_contain_text("Không chấp nhận hồ sơ")
    page.get_by_label("Ý kiến").fill(REASON)
    screens("reviewer-review-judgement")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã từ chối hồ sơ {dossier.reference}.")
    dossier.refresh_from_db()
    assert dossier.status == Status.REJECTED
    record = dossier.criteria_evaluations.get()
    assert (record.computed, record.standard_met) == ("not_met", False)


def dossier_page_shows_the_evaluation_recorded(page, screens, dossier) -> None:
    """The dossier's page now shows the evaluation recorded at the appraisal, by whom and with what."""
    page.goto(f"/dossiers/{dossier.pk}/")
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {NOMINEE}")).to_be_visible()
    main = page.locator("main")
    recorded = main.locator(".dossier-recorded-standard")
    expect(recorded).to_contain_text("Không đạt")
    expect(recorded).to_contain_text("đánh giá của người thẩm định: không đạt tiêu chuẩn")
    expect(main.get_by_role("heading", name="Ghi nhận tại lần thẩm định lúc")).to_contain_text(FULL_NAMES["ldtbxh"])
    expect_short_of_the_amount(main.locator(".dossier-criteria").last)
    screens("reviewer-recorded-evaluation")
    sign_out(page)


def submitter_sees_the_evaluation_and_the_checklist(page, screens, dossier) -> None:
    """The commune's submitter sees the same on its own page, with the checklist of documents: the
    paper sets of each, the achievement report certified by the direct superior."""
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    page.goto(f"/my_dossiers/{dossier.pk}/")
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {NOMINEE}")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Không chấp nhận hồ sơ")
    expect(main.locator(".dossier-recorded-standard")).to_contain_text("không đạt tiêu chuẩn")
    checklist = main.locator(".dossier-checklist tbody tr")
    expect(checklist).to_have_count(4)
    for document in checklist.all():
        expect(document).to_have_class("present")
        expect(document.locator("td").nth(1)).to_have_text("2")
        expect(document.locator("td").nth(3)).to_have_text("Đã có")
    report = checklist.filter(has_text="Báo cáo thành tích")
    expect(report.locator("td").nth(2)).to_have_text("có xác nhận của cấp trên quản lý trực tiếp")
    expect(checklist.filter(has_text="có xác nhận của cấp trên")).to_have_count(1)
    screens("submitter-standard-and-checklist", readme="award-standard")
    sign_out(page)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.REJECTED


def test_a_reviewer_rejects_a_dossier_short_of_the_standard_and_the_evaluation_is_recorded(page, screens):
    dossier = enterprise_submits_short_of_the_standard()
    reviewer_sees_the_standard_not_met_on_the_dossier_page(page, screens, dossier)
    reviewer_claims_and_sees_the_same_evaluation_on_the_task(page)
    reviewer_rejects_with_the_standard_judged_not_met(page, screens, dossier)
    dossier_page_shows_the_evaluation_recorded(page, screens, dossier)
    submitter_sees_the_evaluation_and_the_checklist(page, screens, dossier)
