"""The council: its meetings, their attendance, each dossier's vote and the outcome drawn from it.

Each dossier transition still goes through ``dossiers.services.transition_dossier`` (lock,
permission, state, audit); these services add the conditions they own (quorum, threshold, ballot)
and the records they create, in the same transaction.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record, snapshot
from dossiers.models import Dossier, Status, ThresholdBasis
from dossiers.numbering import not_in_future
from dossiers.services import dossier_lock, state_label, transition_dossier, upload_check, upload_sha256
from roles.models import Role, Unit, UnitKind, User
from roles.selectors import can_see_unit, holders, require_acting_unit
from workflow_project.errors import Conflict, InvalidInput, NotFound, Refused

from ..models import (
    Choice,
    CouncilMeeting,
    CouncilOutcome,
    CouncilVote,
    MemberVote,
)
from .records import about_dossier, distinct_ids


def percent(value: Decimal) -> str:
    """66.67 → "66,67" in Vietnamese, "66.67" in English; 50.00 → "50"."""
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places)


# The signed minutes are a scan or a PDF.
MINUTES_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
# What every council meeting must record besides its attendance, said as the screens and the API say it.
CHAIR_REQUIRED = gettext_lazy("Name who chaired the meeting.")
MINUTES_REQUIRED = gettext_lazy("Attach the signed minutes of the meeting (PDF, JPEG or PNG).")


def _minutes_check(chaired_by: str, minutes: UploadedFile | None) -> str:
    """Who chaired the meeting and its signed minutes, both required; the chair's name, trimmed."""
    chaired_by = (chaired_by or "").strip()
    if not chaired_by:
        raise InvalidInput(str(CHAIR_REQUIRED), fields={"chaired_by": [str(CHAIR_REQUIRED)]})
    if minutes is None:
        raise InvalidInput(str(MINUTES_REQUIRED), fields={"minutes": [str(MINUTES_REQUIRED)]})
    upload_check(minutes, allowed=MINUTES_EXTENSIONS, field="minutes")
    return chaired_by


def council_meeting_create(
    *,
    actor: User,
    council_id: int,
    held_on: datetime.date,
    attendee_ids: Iterable[int],
    chaired_by: str,
    minutes: UploadedFile | None,
) -> CouncilMeeting:
    """Record a council meeting, who attended and who chaired it, and its signed minutes (a PDF or
    a scan, kept with its SHA-256 checksum); its size is the council's current membership."""
    council = Unit.objects.filter(pk=council_id, kind=UnitKind.OFFICE).select_related("parent").first()
    if council is None:
        raise NotFound(_("No such council."))
    held = require_acting_unit(actor, Role.HOME_AFFAIRS_SECRETARY, council)
    not_in_future(held_on, "held_on")
    chaired_by = _minutes_check(chaired_by, minutes)
    members = {user.pk: user for user in holders(Role.COUNCIL_MEMBER, council)}
    if not members:
        raise Refused(_("This council has no members."), code="no_council_members")
    attendee_ids = set(attendee_ids)
    strangers = attendee_ids - set(members)
    if strangers:
        raise InvalidInput(
            _("Only members of the council can be recorded as present."),
            fields={"attendees": [_("Only members of the council can be recorded as present.")]},
        )
    with transaction.atomic():
        meeting = CouncilMeeting(
            council=council,
            held_on=held_on,
            members_total=len(members),
            members_present=len(attendee_ids),
            chaired_by=chaired_by,
            minutes_name=os.path.basename(minutes.name)[:255],
            minutes_size=minutes.size,
            minutes_sha256=upload_sha256(minutes),
            recorded_by=actor,
        )
        meeting.minutes.save(meeting.minutes_name, minutes, save=False)
        meeting.save()
        meeting.attendees.set(attendee_ids)
        audit_record(
            action="council.meeting_recorded",
            actor=actor,
            obj=meeting,
            after=snapshot(meeting) | {"attendees": sorted(members[pk].get_username() for pk in attendee_ids)},
            role=Role.HOME_AFFAIRS_SECRETARY.value,
            unit=held.code,
        )
    return meeting


