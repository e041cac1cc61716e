"""Every move of the demo through the award-dossier flow, in one place.

The demo goes through the flow as its screens and the API do (``approvals.transitions``): a commune
submits its draft and the dossier's process starts; each later step makes one of the dossier's
transitions, its task claimed first where the step needs it (a review), so that the demo's queues
and inboxes hold what the dossiers' states say. Past review, dossiers go as the screens over
several dossiers take them: the open tasks of one node completed at once around one service (a
compiled submission to the council, of dossiers the reviewer appraised first; a council meeting;
the chairman's decision).

Nothing else in the demo moves a dossier through the flow.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.flows import AwardDossierFlow
from approvals.services import Ballot, compiled_submission_create, council_meeting_record, decision_sign
from approvals.transitions import open_task, tasks_at, transition_run
from dossiers.models import Dossier
from dossiers.services import Judgement
from roles.models import Unit, User

from .pdf import demo_pdf


def _make(dossier: Dossier, name: str, actor: User, **values) -> None:
    transition_run(name=name, dossier_id=dossier.pk, actor=actor, values=values)


def _judgement(standard_met: bool | None) -> Judgement | None:
    return None if standard_met is None else Judgement(standard_met=standard_met)


def _appraise(dossier: Dossier, name: str, reviewer: User, **values) -> None:
    """The reviewer claims the dossier's review unless they hold it, and appraises it."""
    if open_task(dossier_id=dossier.pk).owner_id is None:
        claim_review(dossier, reviewer)
    _make(dossier, name, reviewer, **values)


# One dossier at a time ---------------------------------------------------------------------------


def submit(dossier: Dossier, submitter: User) -> None:
    _make(dossier, "submit", submitter)


def claim_review(dossier: Dossier, reviewer: User) -> None:
    """The reviewer claims the dossier's review: it is under review."""
    _make(dossier, "start_review", reviewer)


def return_for_supplement(dossier: Dossier, reviewer: User, *, comment: str, standard_met: bool | None) -> None:
    _appraise(dossier, "return_for_supplement", reviewer, comment=comment, judgement=_judgement(standard_met))


def reject(dossier: Dossier, reviewer: User, *, comment: str, standard_met: bool | None) -> None:
    _appraise(dossier, "reject", reviewer, comment=comment, judgement=_judgement(standard_met))


def withdraw(dossier: Dossier, submitter: User, *, comment: str) -> None:
    """The submitter withdraws a returned dossier (a withdrawal answers a return, in the flow)."""
    _make(dossier, "withdraw", submitter, comment=comment)


def provincial_result(
    dossier: Dossier, liaison: User, *, approved: bool, decision_number: str, decided_on: datetime.date
) -> None:
    _make(
        dossier,
        "record_provincial_result",
        liaison,
        approved=approved,
        decision_number=decision_number,
        decided_on=decided_on,
    )


# Several dossiers at once, as the batch screens -------------------------------------------------


def forward_to_council(
    dossiers: list[Dossier], reviewer: User, *, number: str, submitted_on: datetime.date, comment: str
) -> None:
    """The reviewer appraises each dossier (claimed, judged ready for the council) and forwards them
    to the council under one compiled submission."""
    for dossier in dossiers:
        _appraise(dossier, "judge_ready", reviewer)
    tasks_at(
        AwardDossierFlow.review,
        [d.pk for d in dossiers],
        reviewer,
        lambda ids: compiled_submission_create(
            actor=reviewer,
            number=number,
            submitted_on=submitted_on,
            dossier_ids=ids,
            comment=comment,
        ),
        claim=False,
    )


def council_meeting(
    dossiers: list[Dossier],
    secretary: User,
    *,
    council: Unit,
    held_on: datetime.date,
    present: list[User],
    chaired_by: str,
    minutes: str,
    votes: Mapping[int, tuple[str, str]],
) -> None:
    """The secretary records one meeting of the council on the dossiers, chaired by ``chaired_by``,
    with its signed minutes (a demo PDF named ``minutes``): every member ``present`` votes for the
    outcome of ``votes`` (dossier id → outcome, comment)."""
    lines = [
        f"Biên bản họp Hội đồng Thi đua - Khen thưởng ngày {held_on:%d/%m/%Y}",
        f"Chủ trì: {chaired_by}",
        f"Thành viên có mặt: {len(present)}",
        "(Bản mô phỏng của dữ liệu demo)",
    ]
    upload = SimpleUploadedFile(minutes, demo_pdf(lines), content_type="application/pdf")
    tasks_at(
        AwardDossierFlow.council,
        [d.pk for d in dossiers],
        secretary,
        lambda ids: council_meeting_record(
            actor=secretary,
            council_id=council.pk,
            held_on=held_on,
            attendee_ids=[m.pk for m in present],
            chaired_by=chaired_by,
            minutes=upload,
            ballots=[Ballot(pk, len(present), 0, 0, *votes[pk]) for pk in ids],
        ),
    )


def decide(dossiers: list[Dossier], chairman: User, *, number: str, signed_on: datetime.date) -> None:
    """The chairman signs one decision awarding the dossiers."""
    tasks_at(
        AwardDossierFlow.decision,
        [d.pk for d in dossiers],
        chairman,
        lambda ids: decision_sign(
            actor=chairman,
            number=number,
            signed_on=signed_on,
            dossier_ids=ids,
        ),
    )
