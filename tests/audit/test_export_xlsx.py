"""The audit trail as a spreadsheet, the CSV's sibling: the same filtered events and columns, read
back with openpyxl; Vietnamese headers on a frozen first row, the time a real date and time, no
cell a formula, the auditor's scope and the filters applied, and a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import workflow_project.urls  # noqa: F401 - the Site's URL names resolve once its URLs are built
from audit.models import AuditEvent
from audit.services import audit_record, stream_for
from roles.models import Role
from tests.audit.trail_readers import FORMULA_STARTS, auditor_client, csv_rows, formula_events
from tests.factories import campaign, draft, user_with_role
from tests.spreadsheets import assert_constant_queries, header, records, sheet, values

pytestmark = pytest.mark.django_db

XLSX = reverse("audit:export_xlsx")
CSV = reverse("audit:export")


def test_the_spreadsheet_has_the_csvs_columns_in_vietnamese_on_a_frozen_row(town, the_campaign):
    draft(town, the_campaign)
    client = auditor_client(town.auditor)
    worksheet = sheet(client.get(XLSX))
    assert header(worksheet) == csv_rows(client.get(CSV))[0]
    assert header(worksheet)[:3] == ["Thời gian", "Người dùng", "Tên đăng nhập"]
    assert worksheet.freeze_panes == "A2"
    assert len(records(worksheet)) == AuditEvent.objects.count()


def test_the_time_is_a_date_and_time_shown_day_first(town, the_campaign):
    dossier = draft(town, the_campaign)
    event = AuditEvent.objects.filter(stream=stream_for(dossier)).order_by("seq").first()
    worksheet = sheet(auditor_client(town.auditor).get(XLSX, {"dossier": dossier.reference}))
    (record,) = [r for r in records(worksheet) if r["Mã thao tác"].value == event.action]
    cell = record["Thời gian"]
    assert isinstance(cell.value, datetime.datetime)
    assert cell.number_format == "dd/mm/yyyy hh:mm"
    # The local time as the screen shows it, not UTC (to the millisecond a spreadsheet keeps).
    local = timezone.localtime(event.occurred_at).replace(tzinfo=None)
    assert abs(cell.value - local) < datetime.timedelta(milliseconds=1)


def test_a_filtered_spreadsheet_has_only_the_filtered_events(town, the_campaign):
    mine, other = draft(town, the_campaign), draft(town, the_campaign)
    worksheet = sheet(auditor_client(town.auditor).get(XLSX, {"dossier": mine.reference}))
    objects = set(values(worksheet, "Mã đối tượng"))
    assert objects == {str(mine.pk)}
    assert str(other.pk) not in objects


def test_a_town_auditor_gets_only_the_towns_events(town, other_town, the_campaign):
    mine = draft(town, the_campaign)
    theirs = draft(other_town, campaign(other_town))
    town_auditor = user_with_role(Role.AUDITOR, town.labour_office, "sa-pa-town-auditor")
    worksheet = sheet(auditor_client(town_auditor).get(XLSX))
    assert set(values(worksheet, "Mã đối tượng")) == {str(mine.pk)}
    assert str(theirs.pk) not in values(worksheet, "Mã đối tượng")


@pytest.mark.parametrize("role", [Role.LABOUR_REVIEWER, Role.COMMUNE_SUBMITTER])
def test_anyone_but_an_auditor_is_refused_as_on_the_screen(town, role):
    assert auditor_client(town.user_for(role)).get(XLSX).status_code == 403


def test_no_cell_is_a_formula(town):
    formula_events()
    worksheet = sheet(auditor_client(town.auditor).get(XLSX))
    cells = [cell.value for row in worksheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert "'=custom.action" in cells
    assert all(cell.data_type != "f" for row in worksheet.iter_rows() for cell in row)


def test_the_queries_do_not_grow_with_the_events(town, django_assert_num_queries):
    counter = iter(range(100))

    def add_event():
        audit_record(action="custom.action", stream=f"custom:{next(counter)}", actor_username="x", unit=town.town.code)

    client = auditor_client(town.auditor)
    assert_constant_queries(client, XLSX, add_event, django_assert_num_queries, data={"action": "custom.action"})