def council_vote_record(
    *,
    actor: User,
    meeting_id: int,
    dossier_id: int,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    member_votes: Mapping[int, str] | None = None,
) -> CouncilVote:
    """Record the council's vote on a dossier at a meeting, as its award form's rule says: the
    totals of a secret ballot (who voted how is never stored), or each present member's choice in
    an open ballot (``member_votes``: member id → "for", "against" or "abstain"), whose totals are
    counted from them."""
    totals = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    with transaction.atomic():
        dossier = dossier_lock(dossier_id, actor)
        meeting = CouncilMeeting.objects.filter(pk=meeting_id).select_related("council__parent").first()
        if meeting is None or not can_see_unit(actor, meeting.council):
            raise NotFound(_("No such council meeting."))
        held = require_acting_unit(actor, Role.HOME_AFFAIRS_SECRETARY, meeting.council)
        if not dossier.unit.path.startswith(meeting.council.scope_path):
            raise InvalidInput(_("This dossier is not before this council."))
        if dossier.status != Status.AT_COUNCIL:
            raise Conflict(
                _("The council votes only on dossiers before it; this one is “%(state)s”.")
                % {"state": state_label(dossier.status)}
            )
        if CouncilVote.objects.filter(meeting=meeting, dossier=dossier).exists():
            raise Conflict(_("A vote on this dossier is already recorded for this meeting."), code="vote_exists")
        secret = dossier.award_form.secret_ballot
        if secret:
            counts, choices = _secret_totals(dossier, meeting, totals, member_votes), {}
        else:
            counts, choices = _open_totals(dossier, meeting, totals, member_votes)
        vote = CouncilVote.objects.create(
            meeting=meeting,
            dossier=dossier,
            council_round=dossier.council_round,
            recorded_by=actor,
            secret=secret,
            **counts,
        )
        MemberVote.objects.bulk_create(
            MemberVote(vote=vote, member=member, choice=choice) for member, choice in choices.items()
        )
        after = counts | {
            "secret": secret,
            "meeting_id": meeting.pk,
            "held_on": meeting.held_on,
            "members_total": meeting.members_total,
        }
        if choices:
            after["member_votes"] = {member.get_username(): choice for member, choice in choices.items()}
        audit_record(
            action="council.vote_recorded",
            actor=actor,
            obj=dossier,
            after=after,
            role=Role.HOME_AFFAIRS_SECRETARY.value,
            unit=held.code,
        )
    return vote


def _secret_totals(dossier: Dossier, meeting: CouncilMeeting, totals: dict, member_votes) -> dict[str, int]:
    """The totals of a secret ballot: whole numbers, no more votes than members present."""
    if member_votes:
        raise InvalidInput(
            _("Dossier %(reference)s is voted on by secret ballot: record only the totals, not who voted how.")
            % {"reference": dossier.reference}
        )
    counts = totals | {"abstentions": totals["abstentions"] or 0}
    if any(not isinstance(n, int) or n < 0 for n in counts.values()):
        raise InvalidInput(
            _("Dossier %(reference)s: Vote counts must be whole numbers, zero or more.")
            % {"reference": dossier.reference}
        )
    if sum(counts.values()) > meeting.members_present:
        raise InvalidInput(
            _("Dossier %(reference)s: %(cast)s votes recorded but only %(present)s members were present.")
            % {"reference": dossier.reference, "cast": sum(counts.values()), "present": meeting.members_present}
        )
    return counts


OPEN_TOTALS = {Choice.FOR: "votes_for", Choice.AGAINST: "votes_against", Choice.ABSTAIN: "abstentions"}


def _open_totals(dossier: Dossier, meeting: CouncilMeeting, totals: dict, member_votes) -> tuple[dict, dict]:
    """An open ballot: every member present and no one else votes; the totals are counted."""
    if any(n is not None for n in totals.values()) or member_votes is None:
        raise InvalidInput(
            _(
                "Dossier %(reference)s is voted on openly: record each present member's vote; "
                "the totals are counted from them."
            )
            % {"reference": dossier.reference}
        )
    present = {member.pk: member for member in meeting.attendees.all()}
    absent = sorted(set(member_votes) - set(present))
    if absent:
        names = ", ".join(str(user) for user in User.objects.filter(pk__in=absent).order_by("pk")) or str(absent)
        raise InvalidInput(
            _("Dossier %(reference)s: %(members)s did not attend the meeting and cannot vote.")
            % {"reference": dossier.reference, "members": names}
        )
    silent = [present[pk] for pk in sorted(present) if pk not in member_votes]
    if silent:
        raise InvalidInput(
            _("Dossier %(reference)s: Record the vote of every member present; missing: %(members)s.")
            % {"reference": dossier.reference, "members": ", ".join(str(user) for user in silent)}
        )
    if any(choice not in Choice.values for choice in member_votes.values()):
        raise InvalidInput(
            _("Dossier %(reference)s: Each member votes for, against, or abstains.") % {"reference": dossier.reference}
        )
    choices = {present[pk]: Choice(choice) for pk, choice in sorted(member_votes.items())}
    counts = dict.fromkeys(OPEN_TOTALS.values(), 0)
    for choice in choices.values():
        counts[OPEN_TOTALS[choice]] += 1
    return counts, choices


def _deciding_vote(dossier: Dossier) -> CouncilVote:
    vote = (
        CouncilVote.objects.filter(dossier=dossier, council_round=dossier.council_round)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-id")
        .first()
    )
    if vote is None:
        raise Refused(_("The council has not voted on this dossier yet."), code="no_vote")
    form = dossier.award_form
    if not vote.meeting.has_quorum(form):
        raise Refused(
            _(
                "Dossier %(reference)s: The council meeting of %(date)s did not reach its quorum: "
                "%(present)s of %(total)s members present, %(quorum)s%% needed."
            )
            % {
                "reference": dossier.reference,
                "date": vote.meeting.held_on.strftime("%d/%m/%Y"),
                "present": vote.meeting.members_present,
                "total": vote.meeting.members_total,
                "quorum": percent(form.quorum_percent),
            },
            code="no_quorum",
        )
    return vote


