"""The provincial path in a browser: the council proposes a dossier to the province, the liaison
records the province's decision, the ward sees it, and the auditor finds it all in the trail."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import ProvincialResult
from dossiers.models import NomineeKind, Status

from .conftest import DEMO_PASSWORD
from .demo import at_council, council_votes_for, user
from .ui import choose, claim, expect_message, menu, open_dossier, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_the_council_proposes_to_the_province_and_the_liaison_records_its_decision(page, screens):
    dossier = at_council(
        submitter="phuong_sa_pa",
        unit="phuong-sa-pa",
        award_form="bang-khen-chu-tich-tinh",
        nominee={
            "kind": NomineeKind.ENTERPRISE,
            "name": "Hợp tác xã Dệt thổ cẩm Sa Pa",
            "address": "Tổ dân phố số 1, phường Sa Pa, thị xã Sa Pa, tỉnh Lào Cai",
        },
        summary="Ủng hộ 120.000.000 đồng xây nhà cho 4 hộ nghèo; nhận 18 lao động thuộc hộ nghèo vào làm việc ổn định.",
        evidence={"support_amount": 120_000_000, "households_helped": 18},
    )
    council_votes_for(dossier)  # no screen records a meeting and its vote yet

    # The home-affairs secretary records the council's proposal to the province.
    sign_in(page, "noivu", DEMO_PASSWORD)
    claim(page, dossier)
    choose(page, "Kết quả xét của Hội đồng TĐKT", "Đề nghị UBND tỉnh khen thưởng")
    page.get_by_label("Ý kiến").fill("Hội đồng nhất trí 5/5 đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.")
    screens("secretary-propose-to-province")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, "đã hoàn thành")
    dossier.refresh_from_db()
    assert dossier.status == Status.ESCALATED
    sign_out(page)

    # The town's letter to the province (no screen records it yet), then the province's decision,
    # which the liaison records on the dossier's task.
    approvals.provincial_submission_create(
        actor=user("tinh"), number="61/TTr-UBND", sent_on=timezone.localdate(), dossier_ids=[dossier.pk]
    )
    sign_in(page, "tinh", DEMO_PASSWORD)
    claim(page, dossier)
    choose(page, "Quyết định của UBND tỉnh", "Được UBND tỉnh khen thưởng")
    page.get_by_label("số quyết định của UBND tỉnh").fill("2715/QĐ-UBND")
    page.get_by_label("ngày ký quyết định của UBND tỉnh").fill(timezone.localdate().strftime("%d/%m/%Y"))
    screens("liaison-province-result")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, "đã hoàn thành")
    sign_out(page)

    dossier.refresh_from_db()
    assert dossier.status == Status.PROVINCE_APPROVED
    result = ProvincialResult.objects.get(dossier=dossier)
    assert (result.approved, result.decision_number, result.decided_on) == (True, "2715/QĐ-UBND", timezone.localdate())

    # The ward sees its dossier awarded by the province.
    sign_in(page, "phuong_sa_pa", DEMO_PASSWORD)
    open_dossier(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Được UBND tỉnh khen thưởng")
    expect(main.get_by_role("listitem").filter(has_text="Đề nghị UBND tỉnh khen thưởng — noivu")).to_have_count(1)
    screens("submitter-dossier-province-approved")
    sign_out(page)

    # The auditor finds the whole story in the audit trail, which verifies.
    sign_in(page, "kiemtoan", DEMO_PASSWORD)
    menu(page, "Nhật ký lưu vết")
    expect(page.get_by_text("Nhật ký toàn vẹn")).to_be_visible()
    page.get_by_label("Hồ sơ", exact=True).fill(dossier.reference)
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(f"dossier={dossier.reference}"))
    rows = page.locator("main tbody tr")
    for action, username in [
        ("dossier.created", "phuong_sa_pa"),
        ("dossier.submit", "phuong_sa_pa"),
        ("dossier.forward_to_council", "ldtbxh"),
        ("council.vote_recorded", "noivu"),
        ("dossier.recommend_provincial_award", "noivu"),
        ("province.submitted", "tinh"),
        ("dossier.record_provincial_result", "tinh"),
    ]:
        expect(rows.filter(has_text=action).filter(has_text=username)).not_to_have_count(0)
    screens("auditor-trail", readme="audit-trail")
