"""Lists downloaded as spreadsheets (XLSX), for every screen that lists something: the dossier lists,
the queues, the registrations, a record's dossiers and the audit trail.

One function, ``xlsx_response``, writes the headers and the rows it is given, each column of a kind
(text, date, date and time, amount, number): dates are real dates shown dd/mm/yyyy, amounts are
whole numbers shown with thousands grouped, the header row is frozen and the columns are as wide
as their header and the first rows need. The workbook is written in openpyxl's write-only mode and
saved to a temporary file, which the response streams: memory stays flat however many rows there
are, as long as the rows come from an iterator (``QuerySet.iterator(chunk_size=...)``).

Amounts carry the format ``#,##0``: the format's comma means "group the thousands", and Excel and
LibreOffice show the reader's own separator, a dot on a computer set to Vietnamese. The cell stays a
number, which can be summed; a format that printed literal dots would show them wrongly to anyone
else and fail past a fixed number of groups.

What a spreadsheet would run as a formula (a text starting with =, +, -, @) is kept as text by a
leading apostrophe (``spreadsheet_safe``), as in the audit trail's CSV.
"""

from __future__ import annotations

import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

TEXT = "text"
DATE = "date"
DATETIME = "datetime"
AMOUNT = "amount"
NUMBER = "number"

FORMATS = {DATE: "dd/mm/yyyy", DATETIME: "dd/mm/yyyy hh:mm", AMOUNT: "#,##0", NUMBER: "0"}
# What each kind's cells take on the screen, whatever their value (a date as dd/mm/yyyy).
SHOWN_WIDTH = {DATE: 10, DATETIME: 16}
# The rows read to size the columns; the others are written as they come.
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula, made text by a leading apostrophe (the
    spreadsheets' own way to write text that looks like a formula)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


@dataclass(frozen=True)
class Column:
    """A column: its header, in words, and the kind of its cells."""

    header: str
    kind: str = TEXT


def cell_value(value, kind: str):
    """What the spreadsheet holds for ``value`` in a column of ``kind``: a date or a naive local
    date and time (spreadsheets know no time zones), a number, or text made safe."""
    if value is None or value == "":
        return None
    if kind == DATETIME and isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == DATE and isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if kind in (DATE, DATETIME, AMOUNT, NUMBER):
        return value
    return spreadsheet_safe(str(value))


def _width(value, kind: str) -> int:
    if value is None:
        return 0
    if kind in SHOWN_WIDTH:
        return SHOWN_WIDTH[kind]
    if kind == AMOUNT:
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str) -> str:
    """``title`` as a sheet may be named: 31 characters at most, none of ``\\ / ? * [ ] :`` (a
    record's number, "12/DS-LĐTBXH", has a slash)."""
    return re.sub(r"[\\/?*\[\]:]", "-", str(title))[:31] or "Sheet"


def write_xlsx(file, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> int:
    """Write the sheet ``title`` to ``file``: a frozen row of ``columns``' headers, then ``rows``.
    Returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    rows = (_values(row, columns) for row in rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    for index, column in enumerate(columns):
        widest = max([len(column.header), *(_width(row[index], column.kind) for row in sample)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.append([spreadsheet_safe(str(column.header)) for column in columns])
    formats = [FORMATS.get(column.kind) for column in columns]
    written = 0
    for values in chain(sample, rows):
        sheet.append([_cell(sheet, value, number_format) for value, number_format in zip(values, formats, strict=True)])
        written += 1
    workbook.save(file)
    return written


def _values(row: Sequence, columns: Sequence[Column]) -> list:
    return [cell_value(value, column.kind) for value, column in zip(row, columns, strict=True)]


def _cell(sheet, value, number_format: str | None):
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def xlsx_response(*, name: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> FileResponse:
    """The spreadsheet as a download named ``name-<today>.xlsx`` (``ho-so-2026-12-08.xlsx``),
    streamed from a temporary file."""
    file = tempfile.TemporaryFile()
    write_xlsx(file, title=title, columns=columns, rows=rows)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{name}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=CONTENT_TYPE,
    )


def wants_xlsx(request) -> bool:
    """Whether the list's screen was asked for its spreadsheet (``?format=xlsx``)."""
    return request.GET.get("format") == "xlsx"


class SpreadsheetListMixin:
    """A list's screen that also answers ``?format=xlsx`` with its spreadsheet: the same queryset,
    so the same scope and filters, every row of it rather than one page. The view names the file
    (``spreadsheet_name``), the sheet (``spreadsheet_title``), its columns
    (``spreadsheet_columns``) and each row (``spreadsheet_rows``)."""

    spreadsheet_name = ""
    spreadsheet_title = ""
    chunk_size = 1000

    def spreadsheet_columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def spreadsheet_rows(self, objects: Iterable) -> Iterable[Sequence]:
        raise NotImplementedError

    def spreadsheet_queryset(self):
        return self.get_queryset()

    def spreadsheet_query(self) -> str:
        """The screen's query string without its page: what the download link carries."""
        query = self.request.GET.copy()
        for name in ("page", "format"):
            query.pop(name, None)
        return query.urlencode()

    def get(self, request, *args, **kwargs):
        if not wants_xlsx(request):
            return super().get(request, *args, **kwargs)
        objects = self.spreadsheet_queryset().iterator(chunk_size=self.chunk_size)
        return xlsx_response(
            name=self.spreadsheet_name,
            title=str(self.spreadsheet_title),
            columns=self.spreadsheet_columns(),
            rows=self.spreadsheet_rows(objects),
        )
