"""The CSV export says what the screens say, with the codes in columns of their own, and no cell
of it runs as a formula in a spreadsheet: a cell that would start with "=", "+", "-", "@", a tab or
a carriage return starts with an apostrophe instead."""

import json

import pytest

from audit.models import AuditEvent
from audit.services import stream_for
from dossiers.models import Status
from roles.models import Role
from tests.audit.trail_readers import (
    EXPORT,
    FORMULA_STARTS,
    auditor_client,
    csv_records,
    csv_rows,
    formula_dossier,
    formula_events,
    name_people,
)
from tests.factories import bring_to, draft

pytestmark = pytest.mark.django_db

CODE_COLUMNS = ["Tên đăng nhập", "Mã vai trò", "Mã đơn vị", "Mã thao tác", "Loại đối tượng", "Mã đối tượng"]


def test_no_cell_starts_with_a_formula_character(town, the_campaign):
    formula_events()
    for start in FORMULA_STARTS:
        formula_dossier(town, the_campaign, start)
    rows = csv_rows(auditor_client(town.auditor).get(EXPORT))
    assert len(rows) == 1 + AuditEvent.objects.count()
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []


def test_a_neutralised_cell_keeps_its_text_after_the_apostrophe(town):
    events = formula_events()
    records = {record["Mã thao tác"]: record for record in csv_records(auditor_client(town.auditor).get(EXPORT))}
    for start in FORMULA_STARTS:
        event = next(e for e in events if e.action == f"{start}custom.action")
        record = records[f"'{event.action}"]
        assert record["Tên đăng nhập"] == f"'{event.actor_username}"
        assert record["Đơn vị"] == f"'{start}Đơn vị {FORMULA_STARTS.index(start)}"
        assert record["Đối tượng"] == f"'{event.object_repr}"
        assert record["Ý kiến"] == f"'{event.comment}"
        assert record["Trước"] == f"'{start}1+1"
        assert record["Trước, như đã ghi"] == f"'{start}1+1"
        assert json.loads(record["Sau, như đã ghi"]) == event.after


def test_the_services_events_with_formula_texts_are_neutralised_too(town, the_campaign):
    dossier = formula_dossier(town, the_campaign, "=")
    records = csv_records(auditor_client(town.auditor).get(EXPORT, {"dossier": dossier.reference}))
    withdrawn = next(record for record in records if record["Mã thao tác"] == "dossier.withdraw")
    assert withdrawn["Ý kiến"] == "'=rút hồ sơ"
    assert any("=B" in record["Sau"] for record in records if record["Mã thao tác"] == "dossier.updated")


def test_the_export_has_the_words_and_the_codes_in_columns_of_their_own(town, the_campaign):
    name_people(town)
    returned = bring_to(Status.RETURNED, town, the_campaign)
    event = AuditEvent.objects.get(stream=stream_for(returned), action="dossier.return_for_supplement")
    header, *rows = csv_rows(auditor_client(town.auditor).get(EXPORT, {"dossier": returned.reference}))
    assert set(CODE_COLUMNS) <= set(header)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    (record,) = [record for record in records if record["Mã thao tác"] == event.action]
    assert record["Người dùng"] == "Nguyễn Văn Bình"
    assert record["Tên đăng nhập"] == town.reviewer.username
    assert (record["Vai trò"], record["Mã vai trò"]) == ("Cán bộ thẩm định (Phòng LĐ-TB&XH)", Role.LABOUR_REVIEWER)
    assert (record["Đơn vị"], record["Mã đơn vị"]) == ("Phòng LĐ-TB&XH", town.labour_office.code)
    assert record["Thao tác"] == "Trả lại để bổ sung"
    assert (record["Loại đối tượng"], record["Mã đối tượng"]) == ("dossiers.dossier", str(returned.pk))
    assert record["Trước"] == "Trạng thái: Đang thẩm định"
    assert record["Sau"] == "Trạng thái: Trả lại để bổ sung"
    assert json.loads(record["Sau, như đã ghi"]) == {"status": "returned"}
    assert record["Ý kiến"] == "Bổ sung biên bản"
    assert record["Mã băm"] == event.hash


def test_amounts_dates_and_booleans_read_in_words_in_the_export(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    records = csv_records(auditor_client(town.auditor).get(EXPORT, {"dossier": dossier.reference}))
    (created,) = [record for record in records if record["Mã thao tác"] == "dossier.created"]
    assert created["Thao tác"] == "Tạo hồ sơ"
    assert "Giá trị ủng hộ bằng quà, hiện vật (đồng): 50.000.000 đồng" in created["Sau"]
    assert "Trạng thái: Dự thảo" in created["Sau"]
    assert ": Không;" in created["Sau"]
    assert '"support_amount": 50000000' in created["Sau, như đã ghi"]
