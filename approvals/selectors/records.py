"""What the batch screens read: the open tasks a user may take several at once, the councils a
secretary records meetings of, and the compiled submissions, meetings and decisions of their units.
Every row is scoped through ``roles.selectors.scope_q``."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers.selectors import appraised_q
from roles.models import Role, Unit, UnitKind, UnitUserObjectPermission
from roles.selectors import holds_any, scope_paths, scope_q

from ..models import CompiledSubmission, CouncilMeeting, CouncilVote, Decision, ProvincialSubmission
from .tasks import DOSSIER, task_rows

# Who reads each record, and the unit that places it in a town.
SUBMISSION_READERS = (Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY)
MEETING_READERS = (Role.HOME_AFFAIRS_SECRETARY, Role.COUNCIL_MEMBER)
DECISION_READERS = (Role.TOWN_CHAIRMAN, Role.HOME_AFFAIRS_SECRETARY)
LETTER_READERS = (Role.PROVINCIAL_LIAISON,)
BATCH_ROLES = frozenset(SUBMISSION_READERS + MEETING_READERS + DECISION_READERS + LETTER_READERS)


def held_roles(user, roles) -> set[Role]:
    """Which of ``roles`` the user holds somewhere."""
    return {role for role in roles if holds_any(user, [role])}


def open_tasks(user, node) -> QuerySet[Task]:
    """The open tasks of ``node`` that ``user`` may complete in a batch: the unclaimed ones of the
    units where they hold the node's role, and the ones they claimed themselves."""
    tasks = Task.objects.filter(
        scope_q(user, unit_field=f"{DOSSIER}__unit", roles=[node.role]),
        Q(status=STATUS.NEW) | Q(status=STATUS.ASSIGNED, owner=user),
        flow_task=node,
    )
    return task_rows(tasks).order_by(f"{DOSSIER}__id")


def appraised_tasks(user, node) -> QuerySet[Task]:
    """The review tasks ``user`` claimed whose dossiers they appraised as ready for the council: what a
    compiled submission of theirs may forward (``dossiers.selectors.appraised_q``), in one query."""
    return open_tasks(user, node).filter(appraised_q(f"{DOSSIER}__"), status=STATUS.ASSIGNED, owner=user)


def deciding_votes(dossiers) -> dict[int, CouncilVote]:
    """Each dossier's deciding council vote (the latest of its current council round), with its
    meeting, by dossier id: one query, whatever the number of dossiers."""
    rounds = {dossier.pk: dossier.council_round for dossier in dossiers}
    votes = (
        CouncilVote.objects.filter(dossier_id__in=rounds)
        .select_related("meeting")
        .order_by("dossier_id", "-meeting__held_on", "-id")
    )
    found: dict[int, CouncilVote] = {}
    for vote in votes:
        if vote.council_round == rounds[vote.dossier_id]:
            found.setdefault(vote.dossier_id, vote)
    return found


def unsent_tasks(user, node) -> QuerySet[Task]:
    """The open tasks of ``node`` whose dossiers have not been sent to the province yet."""
    return open_tasks(user, node).filter(**{f"{DOSSIER}__provincial_submissions__isnull": True})


def councils(user) -> QuerySet[Unit]:
    """The councils (offices with council members) of the towns where ``user`` is a secretary."""
    within = Q(pk__in=[])
    for path in scope_paths(user, [Role.HOME_AFFAIRS_SECRETARY]):
        within |= Q(path__startswith=path)
    members = UnitUserObjectPermission.objects.filter(permission__codename=Role.COUNCIL_MEMBER.codename)
    return (
        Unit.objects.filter(within, kind=UnitKind.OFFICE, pk__in=members.values("content_object_id"))
        .select_related("parent")
        .order_by("path")
    )


def submissions(user) -> QuerySet[CompiledSubmission]:
    return CompiledSubmission.objects.filter(
        scope_q(user, unit_field="sender", roles=SUBMISSION_READERS)
    ).select_related("sender", "recorded_by")


def meetings(user) -> QuerySet[CouncilMeeting]:
    return CouncilMeeting.objects.filter(scope_q(user, unit_field="council", roles=MEETING_READERS)).select_related(
        "council", "recorded_by"
    )


def decisions(user) -> QuerySet[Decision]:
    return Decision.objects.filter(scope_q(user, unit_field="issuer", roles=DECISION_READERS)).select_related(
        "issuer", "signer"
    )


def letters(user) -> QuerySet[ProvincialSubmission]:
    return ProvincialSubmission.objects.filter(scope_q(user, unit_field="sender", roles=LETTER_READERS)).select_related(
        "sender", "recorded_by"
    )
