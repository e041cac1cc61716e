"""The town-award path in a browser: a commune's dossier from its creation to the chairman's decision,
each step by the demo user whose job it is, signing in on the sign-in page and clicking through: the
labour office forwards it under a compiled submission, the council considers it at a meeting with
another dossier, and the chairman awards both under one decision."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals.models import CompiledSubmission, CouncilMeeting, Decision
from demo.data import CAMPAIGN_NAME
from dossiers.models import Dossier, Status
from roles.models import Unit

from .conftest import BOTH_WIDTHS, DEMO_PASSWORD
from .ui import (
    MEETING_CHAIR,
    chair_and_minutes,
    choose,
    claim_on_page,
    expect_message,
    expect_timeline,
    follow_reference,
    menu,
    open_dossier,
    row,
    settle,
    sign_in,
    sign_out,
    upload,
    work,
)

pytestmark = pytest.mark.browser

NOMINEE = "Ông Thào A Sử"
TODAY = timezone.localdate().strftime("%d/%m/%Y")


def commune_creates_and_submits(page, screens) -> Dossier:
    """The commune's submitter creates the dossier, attaches its documents and submits it."""
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
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect_message(page, f"Đã nộp hồ sơ {dossier.reference} lên Phòng LĐ-TB&XH.")
    screens("submitter-submitted")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    sign_out(page)
    return dossier


def reviewer_claims_from_the_queue(page, screens, dossier) -> None:
    """The labour office's reviewer finds it in the queue, opens its page from its reference and
    claims it there: the dossier is under review."""
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    menu(page, "Hàng chờ")
    queued = row(page, dossier)
    for column in (f"{NOMINEE} (Cá nhân)", "Xã Tả Van", "Giấy khen của Chủ tịch UBND thị xã", "Đã nộp – chờ thẩm định"):
        expect(queued).to_contain_text(column)
    screens("reviewer-queue", readme="queue")
    follow_reference(page, dossier)
    expect(page.locator("main")).to_contain_text("Thẩm định hồ sơ (Phòng LĐ-TB&XH) — đang chờ nhận xử lý")
    expect(page.get_by_role("img", name="Sơ đồ quy trình xử lý hồ sơ")).to_be_visible()
    screens("reviewer-dossier-page", readme="dossier-page")
    claim_on_page(page, "ldtbxh")
    expect(page.locator("main")).to_contain_text("Đang thẩm định")
    dossier.refresh_from_db()
    assert dossier.status == Status.UNDER_REVIEW


def reviewer_appraises_it_as_ready(page, screens, dossier) -> None:
    """On its appraisal task, the reviewer judges it ready for the council: it stays under review,
    with them, until their compiled submission forwards it."""
    page.get_by_role("link", name="Mở công việc").click()
    expect(page.get_by_role("button", name="Thực hiện", exact=True)).to_be_visible()
    choose(page, "Kết quả", "Đủ điều kiện trình Hội đồng TĐKT (trình theo tờ trình tổng hợp)")
    screens("reviewer-judges-ready")
    page.get_by_role("button", name="Thực hiện", exact=True).click()
    expect_message(page, f"Hồ sơ {dossier.reference} đã được thẩm định, đủ điều kiện trình Hội đồng TĐKT")
    expect(page.locator("main")).to_contain_text("Đã thẩm định, đủ điều kiện trình Hội đồng TĐKT")
    dossier.refresh_from_db()
    assert dossier.status == Status.UNDER_REVIEW


def reviewer_forwards_under_a_compiled_submission(page, screens, dossier) -> None:
    """It forwards the dossier to the council under a compiled submission. The demo's submission
    already bears the number 45/TTr-LĐTBXH this year: refused, and nothing is forwarded."""
    work(page, "Tờ trình tổng hợp")
    expect(row(page, dossier)).to_contain_text("bạn đang xử lý")
    row(page, dossier).get_by_role("checkbox").check()
    page.get_by_label("Số tờ trình").fill("45/TTr-LĐTBXH")
    expect(page.get_by_label("Ngày trình")).to_have_value(TODAY)
    page.get_by_label("Ý kiến").fill("Hồ sơ đầy đủ, đạt tiêu chuẩn; trình Hội đồng TĐKT thị xã.")
    page.get_by_role("button", name="Chuyển Hội đồng TĐKT").click()
    expect(page.locator("main")).to_contain_text("Số tờ trình 45/TTr-LĐTBXH đã được sử dụng")
    settle(page)
    dossier.refresh_from_db()
    assert dossier.status == Status.UNDER_REVIEW
    expect(row(page, dossier).get_by_role("checkbox")).to_be_checked()
    page.get_by_label("Số tờ trình").fill("46/TTr-LĐTBXH")
    screens("reviewer-compiled-submission", readme="compiled-submission")
    page.get_by_role("button", name="Chuyển Hội đồng TĐKT").click()
    expect_message(page, "Tờ trình tổng hợp số 46/TTr-LĐTBXH: đã trình Hội đồng TĐKT 1 hồ sơ.")
    expect(page.get_by_role("heading", name="Tờ trình tổng hợp số 46/TTr-LĐTBXH")).to_be_visible()
    expect(row(page, dossier)).to_contain_text(NOMINEE)
    screens("reviewer-compiled-submission-record")
    dossier.refresh_from_db()
    assert dossier.status == Status.AT_COUNCIL
    assert list(CompiledSubmission.objects.get(number="46/TTr-LĐTBXH").dossiers.all()) == [dossier]
    sign_out(page)


