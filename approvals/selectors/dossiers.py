"""What the dossier screens read: every dossier a user may read (filtered, searched), the commune
and ward submitters' own units' dossiers and what they may choose when creating one, and a
dossier's outcomes (its documents and trail are read by ``dossiers.selectors``). Every row goes
through ``dossiers.selectors`` and ``roles.selectors``."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import stream_for
from dossiers.models import Dossier, Status
from dossiers.search import search_q
from dossiers.selectors import SUBMITTER, dossier_get, dossier_list, is_appraised, with_rules
from dossiers.services import EDITABLE_STATES
from roles.selectors import scope_q
from workflow_project.errors import NotFound

from ..models import CouncilVote, ProvincialResult, ProvincialSubmission, TaskDeadline
from .tasks import OPEN_TASK


def dossier_state(dossier: Dossier, appraised: bool | None = None) -> str:
    """The dossier's state in words; under review, whether its reviewer has appraised it as ready for
    the council (it waits for their compiled submission). ``appraised`` as a list read it
    (``dossiers.selectors.appraised_q``), else read now."""
    if dossier.status != Status.UNDER_REVIEW:
        return dossier.get_status_display()
    if appraised if appraised is not None else is_appraised(dossier):
        return _("Under review: appraised, ready for the council")
    return dossier.get_status_display()


def _open_deadlines(dossier) -> QuerySet[TaskDeadline]:
    return TaskDeadline.objects.filter(task__process__dossierprocess__dossier=dossier, task__status__in=OPEN_TASK)


def open_deadline(dossier: Dossier) -> TaskDeadline | None:
    """The due date of the dossier's open task, if it has one."""
    return _open_deadlines(dossier).first()


def with_step_due(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Each dossier with its due date (``step_due_on``) and whether it was escalated
    (``step_escalated``), in the same query: that of its open task, or, while the commune holds it
    without one (a draft), the campaign's dossier deadline (``approvals.deadlines.dossier_due``)."""
    deadlines = _open_deadlines(OuterRef("pk"))
    return dossiers.annotate(
        step_due_on=Coalesce(
            Subquery(deadlines.values("due_on")[:1]),
            Case(When(status__in=EDITABLE_STATES, then=F("campaign__dossier_deadline"))),
        ),
        step_escalated=Exists(deadlines.filter(escalated_at__isnull=False)),
    )


def submitter_dossiers(*, user) -> QuerySet[Dossier]:
    """The dossiers of the user's own communes and wards (not of every unit they may read)."""
    return with_step_due(dossier_list(user=user).filter(scope_q(user, roles=SUBMITTER)))


# What a submitter must act on comes first in their list: returned dossiers, then drafts.
NEEDS_YOU = (Status.RETURNED, Status.DRAFT)


def with_return_reason(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Each dossier with why it was last returned for supplement (``return_reason_text``, the
    comment of that audit event; ``return_reason`` for one dossier), in the same query."""
    events = AuditEvent.objects.filter(
        stream=Concat(Value(f"{Dossier._meta.label_lower}:"), Cast(OuterRef("pk"), CharField())),
        action="dossier.return_for_supplement",
    ).order_by("-seq")
    return dossiers.annotate(return_reason_text=Subquery(events.values("comment")[:1]))


def submitter_worklist(*, user, status: str = "") -> QuerySet[Dossier]:
    """The submitter's own units' dossiers (of ``status``, if given), what needs them first: the
    returned ones, then the drafts, then the rest, the newest first within each."""
    dossiers = submitter_dossiers(user=user)
    if status:
        dossiers = dossiers.filter(status=status)
    order = [When(status=state, then=Value(rank)) for rank, state in enumerate(NEEDS_YOU)]
    return (
        with_return_reason(dossiers)
        .annotate(needs_you=Case(*order, default=Value(len(NEEDS_YOU)), output_field=IntegerField()))
        .order_by("needs_you", "-created_at", "-id")
    )


def submitter_counts(*, user) -> dict[str, int]:
    """How many of the submitter's own units' dossiers are in each state (one query)."""
    rows = dossier_list(user=user).filter(scope_q(user, roles=SUBMITTER)).order_by().values("status")
    return {row["status"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def submitter_dossier(*, user, dossier_id: int) -> Dossier:
    """One dossier of the user's own units, with its documents; NotFound otherwise."""
    dossier = dossier_get(user=user, dossier_id=dossier_id)
    if not submitter_dossiers(user=user).filter(pk=dossier.pk).exists():
        raise NotFound(_("No such dossier."))
    return dossier


def dossier_search(*, user, search: str = "", status: str = "", campaign=None, unit=None) -> QuerySet[Dossier]:
    """The dossiers ``user`` may read, narrowed by state, campaign and unit, and by ``search``: a
    reference (or its number), or words of the nominee's or the proposing unit's name, whatever
    their accents and case (``dossiers.search``)."""
    dossiers = with_step_due(dossier_list(user=user))
    if status:
        dossiers = dossiers.filter(status=status)
    if campaign is not None:
        dossiers = dossiers.filter(campaign=campaign)
    if unit is not None:
        dossiers = dossiers.filter(unit=unit)
    return dossiers.filter(search_q(search))


def dossier_outcomes(dossier: Dossier) -> dict:
    """What the council, the chairman and the province made of the dossier, oldest first."""
    return {
        "votes": list(
            CouncilVote.objects.filter(dossier=dossier)
            .select_related("meeting__council")
            .order_by("meeting__held_on", "pk")
        ),
        "decisions": list(dossier.decisions.select_related("issuer", "signer").order_by("signed_on", "pk")),
        "submissions": list(
            ProvincialSubmission.objects.filter(dossiers=dossier).select_related("sender").order_by("sent_on", "pk")
        ),
        "result": ProvincialResult.objects.filter(dossier=dossier).first(),
    }


def return_reason(dossier: Dossier) -> str:
    """Why the dossier was last returned for supplement: the comment of that event."""
    event = (
        AuditEvent.objects.filter(stream=stream_for(dossier), action="dossier.return_for_supplement")
        .order_by("-seq")
        .first()
    )
    return event.comment if event else ""


def process_dossier(*, user, process_id: int) -> Dossier:
    """The dossier a process routes, if ``user`` may read it; NotFound otherwise."""
    dossier = with_rules(dossier_list(user=user)).filter(process__pk=process_id).first()
    if dossier is None:
        raise NotFound(_("No such dossier."))
    return dossier
