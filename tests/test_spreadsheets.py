"""``workflow_project.spreadsheets`` on its own: each kind of column written as its cells should be
read (a date, a local date and time, a grouped amount, text never a formula), the columns as wide
as their header or content, the header frozen, and a sheet named from a record's number."""

import datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from workflow_project.spreadsheets import AMOUNT, DATE, DATETIME, MAX_WIDTH, Column, sheet_title, write_xlsx

COLUMNS = [Column("Mã"), Column("Ngày", DATE), Column("Thời gian", DATETIME), Column("Số tiền", AMOUNT)]


def written(rows, columns=COLUMNS):
    file = BytesIO()
    assert write_xlsx(file, title="12/QĐ-UBND", columns=columns, rows=iter(rows)) == len(rows)
    file.seek(0)
    return load_workbook(file).active


def test_each_kind_is_written_as_its_cells_are_read():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 8, 2, 30), datetime.UTC)
    sheet = written([["=1+1", datetime.date(2026, 12, 8), moment, 50_000_000]])
    code, day, time, amount = sheet[2]
    assert (code.value, code.data_type) == ("'=1+1", "s")
    assert (day.value, day.number_format) == (datetime.datetime(2026, 12, 8), "dd/mm/yyyy")
    # Local time (Asia/Ho_Chi_Minh, UTC+7), as the screens show it.
    assert (time.value, time.number_format) == (datetime.datetime(2026, 12, 8, 9, 30), "dd/mm/yyyy hh:mm")
    assert (amount.value, amount.number_format) == (50_000_000, "#,##0")


def test_the_header_is_frozen_and_the_columns_fit():
    sheet = written([["HS-2026-00013", None, None, 1_234_567_890], ["x" * 200, datetime.date(2026, 1, 2), None, None]])
    assert [cell.value for cell in sheet[1]] == ["Mã", "Ngày", "Thời gian", "Số tiền"]
    assert sheet.freeze_panes == "A2"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] == MAX_WIDTH
    assert widths["B"] == len("dd/mm/yyyy") + 2
    assert widths["D"] == len("1,234,567,890") + 2


def test_an_empty_list_has_its_header():
    sheet = written([])
    assert [cell.value for cell in sheet[1]] == ["Mã", "Ngày", "Thời gian", "Số tiền"]
    assert sheet.max_row == 1


def test_a_sheet_is_named_without_the_characters_a_sheet_may_not_have():
    assert sheet_title("12/QĐ-UBND") == "12-QĐ-UBND"
    assert sheet_title("a[b]:c?*\\") == "a-b--c---"
    assert len(sheet_title("x" * 40)) == 31
