"""The records that carry dossiers on: the labour office's compiled submission to the council, the
chairman's award decision, the letter to the province and the province's result.

Each dossier transition still goes through ``dossiers.services.transition_dossier`` (lock,
permission, state, audit); these services add the conditions they own (decision number, what was
sent) and the records they create, in the same transaction. A record covers one or more dossiers,
all or none.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record, snapshot
from dossiers.models import Dossier, Status
from dossiers.numbering import clean_number, create_numbered, not_in_future, submission_number_validator
from dossiers.selectors import bonus_for
from dossiers.services import dossier_forward_to_council, dossier_lock, state_label, transition_dossier
from roles.models import Role, User
from roles.selectors import acting_unit, require_acting_unit
from workflow_project.errors import Conflict, InvalidInput, NotFound, Refused, ServiceError

from ..models import CompiledSubmission, Decision, ProvincialResult, ProvincialSubmission


@contextlib.contextmanager
def about_dossier(dossier_id: int, *, among: int) -> Iterator[None]:
    """Name the dossier in a refusal about it when the call acts on several (``among`` > 1).

    A dossier the actor may not see stays unnamed: its NotFound says nothing of it.
    """
    try:
        yield
    except NotFound:
        raise
    except ServiceError as exc:
        if among < 2:
            raise
        reference = Dossier.objects.select_related("campaign").get(pk=dossier_id).reference
        if reference in str(exc):
            raise
        message = _("Dossier %(reference)s: %(reason)s") % {"reference": reference, "reason": exc}
        raise type(exc)(message, code=exc.code, fields=exc.fields) from exc


def dossier_send_back(*, dossier_id: int, actor: User, comment: str) -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="send_back", actor=actor, comment=comment)


def distinct_ids(dossier_ids: Iterable[int]) -> list[int]:
    # Locks are taken in id order, so that two multi-dossier services cannot deadlock.
    ids = sorted(set(dossier_ids))
    if not ids:
        raise InvalidInput(_("Choose at least one dossier."), fields={"dossiers": [_("Choose at least one dossier.")]})
    return ids


def decision_sign(
    *, actor: User, number: str, signed_on: datetime.date, dossier_ids: Iterable[int], comment: str = ""
) -> Decision:
    """The chairman signs one town award decision covering one or more dossiers, all or none.

    The decision records each dossier's bonus as computed on ``signed_on`` from the configuration
    then (``dossiers.selectors.bonus_for``): the record is what was signed, so that a later change
    of the base salary or of a coefficient leaves it as it was."""
    number = clean_number(number, "number")
    not_in_future(signed_on, "signed_on")
    ids = distinct_ids(dossier_ids)
    details = {"decision_number": number, "signed_on": signed_on}
    with transaction.atomic():
        dossiers = []
        for pk in ids:
            with about_dossier(pk, among=len(ids)):
                dossiers.append(
                    transition_dossier(dossier_id=pk, name="approve", actor=actor, comment=comment, details=details)
                )
        issuer = acting_unit(actor, Role.TOWN_CHAIRMAN, dossiers[0].unit)
        decision = create_numbered(
            Decision,
            _("Decision number %(number)s is already used in %(year)s."),
            "duplicate_decision_number",
            unique={"issuer": issuer, "number": number},
            year=signed_on.year,
            signed_on=signed_on,
            signer=actor,
            bonuses={str(dossier.pk): bonus_for(dossier, on=signed_on) for dossier in dossiers},
        )
        decision.dossiers.set(dossiers)
    return decision


def compiled_submission_create(
    *, actor: User, number: str, submitted_on: datetime.date, dossier_ids: Iterable[int], comment: str = ""
) -> CompiledSubmission:
    """The labour office forwards appraised dossiers to the council under one compiled submission
    (its number, date and list): each dossier's ``forward_to_council``, all or none.

    Each dossier must be under review by the actor, as for a single forward, and appraised: judged
    ready for the council by them since its latest submission (``dossiers.services.dossier_judge_ready``),
    so that none reaches the council unread; its recorded judgement stands for the forward.
    """
    number = clean_number(number, "number", submission_number_validator)
    not_in_future(submitted_on, "submitted_on")
    ids = distinct_ids(dossier_ids)
    details = {"submission_number": number, "submitted_on": submitted_on}
    with transaction.atomic():
        dossiers = []
        for pk in ids:
            with about_dossier(pk, among=len(ids)):
                dossiers.append(
                    dossier_forward_to_council(
                        dossier_id=pk, actor=actor, comment=comment, details=details, as_appraised=True
                    )
                )
        senders = {acting_unit(actor, Role.LABOUR_REVIEWER, dossier.unit) for dossier in dossiers}
        if len(senders) > 1:
            raise InvalidInput(
                _("One submission carries the dossiers of one town; choose dossiers of a single town."),
                fields={"dossiers": [_("These dossiers belong to several towns.")]},
            )
        (sender,) = senders
        submission = create_numbered(
            CompiledSubmission,
            _("Submission number %(number)s is already used in %(year)s."),
            "duplicate_submission_number",
            unique={"sender": sender, "number": number},
            year=submitted_on.year,
            submitted_on=submitted_on,
            recorded_by=actor,
        )
        submission.dossiers.set(dossiers)
        audit_record(
            action="submission.compiled",
            actor=actor,
            obj=submission,
            after=snapshot(submission) | {"dossiers": [dossier.reference for dossier in dossiers]},
            comment=(comment or "").strip(),
            role=Role.LABOUR_REVIEWER.value,
            unit=sender.code,
        )
    return submission


def provincial_submission_create(
    *, actor: User, number: str, sent_on: datetime.date, dossier_ids: Iterable[int]
) -> ProvincialSubmission:
    """Record the letter that carries escalated dossiers to the province."""
    number = clean_number(number, "number")
    not_in_future(sent_on, "sent_on")
    ids = distinct_ids(dossier_ids)
    with transaction.atomic():
        dossiers = [dossier_lock(pk, actor) for pk in ids]
        senders = {require_acting_unit(actor, Role.PROVINCIAL_LIAISON, dossier.unit) for dossier in dossiers}
        for dossier in dossiers:
            if dossier.status != Status.ESCALATED:
                raise Conflict(
                    _("Only dossiers proposed to the province can be sent; %(ref)s is “%(state)s”.")
                    % {"ref": dossier.reference, "state": state_label(dossier.status)}
                )
        if ProvincialSubmission.objects.filter(dossiers__in=dossiers).exists():
            raise Conflict(_("Some of these dossiers were already sent to the province."), code="already_sent")
        sender = min(senders, key=lambda unit: unit.pk)
        submission = create_numbered(
            ProvincialSubmission,
            _("Letter number %(number)s is already used in %(year)s."),
            "duplicate_letter_number",
            unique={"sender": sender, "number": number},
            year=sent_on.year,
            sent_on=sent_on,
            recorded_by=actor,
        )
        submission.dossiers.set(dossiers)
        for dossier in dossiers:
            audit_record(
                action="province.submitted",
                actor=actor,
                obj=dossier,
                after={"submission_id": submission.pk, "number": number, "sent_on": sent_on},
                role=Role.PROVINCIAL_LIAISON.value,
                unit=sender.code,
            )
    return submission


def provincial_result_record(
    *,
    actor: User,
    dossier_id: int,
    approved: bool,
    decision_number: str,
    decided_on: datetime.date,
    comment: str = "",
) -> ProvincialResult:
    """Record the province's decision on an escalated dossier that was sent to it."""
    decision_number = clean_number(decision_number, "decision_number")
    not_in_future(decided_on, "decided_on")
    if not approved and not (comment or "").strip():
        raise InvalidInput(_("A comment is required: say why."), fields={"comment": [_("This field is required.")]})
    found: dict[str, ProvincialSubmission] = {}

    def sent_to_province(dossier: Dossier) -> None:
        submission = dossier.provincial_submissions.order_by("-sent_on").first()
        if submission is None:
            raise Refused(_("This dossier has not been sent to the province yet."), code="not_sent")
        if decided_on < submission.sent_on:
            raise InvalidInput(
                _("The province cannot decide before the proposal was sent (%(date)s).")
                % {"date": submission.sent_on.strftime("%d/%m/%Y")},
                fields={"decided_on": [_("Before the proposal was sent.")]},
            )
        found["submission"] = submission

    with transaction.atomic():
        dossier = transition_dossier(
            dossier_id=dossier_id,
            name="record_provincial_result",
            actor=actor,
            comment=comment,
            arguments={"approved": approved},
            check=sent_to_province,
            details={"decision_number": decision_number, "decided_on": decided_on},
        )
        return ProvincialResult.objects.create(
            dossier=dossier,
            submission=found["submission"],
            approved=approved,
            decision_number=decision_number,
            decided_on=decided_on,
            recorded_by=actor,
        )
