"""The provincial path in a browser: the labour office forwards a ward's dossier on its appraisal task,
the council proposes it to the province at a meeting that also recommends a town award (which the
chairman signs on its task), the liaison sends it to the province under a letter and records the
province's decision, the ward sees it, and the auditor finds it all in a trail that verifies."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals.models import Decision, ProvincialResult, ProvincialSubmission
from dossiers.models import Dossier, NomineeKind, Status

from .conftest import BOTH_WIDTHS, DEMO_PASSWORD
from .demo import submitted
from .ui import (
    chair_and_minutes,
    choose,
    claim,
    claim_on_page,
    expect_message,
    expect_timeline,
    follow_reference,
    menu,
    open_dossier,
    row,
    sign_in,
    sign_out,
    work,
)

pytestmark = pytest.mark.browser

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def reviewer_claims_and_forwards_to_the_council(page, screens, dossier) -> None:
    """The labour office's reviewer claims it from the queue and forwards it on its appraisal task."""
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    claim(page, dossier)
    expect(page.locator("main")).to_contain_text("120.000.000 đồng")
    choose(page, "Kết quả", "Chuyển Hội đồng TĐKT")
    page.get_by_label("Ý kiến").fill("Hồ sơ đầy đủ, mức ủng hộ vượt tiêu chuẩn; trình Hội đồng TĐKT thị xã.")
    screens("reviewer-forward")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã chuyển hồ sơ {dossier.reference} lên Hội đồng TĐKT.")
    dossier.refresh_from_db()
    assert dossier.status == Status.AT_COUNCIL
    sign_out(page)


def secretary_records_the_proposal_and_the_recommendation(page, screens, dossier, village) -> None:
    """The council meets, four of its five members present; the secretary records its proposal of
    the cooperative to the province, and its recommendation of the demo's village for the town award."""
    sign_in(page, "noivu", DEMO_PASSWORD)
    work(page, "Họp Hội đồng TĐKT")
    members = page.get_by_role("group", name="Thành viên có mặt").get_by_role("checkbox")
    expect(members).to_have_count(5)
    for member in members.all()[:4]:
        member.check()
    for considered, outcome, comment in (
        (dossier, "Đề nghị UBND tỉnh khen thưởng", "Nhất trí 4/4 đề nghị Chủ tịch UBND tỉnh tặng Bằng khen."),
        (village, "Đề nghị Chủ tịch UBND khen thưởng", "Nhất trí 4/4 đề nghị tặng Giấy khen."),
    ):
        ballot = row(page, considered)
        ballot.locator("input[name$='-votes_for']").fill("4")
        ballot.locator("input[name$='-votes_against']").fill("0")
        ballot.locator("select[name$='-outcome']").select_option(label=outcome)
        ballot.locator("input[name$='-comment']").fill(comment)
    screens("secretary-council-meeting")
    chair_and_minutes(page)
    page.get_by_role("button", name="Ghi nhận phiên họp").click()
    expect_message(page, f"Đã ghi nhận phiên họp Hội đồng TĐKT ngày {TODAY}: xét 2 hồ sơ.")
    expect(page.locator("main")).to_contain_text("Có mặt 4/5 thành viên")
    dossier.refresh_from_db()
    village.refresh_from_db()
    assert (dossier.status, village.status) == (Status.ESCALATED, Status.AWAITING_DECISION)
    sign_out(page)


def chairman_signs_the_villages_award(page, screens, village) -> None:
    """The town chairman signs the village's award on its decision task."""
    sign_in(page, "chutich", DEMO_PASSWORD)
    claim(page, village)
    choose(page, "Quyết định", "Ký quyết định khen thưởng")
    page.get_by_label("số quyết định").fill("16/QĐ-UBND")
    expect(page.get_by_label("ngày ký")).to_have_value(TODAY)
    screens("chairman-decision-task")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã ký quyết định khen thưởng cho hồ sơ {village.reference}.")
    sign_out(page)
    village.refresh_from_db()
    assert village.status == Status.APPROVED
    assert list(Decision.objects.get(number="16/QĐ-UBND").dossiers.all()) == [village]


