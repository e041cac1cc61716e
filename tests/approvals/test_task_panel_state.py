"""The process panel beside the task screens shows the dossier's state in words, not the
routing's own status (viewflow's "New" for every open process)."""

import html
import re

from django.test import Client

from approvals.flows import AwardDossierFlow as Flow
from dossiers.models import Status
from tests.approvals.flow_client import as_user, claim, client, open_task, submit, task_url  # noqa: F401
from tests.factories import draft


def panel(page: str) -> list[str]:
    """The rows of the process panel, as text: its state row first."""
    table = page[page.index('class="dossier-state">') + len('class="dossier-state">') :]
    table = table[: table.index("</table>")]
    rows = [re.sub(r"<[^>]+>", " ", row) for row in table.split("</tr>")]
    return [" ".join(html.unescape(row).split()) for row in rows if row.strip()]


def task_page(browser, town, the_campaign) -> str:
    dossier = draft(town, the_campaign)
    submit(browser, town.submitter, dossier)
    task = open_task(dossier)
    assert task.flow_task == Flow.review
    claim(browser, town.reviewer, task)
    return as_user(browser, town.reviewer).get(task_url(task, "execute")).content.decode()


def test_the_task_panel_shows_the_dossiers_state(client, town, the_campaign):
    rows = panel(task_page(client, town, the_campaign))

    assert rows[0] == f"Dossier's state {Status.UNDER_REVIEW.label}"
    assert not [row for row in rows if row.startswith("Status")]


def test_the_panel_is_in_vietnamese(town, the_campaign):
    rows = panel(task_page(Client(headers={"accept-language": "vi"}), town, the_campaign))

    assert rows[0] == "Trạng thái hồ sơ Đang thẩm định"
    assert not [row for row in rows if "Mới" in row]
