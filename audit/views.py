"""The auditor's screens: the trail (filtered, paged), one event, a CSV export and its sibling
spreadsheet (XLSX), and the verification of the whole trail, run only when the auditor asks for
it (it reads every event). Actions, users,
units and values read in words (``audit.labels``), their codes beside them.

Read-only: every page answers GET only. The rows come from ``audit.selectors``, scoped to the
units where the user holds the auditor's role; anyone else gets 403, and an event outside the
auditor's scope answers 404.
"""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workflow_project.errors import NotFound
from workflow_project.spreadsheets import DATETIME, Column, spreadsheet_safe, xlsx_response

from .forms import EventFilterForm
from .labels import Change, action_label, words
from .models import AuditEvent
from .selectors import event_get, event_list, is_auditor, role_label, trail_verification

PAGE_SIZE = 50
TIME_FORMAT = "%d/%m/%Y %H:%M:%S"


def _require_auditor(request) -> None:
    if not is_auditor(request.user):
        raise PermissionDenied


def recorded_text(value: Any) -> str:
    """A before or after as recorded: JSON, keys sorted."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def in_words(event: AuditEvent) -> AuditEvent:
    """The event with who, where and what in words beside their codes: ``actor_name`` (the user's
    full name, else the user name recorded), ``unit_label`` (the unit's name, else its code; from
    ``event_list``'s ``unit_name``), ``role_label`` and ``action_label``."""
    event.actor_name = (event.actor.full_name if event.actor else "") or event.actor_username
    event.unit_label = getattr(event, "unit_name", None) or event.unit
    event.role_label = role_label(event.role)
    event.action_label = action_label(event.action)
    return event


def _pretty(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def changes_table(event: AuditEvent) -> list[Change]:
    """The event's before and after, key by key, in words, keys in the order recorded."""
    return words(event).changes(event.before, event.after)


def _filtered(request, form: EventFilterForm):
    events = event_list(user=request.user, **form.selector_kwargs())
    # A filter that cannot be read matches nothing, rather than silently everything.
    return events.none() if form.is_bound and not form.is_valid() else events


@require_safe
def event_list_view(request):
    _require_auditor(request)
    form = EventFilterForm(request.GET or None)
    events = _filtered(request, form)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        in_words(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "query": query.urlencode(),
        },
    )


@require_safe
def trail_verify_view(request):
    _require_auditor(request)
    return render(request, "audit/verify.html", {"verification": trail_verification(user=request.user)})


@require_safe
def event_detail_view(request, event_id: int):
    _require_auditor(request)
    try:
        event = event_get(user=request.user, event_id=event_id)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": in_words(event),
            "changes": changes_table(event),
            "before_recorded": _pretty(event.before),
            "after_recorded": _pretty(event.after),
        },
    )


class _Echo:
    def write(self, value):
        return value


def export_columns() -> list[Column]:
    """The export's columns, the CSV's and the spreadsheet's alike."""
    return [
        Column(_("Time"), DATETIME),
        *(
            Column(header)
            for header in (
                _("User"),
                _("User name"),
                _("Role"),
                _("Role code"),
                _("Unit"),
                _("Unit code"),
                _("Action"),
                _("Action code"),
                _("Object"),
                _("Object type"),
                _("Object id"),
                _("Comment"),
                _("Before"),
                _("After"),
                _("Before, as recorded"),
                _("After, as recorded"),
                _("IP address"),
                _("Request id"),
                _("Hash"),
            )
        ),
    ]


def export_row(event: AuditEvent) -> list:
    """One event in the export: in words as on the screen, its codes beside them; its time as
    recorded (the CSV writes it in words, the spreadsheet as a date and time)."""
    in_words(event)
    said = words(event)
    return [
        event.occurred_at,
        event.actor_name,
        event.actor_username,
        event.role_label,
        event.role,
        event.unit_label,
        event.unit,
        event.action_label,
        event.action,
        event.object_repr,
        event.object_type,
        event.object_id,
        event.comment,
        said.summary(event.before),
        said.summary(event.after),
        recorded_text(event.before),
        recorded_text(event.after),
        event.ip or "",
        event.request_id,
        event.hash,
    ]


def _exported(request):
    _require_auditor(request)
    events = _filtered(request, EventFilterForm(request.GET or None))
    return (export_row(event) for event in events.iterator(chunk_size=1000))


@require_safe
def event_export_view(request):
    """The filtered events as CSV, UTF-8 with a byte-order mark so that Excel reads Vietnamese: each
    in words as on the screen, its codes in columns of their own, before and after both in words
    and as recorded. No cell can run as a formula (``spreadsheet_safe``)."""
    rows = _exported(request)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([spreadsheet_safe(column.header) for column in export_columns()])
        for row in rows:
            row[0] = timezone.localtime(row[0]).strftime(TIME_FORMAT)
            yield writer.writerow([spreadsheet_safe(str(cell)) for cell in row])

    filename = f"audit-trail-{timezone.localtime():%Y%m%d-%H%M}.csv"
    return StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_safe
def event_export_xlsx_view(request):
    """The CSV's sibling: the same filtered events and columns as a spreadsheet, the time a real
    date and time (``workflow_project.spreadsheets``)."""
    rows = _exported(request)
    return xlsx_response(name="nhat-ky-kiem-tra", title=_("Audit trail"), columns=export_columns(), rows=rows)
