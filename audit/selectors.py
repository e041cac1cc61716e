"""Reading the audit trail for auditors, scoped through ``roles.selectors``.

The scoping rule, kept simple on purpose:

- Only the auditor's role counts (another role held by the same person widens nothing).
- An event whose object is a dossier (``object_type == "dossiers.dossier"``) is visible when the
  dossier's unit lies within the units where the user holds the auditor's role: a town's auditor
  reads that town's dossiers, a province's auditor every dossier of the province.
- Every other event (sign-ins, roles granted, configuration, council meetings…) is visible only to
  an auditor held at a province: such events name no unit a town's auditor could be scoped to.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.models import Role, Unit, UnitKind, User
from roles.selectors import scope_q, units_held
from workflow_project.errors import NotFound

from .labels import actions_named, folded
from .models import AuditEvent
from .verify import Problem, Report, verify_trail

DOSSIER = "dossiers.dossier"
DOSSIER_STREAM = re.compile(r"^dossiers\.dossier:(\d+)$")
# "HS-2020-00042" (a dossier's reference) or its number alone.
DOSSIER_REFERENCE = re.compile(r"^\s*(?:HS-\d{4}-)?0*(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AuditorScope:
    province_wide: bool
    dossiers: QuerySet  # the dossiers' ids, as text (the type of ``AuditEvent.object_id``)

    def q(self) -> Q:
        query = Q(object_type=DOSSIER, object_id__in=self.dossiers)
        if self.province_wide:
            query |= ~Q(object_type=DOSSIER)
        return query


def auditor_scope(user) -> AuditorScope | None:
    """What ``user`` may read of the trail as an auditor, or None if they hold no auditor's role."""
    units = list(units_held(user, [Role.AUDITOR]))
    if not units:
        return None
    Dossier = apps.get_model("dossiers", "Dossier")
    dossiers = (
        Dossier.objects.filter(scope_q(user, roles=[Role.AUDITOR]))
        .annotate(id_text=Cast("pk", output_field=CharField()))
        .values_list("id_text", flat=True)
    )
    return AuditorScope(province_wide=any(unit.kind == UnitKind.PROVINCE for unit in units), dossiers=dossiers)


def role_label(value: str) -> str:
    """A role's label, as the event recorded it (its code, if the role no longer exists)."""
    try:
        return str(Role(value).label)
    except ValueError:
        return value


def is_auditor(user) -> bool:
    return units_held(user, [Role.AUDITOR]).exists()


def dossier_pk(text: str) -> int | None:
    """The dossier number a filter names, by reference ("HS-2020-00042") or number ("42")."""
    match = DOSSIER_REFERENCE.match(text or "")
    return int(match.group(1)) if match else None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _actor_q(text: str) -> Q:
    """Who acted, by user name ("sa-pa-reviewer", or part of it) or by full name, accents and case
    aside ("nguyen van" finds "Nguyễn Văn A"). The names are compared here, after one read of the
    users' names, so that it works alike on every database."""
    wanted = folded(text)
    named = [
        pk for pk, name in User.objects.exclude(full_name="").values_list("pk", "full_name") if wanted in folded(name)
    ]
    return Q(actor_username__icontains=text) | Q(actor_id__in=named)


def _unit_q(text: str) -> Q:
    """The unit acted for, by code ("sa-pa-ldtbxh") or by name, accents and case aside
    ("phong ld-tb&xh"), after one read of the units' names."""
    wanted = folded(text)
    named = [code for code, name in Unit.objects.values_list("code", "name") if wanted in folded(name)]
    return Q(unit__iexact=text) | Q(unit__in=named)


def _action_q(text: str) -> Q:
    """An action by its code ("dossier.submit"), by its kind ("dossier": every action of that kind),
    or by words of its label ("nộp hồ sơ", accents and case aside; ``audit.labels``)."""
    return Q(action=text) | Q(action__startswith=f"{text}.") | Q(action__in=actions_named(text))


def event_list(
    *,
    user,
    dossier: str = "",
    actor: str = "",
    unit: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The events ``user`` may read as an auditor, filtered, newest first, with who acted and the
    name of the unit they acted for (``unit_name``, empty for a unit that no longer exists): one
    query, and one more for each filter by a person's or a unit's name."""
    scope = auditor_scope(user)
    if scope is None:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(scope.q())
    if dossier:
        pk = dossier_pk(dossier)
        events = events.filter(object_type=DOSSIER, object_id=str(pk)) if pk is not None else events.none()
    if actor.strip():
        events = events.filter(_actor_q(actor.strip()))
    if unit.strip():
        events = events.filter(_unit_q(unit.strip()))
    if action.strip():
        events = events.filter(_action_q(action.strip()))
    if date_from:
        events = events.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    unit_name = Unit.objects.filter(code=OuterRef("unit")).values("name")[:1]
    return events.select_related("actor").annotate(unit_name=Subquery(unit_name)).order_by("-occurred_at", "-id")


def event_get(*, user, event_id: int) -> AuditEvent:
    """One event the auditor may read; NotFound otherwise, whether it exists or not."""
    event = event_list(user=user).filter(pk=event_id).first()
    if event is None:
        raise NotFound(_("No such event."))
    return event


@dataclass(frozen=True)
class Verification:
    """The result of ``verify_trail`` as one auditor may see it."""

    report: Report
    problems: list[Problem]  # those the auditor may see, first ones first
    hidden: int  # problems in streams outside the auditor's scope

    @property
    def ok(self) -> bool:
        return self.report.ok


def trail_verification(*, user, limit: int = 5) -> Verification | None:
    """Verify the whole trail; name only the problems within the auditor's scope.

    Whether the trail is intact, and how many events and streams it holds, is shown to every
    auditor; a town's auditor is told how many problems lie outside their scope, not where.
    """
    scope = auditor_scope(user)
    if scope is None:
        return None
    report = verify_trail()
    if scope.province_wide:
        visible = report.problems
    else:
        numbers = {p.stream: m.group(1) for p in report.problems if (m := DOSSIER_STREAM.match(p.stream))}
        mine = set(scope.dossiers.filter(id_text__in=set(numbers.values()))) if numbers else set()
        visible = [p for p in report.problems if numbers.get(p.stream) in mine]
    return Verification(report=report, problems=visible[:limit], hidden=len(report.problems) - len(visible))
