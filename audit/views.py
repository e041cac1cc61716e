"""The auditor's screens: the trail (filtered, paged), one event, a CSV export, and the verification
of the whole trail, run only when the auditor asks for it (it reads every event).

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

from .forms import EventFilterForm
from .selectors import event_get, event_list, is_auditor, role_label, trail_verification

PAGE_SIZE = 50
TIME_FORMAT = "%d/%m/%Y %H:%M:%S"


def _require_auditor(request) -> None:
    if not is_auditor(request.user):
        raise PermissionDenied


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes_table(before: Any, after: Any) -> list[dict]:
    """Before and after as rows of (field, before, after, changed), fields in a stable order."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        if before is None and after is None:
            return []
        return [{"field": "", "before": _text(before), "after": _text(after), "changed": before != after}]
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(before) + [key for key in after if key not in before]
    return [
        {
            "field": key,
            "before": _text(before.get(key)),
            "after": _text(after.get(key)),
            "changed": before.get(key) != after.get(key),
        }
        for key in keys
    ]


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
        event.role_label = role_label(event.role)
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
    event.role_label = role_label(event.role)
    return render(
        request,
        "audit/event_detail.html",
        {"event": event, "changes": changes_table(event.before, event.after)},
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
def event_export_view(request):
    """The filtered events as CSV, UTF-8 with a byte-order mark so that Excel reads Vietnamese."""
    _require_auditor(request)
    form = EventFilterForm(request.GET or None)
    events = _filtered(request, form)
    writer = csv.writer(_Echo())
    header = [
        _("Time"),
        _("User"),
        _("Role"),
        _("Unit"),
        _("Action"),
        _("Object"),
        _("Comment"),
        _("Before"),
        _("After"),
        _("IP address"),
        _("Request id"),
        _("Hash"),
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for event in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    timezone.localtime(event.occurred_at).strftime(TIME_FORMAT),
                    event.actor_username,
                    role_label(event.role),
                    event.unit,
                    event.action,
                    event.object_repr,
                    event.comment,
                    _text(event.before),
                    _text(event.after),
                    event.ip or "",
                    event.request_id,
                    event.hash,
                ]
            )

    filename = f"audit-trail-{timezone.localtime():%Y%m%d-%H%M}.csv"
    return StreamingHttpResponse(
        (line.encode("utf-8") for line in rows()),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
