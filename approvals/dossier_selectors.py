"""What the commune and ward submitters' screens read: their own units' dossiers, and what may be
chosen when creating one. Every row goes through ``dossiers.selectors`` and ``roles.selectors``."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from audit.services import stream_for
from dossiers.models import AwardForm, Campaign, Document, Dossier
from dossiers.selectors import dossier_get, dossier_list
from roles.models import Role, Unit
from roles.selectors import scope_q, units_held
from workflow_project.errors import NotFound

SUBMITTER = [Role.COMMUNE_SUBMITTER]


def submitter_units(user) -> QuerySet[Unit]:
    """The communes and wards in which ``user`` is a submitter."""
    return units_held(user, SUBMITTER).order_by("path")


def submitter_dossiers(*, user) -> QuerySet[Dossier]:
    """The dossiers of the user's own communes and wards (not of every unit they may read)."""
    return dossier_list(user=user).filter(scope_q(user, roles=SUBMITTER))


def submitter_dossier(*, user, dossier_id: int) -> Dossier:
    """One dossier of the user's own units, with its documents; NotFound otherwise."""
    dossier = dossier_get(user=user, dossier_id=dossier_id)
    if not submitter_dossiers(user=user).filter(pk=dossier.pk).exists():
        raise NotFound(_("No such dossier."))
    return dossier


def submitter_document(*, user, dossier_id: int, document_id: int) -> Document:
    dossier = submitter_dossier(user=user, dossier_id=dossier_id)
    document = Document.objects.filter(pk=document_id, dossier=dossier).first()
    if document is None:
        raise NotFound(_("No such document."))
    return document


def open_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns launched above one of the user's units whose dossier deadline has not passed."""
    query = Q(pk__in=[])
    for unit in submitter_units(user):
        # The campaign's launching body (or, for an office, its town) holds the unit in its subtree.
        prefixes = [unit.path[: i + 1] for i, char in enumerate(unit.path) if char == "/"]
        query |= Q(launched_by__path__in=prefixes)
    return (
        Campaign.objects.filter(query, dossier_deadline__gte=timezone.localdate())
        .select_related("launched_by")
        .order_by("-year", "name")
    )


def offered_award_forms(user) -> QuerySet[AwardForm]:
    """Award forms offered by those campaigns and in force today."""
    today = timezone.localdate()
    return (
        AwardForm.objects.filter(campaigns__in=open_campaigns(user), valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .distinct()
        .order_by("name")
    )


def dossier_events(dossier: Dossier) -> QuerySet[AuditEvent]:
    """The dossier's own audit stream, oldest first."""
    return AuditEvent.objects.filter(stream=stream_for(dossier)).order_by("seq")


def return_reason(dossier: Dossier) -> str:
    """Why the dossier was last returned for supplement: the comment of that event."""
    event = (
        AuditEvent.objects.filter(stream=stream_for(dossier), action="dossier.return_for_supplement")
        .order_by("-seq")
        .first()
    )
    return event.comment if event else ""


def open_supplement_task(dossier: Dossier) -> Task | None:
    """The open supplement task of the dossier's process, if it is waiting for its commune."""
    from .flows import AwardDossierFlow

    return (
        Task.objects.filter(
            process__dossierprocess__dossier=dossier,
            flow_task=AwardDossierFlow.supplement,
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .order_by("-pk")
        .first()
    )