def liaison_sends_to_the_province_and_records_its_decision(page, screens, dossier) -> None:
    """The provincial liaison sends the cooperative's dossier to the province under the town's
    letter, then, from the letter, opens the dossier's page and records the province's decision."""
    sign_in(page, "tinh", DEMO_PASSWORD)
    work(page, "Tờ trình gửi UBND tỉnh")
    row(page, dossier).get_by_role("checkbox").check()
    page.get_by_label("Số tờ trình").fill("53/TTr-UBND")
    expect(page.get_by_label("Ngày gửi")).to_have_value(TODAY)
    screens("liaison-letter", readme="letter")
    page.get_by_role("button", name="Gửi lên UBND tỉnh").click()
    expect_message(page, "Tờ trình số 53/TTr-UBND: đã gửi 1 hồ sơ lên UBND tỉnh.")
    expect(page.get_by_role("heading", name="Tờ trình số 53/TTr-UBND")).to_be_visible()
    assert list(ProvincialSubmission.objects.get(number="53/TTr-UBND").dossiers.all()) == [dossier]
    follow_reference(page, dossier)
    expect(page.locator("main")).to_contain_text("Ghi kết quả của UBND tỉnh (cán bộ đầu mối) — đang chờ nhận xử lý")
    claim_on_page(page, "tinh")
    page.get_by_role("link", name="Mở công việc").click()
    choose(page, "Quyết định của UBND tỉnh", "Được UBND tỉnh khen thưởng")
    page.get_by_label("số quyết định của UBND tỉnh").fill("2715/QĐ-UBND")
    page.get_by_label("ngày ký quyết định của UBND tỉnh").fill(TODAY)
    screens("liaison-province-result")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Đã ghi nhận kết quả của tỉnh cho hồ sơ {dossier.reference}.")
    sign_out(page)

    dossier.refresh_from_db()
    assert dossier.status == Status.PROVINCE_APPROVED
    result = ProvincialResult.objects.get(dossier=dossier)
    assert (result.approved, result.decision_number, result.decided_on) == (True, "2715/QĐ-UBND", timezone.localdate())


def ward_sees_its_dossier_awarded_by_the_province(page, screens, dossier) -> None:
    """The ward sees its dossier awarded by the province, and how it got there."""
    sign_in(page, "phuong_sa_pa", DEMO_PASSWORD)
    open_dossier(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Được UBND tỉnh khen thưởng")
    expect(main).to_contain_text(f"Tờ trình số 53/TTr-UBND ngày {TODAY} (UBND thị xã Sa Pa)")
    expect(main).to_contain_text(f"Được UBND tỉnh khen thưởng — quyết định số 2715/QĐ-UBND ngày {TODAY}")
    expect_timeline(
        page,
        [
            ("Chuyển Hội đồng TĐKT", "ldtbxh"),
            ("Ghi kết quả biểu quyết của Hội đồng", "noivu"),
            ("Đề nghị UBND tỉnh khen thưởng", "noivu"),
            ("Gửi tờ trình đề nghị UBND tỉnh khen thưởng", "tinh"),
        ],
    )
    screens("submitter-dossier-province-approved")
    sign_out(page)


def auditor_finds_the_story_in_the_trail_and_verifies_it(page, screens, dossier, village) -> None:
    """The auditor finds the whole story in the audit trail, and has the trail verified."""
    sign_in(page, "kiemtoan", DEMO_PASSWORD)
    menu(page, "Nhật ký lưu vết")
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
    expect(rows.filter(has_text=village.reference)).to_have_count(0)
    screens("auditor-trail", readme="audit-trail")
    page.get_by_role("link", name="Kiểm tra tính toàn vẹn của nhật ký").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"Nhật ký toàn vẹn: đã kiểm tra \d+ bản ghi"))
    screens("auditor-verified")


@BOTH_WIDTHS
def test_the_council_proposes_to_the_province_and_the_liaison_records_its_decision(page, screens):
    dossier = submitted(
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
    village = Dossier.objects.get(nominee__name="Thôn Tả Van Giáy")  # the demo's, before the council

    reviewer_claims_and_forwards_to_the_council(page, screens, dossier)
    secretary_records_the_proposal_and_the_recommendation(page, screens, dossier, village)
    chairman_signs_the_villages_award(page, screens, village)
    liaison_sends_to_the_province_and_records_its_decision(page, screens, dossier)
    ward_sees_its_dossier_awarded_by_the_province(page, screens, dossier)
    auditor_finds_the_story_in_the_trail_and_verifies_it(page, screens, dossier, village)
