"""The lists' spreadsheets as the tests read them back: with openpyxl, the header row as a list and
each row as a record keyed by the headers, and a list's query budget (as many queries for 12 rows
as for 2)."""

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(response):
    """The download's one sheet, as openpyxl reads it."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=")
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    (worksheet,) = workbook.worksheets
    return worksheet


def header(worksheet) -> list[str]:
    return [cell.value for cell in worksheet[1]]


def records(worksheet) -> list[dict]:
    """Each row after the header, as {header: cell}: the cells themselves, for their types and formats."""
    names = header(worksheet)
    return [dict(zip(names, row, strict=True)) for row in worksheet.iter_rows(min_row=2)]


def values(worksheet, column: str) -> list:
    return [record[column].value for record in records(worksheet)]


def assert_constant_queries(client, url, add_row, django_assert_num_queries, data=None):
    """The spreadsheet at ``url`` costs as many queries with 12 rows as with 2."""
    for _ in range(2):
        add_row()
    client.get(url, data)  # caches filled once per process (content types, the session)
    with CaptureQueriesContext(connection) as two:
        assert len(records(sheet(client.get(url, data)))) == 2
    for _ in range(10):
        add_row()
    with django_assert_num_queries(len(two)):
        response = client.get(url, data)
    assert len(records(sheet(response))) == 12
