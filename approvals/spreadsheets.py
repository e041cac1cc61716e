"""The dossier lists' spreadsheets (``workflow_project.spreadsheets``): one row per dossier with what
the screens show of it, in words: its reference, nominee, unit, award form, campaign and state, the
day it was submitted, the date due and the days left, and the amount of the gifts and support given.
For the dossier list, the submitter's list, the queues and a record's list alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from dossiers.models import Dossier
from workflow_project.spreadsheets import AMOUNT, DATE, DATETIME, NUMBER, Column

from .deadlines import dossier_due, task_due
from .selectors.dossiers import dossier_state
from .selectors.tasks import task_dossier


def dossier_columns() -> list[Column]:
    return [
        Column(_("Reference")),
        Column(_("nominee").capitalize()),
        Column(_("Nominee kind")),
        Column(_("proposing unit").capitalize()),
        Column(_("award form").capitalize()),
        Column(_("campaign").capitalize()),
        Column(_("status").capitalize()),
        Column(_("Submitted on"), DATE),
        Column(_("Due date"), DATE),
        Column(_("Days left before the deadline"), NUMBER),
        Column(Dossier._meta.get_field("support_amount").verbose_name.capitalize(), AMOUNT),
    ]


def dossier_row(dossier: Dossier, due: dict | None, state: str | None = None) -> list:
    """What the lists show of ``dossier``: ``due`` as ``dossier_due`` gives it, ``state`` in words
    when the list says more than the state's label (``selectors.dossiers.dossier_state``)."""
    return [
        dossier.reference,
        dossier.nominee.name,
        dossier.nominee.get_kind_display(),
        dossier.unit.name,
        dossier.award_form.name,
        dossier.campaign.name,
        state or dossier.get_status_display(),
        dossier.submitted_at,
        due["date"] if due else None,
        due["days_left"] if due else None,
        dossier.support_amount,
    ]


def dossier_rows(dossiers: Iterable[Dossier]) -> Iterator[list]:
    """Each dossier's row; its due date from ``with_step_due``'s annotation when the list has it."""
    today = timezone.localdate()
    for dossier in dossiers:
        yield dossier_row(dossier, dossier_due(dossier, today))


def task_columns() -> list[Column]:
    """A task list's columns: its dossier's, then the task and since when it waits."""
    return [*dossier_columns(), Column(_("Task")), Column(_("Waiting since"), DATETIME)]


def task_rows(tasks: Iterable[Task]) -> Iterator[list]:
    """Each task's row, from tasks loaded through ``selectors.tasks.task_rows``; a dossier under
    review says whether it is appraised when the list read it (the inbox)."""
    today = timezone.localdate()
    for task in tasks:
        dossier = task_dossier(task)
        state = dossier_state(dossier, getattr(task, "appraised", False))
        yield [*dossier_row(dossier, task_due(task, today), state), task.title, task.created]


class DossierSpreadsheetMixin:
    """``SpreadsheetListMixin``'s columns and rows for a list of dossiers."""

    def spreadsheet_columns(self):
        return dossier_columns()

    def spreadsheet_rows(self, objects):
        return dossier_rows(objects)


class TaskSpreadsheetMixin:
    """``SpreadsheetListMixin``'s columns and rows for a list of tasks (the queue, the inbox...)."""

    def spreadsheet_columns(self):
        return task_columns()

    def spreadsheet_rows(self, objects):
        return task_rows(objects)