def secretary_records_the_council_meeting(page, screens, dossier) -> Dossier:
    """The home-affairs secretary records the council's meeting: the five members present, and on
    both dossiers before it (the demo's village and this one) the vote and the town award."""
    village = Dossier.objects.get(nominee__name="Thôn Tả Van Giáy")
    assert village.status == Status.AT_COUNCIL
    sign_in(page, "noivu", DEMO_PASSWORD)
    work(page, "Họp Hội đồng TĐKT")
    expect(page.get_by_label("Ngày họp")).to_have_value(TODAY)
    members = page.get_by_role("group", name="Thành viên có mặt").get_by_role("checkbox")
    expect(members).to_have_count(5)
    for member in members.all():
        member.check()
    for considered in (village, dossier):
        ballot = row(page, considered)
        expect(ballot.get_by_role("checkbox")).to_be_checked()
        ballot.locator("input[name$='-votes_for']").fill("5")
        ballot.locator("input[name$='-votes_against']").fill("0")
        ballot.locator("select[name$='-outcome']").select_option(label="Đề nghị Chủ tịch UBND khen thưởng")
        ballot.locator("input[name$='-comment']").fill("Nhất trí 5/5 đề nghị Chủ tịch UBND thị xã tặng Giấy khen.")
    screens("secretary-council-meeting", readme="council-meeting")
    chair_and_minutes(page)
    page.get_by_role("button", name="Ghi nhận phiên họp").click()
    expect_message(page, f"Đã ghi nhận phiên họp Hội đồng TĐKT ngày {TODAY}: xét 2 hồ sơ.")
    expect(page.get_by_role("heading", name=f"Phiên họp Hội đồng TĐKT ngày {TODAY}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Có mặt 5/5 thành viên")
    expect(page.locator("main")).to_contain_text(f"Chủ trì cuộc họp: {MEETING_CHAIR}")
    expect(page.get_by_role("link", name="bien-ban-hop.pdf")).to_be_visible()
    screens("secretary-council-meeting-record")
    meeting = CouncilMeeting.objects.latest("pk")
    assert (meeting.members_present, meeting.members_total) == (5, 5)
    assert set(Dossier.objects.filter(pk__in=[village.pk, dossier.pk]).values_list("status", flat=True)) == {
        Status.AWAITING_DECISION
    }
    sign_out(page)
    return village


def chairman_signs_one_decision_for_both(page, screens, village, dossier) -> None:
    """The town chairman signs one award decision for both; the demo's dossier of Phường Sa Pa,
    also awaiting a decision, is left for later."""
    hotel = Dossier.objects.get(nominee__name="Công ty TNHH Khách sạn Mây Sa Pa")
    sign_in(page, "chutich", DEMO_PASSWORD)
    work(page, "Quyết định khen thưởng")
    expect(row(page, hotel)).to_be_visible()
    for awarded in (village, dossier):
        row(page, awarded).get_by_role("checkbox").check()
    page.get_by_label("Số quyết định").fill("12/QĐ-UBND")
    expect(page.get_by_label("Ngày ký")).to_have_value(TODAY)
    screens("chairman-decision", readme="decision")
    page.get_by_role("button", name="Ký quyết định khen thưởng").click()
    expect_message(page, "Đã ký Quyết định số 12/QĐ-UBND: khen thưởng 2 hồ sơ.")
    expect(page.get_by_role("heading", name="Quyết định khen thưởng số 12/QĐ-UBND")).to_be_visible()
    screens("chairman-decision-record")
    sign_out(page)

    decision = Decision.objects.get(number="12/QĐ-UBND")
    assert set(decision.dossiers.all()) == {village, dossier}
    assert set(Dossier.objects.filter(pk__in=[village.pk, dossier.pk]).values_list("status", flat=True)) == {
        Status.APPROVED
    }
    hotel.refresh_from_db()
    assert hotel.status == Status.AWAITING_DECISION


def commune_sees_its_dossier_awarded(page, screens, dossier) -> None:
    """The commune sees its dossier awarded, by which decision, and how it got there."""
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    open_dossier(page, dossier)
    main = page.locator("main")
    expect(main).to_contain_text("Đã được khen thưởng")
    expect(main).to_contain_text(f"Số 12/QĐ-UBND ngày {TODAY}, do Lê Minh Khoa ký (UBND thị xã Sa Pa)")
    expect_timeline(
        page,
        [
            ("Tạo hồ sơ", "xa_ta_van"),
            ("Nộp hồ sơ", "xa_ta_van"),
            ("Tiếp nhận thẩm định", "ldtbxh"),
            ("Thẩm định: đủ điều kiện trình Hội đồng TĐKT", "ldtbxh"),
            ("Chuyển Hội đồng TĐKT", "ldtbxh"),
            ("Ghi kết quả biểu quyết của Hội đồng", "noivu"),
            ("Đề nghị Chủ tịch UBND khen thưởng", "noivu"),
            ("Ký quyết định khen thưởng", "chutich"),
        ],
    )
    screens("submitter-dossier-awarded", readme="submitter-dossier")


@BOTH_WIDTHS
def test_a_commune_dossier_goes_from_creation_to_the_chairmans_decision(page, screens):
    dossier = commune_creates_and_submits(page, screens)
    reviewer_claims_from_the_queue(page, screens, dossier)
    reviewer_appraises_it_as_ready(page, screens, dossier)
    reviewer_forwards_under_a_compiled_submission(page, screens, dossier)
    village = secretary_records_the_council_meeting(page, screens, dossier)
    chairman_signs_one_decision_for_both(page, screens, village, dossier)
    commune_sees_its_dossier_awarded(page, screens, dossier)
