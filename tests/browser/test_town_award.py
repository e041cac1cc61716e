"""The town-award path in a browser: a commune's dossier from its creation to the chairman's decision,
each step by the demo user whose job it is, signing in on the sign-in page and clicking through."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals.management.commands.seed_demo import CAMPAIGN_NAME
from approvals.models import Decision
from dossiers.models import Dossier, Status
from roles.models import Unit

from .conftest import DEMO_PASSWORD
from .demo import council_votes_for
from .ui import choose, claim, expect_message, menu, open_dossier, sign_in, sign_out, upload

pytestmark = pytest.mark.browser

NOMINEE = "Ông Thào A Sử"


def test_a_commune_dossier_goes_from_creation_to_the_chairmans_decision(page, screens):
    # The commune's submitter creates the dossier, attaches its documents and submits it.
    ta_van = Unit.objects.get(code="ta-van")
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    menu(page, "Hồ sơ của đơn vị")
    page.get_by_role("link", name="Hồ sơ mới").click()
    expect(page.get_by_label("đơn vị đề nghị")).to_have_value(str(ta_van.pk))
    page.get_by_label("phong trào thi đua").select_option(label=CAMPAIGN_NAME)
    page.get_by_label("hình thức khen thưởng").select_option(label="Giấy khen của Chủ tịch UBND thị xã")
    page.get_by_label("loại đối tượng").select_option(label="Cá nhân")
    page.get_by_label("tên đối tượng").fill(NOMINEE)
    page.get_by_label("chức vụ").fill("Trưởng thôn Lồ Lao Chải")
    page.get_by_label("thành tích").fill(
        "Vận động và giúp 7 hộ nghèo trong thôn trồng thảo quả, làm dịch vụ du lịch cộng đồng; "
        "cả 7 hộ có việc làm ổn định và thoát nghèo trong năm."
    )
    page.get_by_label("Số hộ nghèo được giúp đỡ có việc làm ổn định").fill("7")
    screens("submitter-new-dossier")
    page.get_by_role("button", name="Lưu").click()
    expect_message(page, "Đã tạo hồ sơ")
    dossier = Dossier.objects.get(nominee__name=NOMINEE)
    assert dossier.status == Status.DRAFT and dossier.unit == ta_van
    expect(page.get_by_text("Tài liệu còn thiếu")).to_be_visible()

    upload(page, "Tờ trình đề nghị khen thưởng", "to-trinh.pdf")
    upload(page, "Biên bản họp xét của Hội đồng TĐKT cấp đề nghị khen thưởng", "bien-ban-hop-xet.pdf")
    expect(page.get_by_text("Tài liệu còn thiếu")).to_have_count(0)
    screens("submitter-dossier-ready")
    page.get_by_role("link", name="Nộp hồ sơ").click()
    expect(page.get_by_role("button", name="Hồ sơ")).to_contain_text(dossier.reference)
    screens("submitter-submit")
    page.get_by_role("button", name="Bắt đầu", exact=True).click()
    expect_message(page, "đã bắt đầu")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    sign_out(page)

    # The labour office's reviewer claims it from the queue and forwards it to the council.
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    screens("reviewer-dashboard", readme="dashboard")
    claim(page, dossier)
    expect(page.get_by_text(dossier.reference).first).to_be_visible()
    choose(page, "Kết quả", "Chuyển Hội đồng TĐKT")
    page.get_by_label("Ý kiến").fill("Hồ sơ đầy đủ, đạt tiêu chuẩn; trình Hội đồng TĐKT thị xã.")
    screens("reviewer-forward", readme="review-task")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, "đã hoàn thành")
    dossier.refresh_from_db()
    assert dossier.status == Status.AT_COUNCIL
    sign_out(page)

    # The council meets and votes (no screen records a meeting yet: through its services, as the
    # home-affairs secretary); the secretary then records the council's outcome on its task.
    council_votes_for(dossier)
    sign_in(page, "noivu", DEMO_PASSWORD)
    claim(page, dossier)
    choose(page, "Kết quả xét của Hội đồng TĐKT", "Đề nghị Chủ tịch UBND thị xã khen thưởng")
    page.get_by_label("Ý kiến").fill("Hội đồng nhất trí 5/5 đề nghị Chủ tịch UBND thị xã tặng Giấy khen.")
    screens("secretary-council-outcome")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, "đã hoàn thành")
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_DECISION
    sign_out(page)

    # The town chairman signs the award decision.
    sign_in(page, "chutich", DEMO_PASSWORD)
    claim(page, dossier)
    choose(page, "Quyết định", "Ký quyết định khen thưởng")
    page.get_by_label("số quyết định").fill("12/QĐ-UBND")
    expect(page.get_by_label("ngày ký")).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))
    screens("chairman-decision", readme="decision")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, "đã hoàn thành")
    sign_out(page)

    dossier.refresh_from_db()
    assert dossier.status == Status.APPROVED
    decision = Decision.objects.get(number="12/QĐ-UBND")
    assert list(decision.dossiers.all()) == [dossier]

    # The commune sees its dossier awarded, and how it got there.
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    open_dossier(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Đã được khen thưởng")
    timeline = main.get_by_role("listitem")
    for step in (
        "Tạo hồ sơ — xa_ta_van",
        "Nộp hồ sơ — xa_ta_van",
        "Chuyển Hội đồng TĐKT — ldtbxh",
        "Đề nghị Chủ tịch UBND thị xã khen thưởng — noivu",
        "Ký quyết định khen thưởng — chutich",
    ):
        expect(timeline.filter(has_text=step)).to_have_count(1)
    screens("submitter-dossier-awarded")