def _vote_passed(dossier: Dossier) -> CouncilVote:
    vote = _deciding_vote(dossier)
    form = dossier.award_form
    if not vote.passes(form):
        if form.threshold_basis == ThresholdBasis.PRESENT:
            message = _(
                "Dossier %(reference)s: The vote did not reach the threshold: %(for)s of the %(base)s members "
                "present in favour, %(threshold)s%% of those present needed."
            )
        else:
            message = _(
                "Dossier %(reference)s: The vote did not reach the threshold: %(for)s of all %(base)s council "
                "members in favour, %(threshold)s%% of all members needed."
            )
        raise Refused(
            message
            % {
                "reference": dossier.reference,
                "for": vote.votes_for,
                "base": vote.meeting.threshold_base(form),
                "threshold": percent(form.vote_threshold_percent),
            },
            code="below_threshold",
        )
    return vote


def _vote_failed(dossier: Dossier) -> CouncilVote:
    vote = _deciding_vote(dossier)
    if vote.passes(dossier.award_form):
        raise Refused(
            _("The council's vote reached the threshold: record its recommendation instead."),
            code="vote_passed",
        )
    return vote


def _council_outcome(
    *, dossier_id: int, actor: User, comment: str, name: str, outcome: CouncilOutcome, check
) -> Dossier:
    """Record the council's outcome on a dossier: the transition, and the outcome with its comment on
    its deciding vote."""
    decided: list[CouncilVote] = []
    with transaction.atomic():
        dossier = transition_dossier(
            dossier_id=dossier_id,
            name=name,
            actor=actor,
            comment=comment,
            check=lambda d: decided.append(check(d)),
        )
        decided[0].outcome, decided[0].comment = outcome, comment
        decided[0].save(update_fields=["outcome", "comment"])
    return dossier


def dossier_recommend_town_award(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return _council_outcome(
        dossier_id=dossier_id,
        actor=actor,
        comment=comment,
        name="recommend_town_award",
        outcome=CouncilOutcome.TOWN_AWARD,
        check=_vote_passed,
    )


def dossier_recommend_provincial_award(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return _council_outcome(
        dossier_id=dossier_id,
        actor=actor,
        comment=comment,
        name="recommend_provincial_award",
        outcome=CouncilOutcome.PROVINCIAL_AWARD,
        check=_vote_passed,
    )


def dossier_not_recommend(*, dossier_id: int, actor: User, comment: str) -> Dossier:
    return _council_outcome(
        dossier_id=dossier_id,
        actor=actor,
        comment=comment,
        name="not_recommend",
        outcome=CouncilOutcome.NOT_RECOMMENDED,
        check=_vote_failed,
    )


@dataclass(frozen=True)
class Ballot:
    """The council's vote on one dossier at a meeting, and the outcome drawn from it."""

    dossier_id: int
    votes_for: int | None  # the totals of a secret ballot; None for an open one
    votes_against: int | None
    abstentions: int | None
    outcome: str
    comment: str = ""
    member_votes: Mapping[int, str] | None = None  # an open ballot: member id → choice


OUTCOME_SERVICES = {
    CouncilOutcome.TOWN_AWARD: dossier_recommend_town_award,
    CouncilOutcome.PROVINCIAL_AWARD: dossier_recommend_provincial_award,
    CouncilOutcome.NOT_RECOMMENDED: dossier_not_recommend,
}


def council_meeting_record(
    *,
    actor: User,
    council_id: int,
    held_on: datetime.date,
    attendee_ids: Iterable[int],
    chaired_by: str,
    minutes: UploadedFile | None,
    ballots: Iterable[Ballot],
) -> CouncilMeeting:
    """One council meeting on several dossiers: the meeting, its attendance, its chair and signed
    minutes (``council_meeting_create``), each dossier's vote, then the outcome drawn from each vote,
    all or none."""
    ballots = sorted(ballots, key=lambda ballot: ballot.dossier_id)
    ids = distinct_ids(ballot.dossier_id for ballot in ballots)
    if len(ids) != len(ballots):
        raise InvalidInput(_("Each dossier can be voted on only once at a meeting."))
    if any(ballot.outcome not in OUTCOME_SERVICES for ballot in ballots):
        raise InvalidInput(_("Choose the council's outcome."), fields={"outcome": [_("This field is required.")]})
    with transaction.atomic():
        meeting = council_meeting_create(
            actor=actor,
            council_id=council_id,
            held_on=held_on,
            attendee_ids=attendee_ids,
            chaired_by=chaired_by,
            minutes=minutes,
        )
        for ballot in ballots:
            with about_dossier(ballot.dossier_id, among=len(ids)):
                council_vote_record(
                    actor=actor,
                    meeting_id=meeting.pk,
                    dossier_id=ballot.dossier_id,
                    votes_for=ballot.votes_for,
                    votes_against=ballot.votes_against,
                    abstentions=ballot.abstentions,
                    member_votes=ballot.member_votes,
                )
        for ballot in ballots:
            with about_dossier(ballot.dossier_id, among=len(ids)):
                OUTCOME_SERVICES[ballot.outcome](dossier_id=ballot.dossier_id, actor=actor, comment=ballot.comment)
    return meeting
