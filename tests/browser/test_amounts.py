"""Amounts in a browser: a commune's submitter types fifty million đồng the Vietnamese way,
50.000.000, into the dossier form; the dossier saved holds 50000000 and its page shows
"50.000.000 đồng". Digits typed alone are grouped with dots as they are typed. Typed 50.000000
(what a number input made of 50.000.000), the amount is refused as typed, with the form expected,
and the dossier keeps its amount."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dossiers.models import Dossier

from .conftest import DEMO_PASSWORD
from .ui import expect_message, menu, settle, sign_in

pytestmark = pytest.mark.browser

NOMINEE = "Hợp tác xã Thảo quả Tả Van"
SUPPORT = "Giá trị ủng hộ bằng quà, hiện vật (đồng)"
REFUSED = "Nhập số tiền bằng đồng, ví dụ 50.000.000 (dấu chấm ngăn cách hàng nghìn, không có phần thập phân)."


def test_an_amount_typed_with_dots_is_saved_whole_and_an_ambiguous_one_is_refused(page, screens):
    # A new dossier of Xã Tả Van, for an enterprise that gave fifty million đồng.
    sign_in(page, "xa_ta_van", DEMO_PASSWORD)
    menu(page, "Hồ sơ của đơn vị")
    page.get_by_role("link", name="Hồ sơ mới").click()
    page.get_by_label("Hình thức khen thưởng").select_option(label="Giấy khen của Chủ tịch UBND thị xã")
    page.get_by_label("Loại đối tượng").select_option(label="Doanh nghiệp, đơn vị sản xuất kinh doanh")
    page.get_by_label("Tên đối tượng").fill(NOMINEE)
    amount = page.get_by_label(SUPPORT)
    amount.press_sequentially("50.000.000")
    expect(amount).to_have_value("50.000.000")
    screens("amount-typed")
    page.get_by_role("button", name="Lưu").click()
    expect_message(page, "Đã tạo hồ sơ")
    dossier = Dossier.objects.get(nominee__name=NOMINEE)
    assert dossier.support_amount == 50_000_000
    evidence = page.locator("main dt", has_text=SUPPORT).locator("xpath=following-sibling::dd[1]")
    expect(evidence).to_have_text("50.000.000 đồng")
    screens("amount-on-the-dossier-page")

    # On the edit form, the amount shows with dots; digits typed alone are grouped as they come.
    page.get_by_role("link", name="Sửa", exact=True).click()
    amount = page.get_by_label(SUPPORT)
    expect(amount).to_have_value("50.000.000")
    amount.fill("")
    amount.press_sequentially("60000000")
    expect(amount).to_have_value("60.000.000")

    # Typed as a number input would have kept it, the amount is refused as typed, and nothing changes.
    amount.fill("")
    amount.press_sequentially("50.000000")
    expect(amount).to_have_value("50.000000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text(REFUSED)
    expect(page.get_by_label(SUPPORT)).to_have_value("50.000000")
    screens("amount-refused")
    settle(page)
    dossier.refresh_from_db()
    assert dossier.support_amount == 50_000_000
