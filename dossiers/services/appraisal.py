"""The end of the labour office's appraisal: return for supplement, reject, forward to the council,
or judge the dossier ready for the council (it stays under review until a compiled submission
forwards it), each recording the evaluation of the dossier's award standard that the reviewer saw,
and their judgement (``Judgement``). Serves the review task screen, the API's transitions and the
compiled submission (``approvals.services.records``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from audit.services import snapshot
from roles.models import Role, User
from workflow_project.errors import Conflict, InvalidInput, Refused

from ..models import CriteriaEvaluation, Dossier, Result
from ..selectors import JUDGED_READY, criteria_evaluate, is_appraised
from .common import _audit_dossier
from .transitions import transition_dossier


@dataclass(frozen=True)
class Judgement:
    """The reviewer's judgement of a dossier's award standard: met or not, their answer to each
    of its judgement criteria (by criterion id), and the ``digest`` of the evaluation they saw."""

    standard_met: bool
    answers: dict[int, bool] = field(default_factory=dict)
    seen: str = ""


def _standard_met_computed(evaluation) -> bool:
    """A forward without a judgement: the standard must be met on the dossier's evidence."""
    if evaluation.result != Result.MET:
        raise Refused(
            _(
                "The award standard is not met on the dossier's evidence (%(result)s): forward it from "
                "its appraisal, where you record your judgement."
            )
            % {"result": evaluation.label()},
            code="standard_not_met",
        )
    return True


def _standard_met_judged(evaluation, judgement: Judgement, *, forward: bool, comment: str) -> bool:
    """The reviewer's judgement, checked against the evaluation they saw and the one computed now."""
    if judgement.seen and judgement.seen != evaluation.digest():
        raise Conflict(
            _("The award standard was changed while you appraised the dossier: look at its evaluation again."),
            code="standard_changed",
        )
    unanswered = [c for c in evaluation.judgements if c.pk not in judgement.answers]
    if unanswered:
        message = _("Give your judgement on this criterion.")
        raise InvalidInput(
            _("Give your judgement on each criterion left to the reviewer."),
            fields={f"judgement_{c.pk}": [message] for c in unanswered},
        )
    standard_met = judgement.standard_met
    if forward and not standard_met:
        message = _("You judged the standard not met: return or reject the dossier instead.")
        raise InvalidInput(message, fields={"standard_met": [message]})
    if standard_met != (evaluation.result == Result.MET) and not comment:
        message = _("Your judgement differs from the evaluation (%(result)s): say why in the comment.") % {
            "result": evaluation.label()
        }
        raise InvalidInput(message, fields={"comment": [message]})
    return standard_met


def _appraise(
    *,
    dossier_id: int,
    name: str,
    actor: User,
    comment: str,
    judgement: Judgement | None,
    details: dict[str, Any] | None = None,
    as_appraised: bool = False,
) -> Dossier:
    """End the labour office's appraisal with the transition ``name``, recording the evaluation
    of the dossier's award standard as the reviewer saw it and their judgement
    (``CriteriaEvaluation``, and its audit event), in the transition's transaction.

    Forwarding, or judging the dossier ready for the council, needs the standard met: computed
    from the evidence, or in the reviewer's judgement. A judgement that differs from the evaluation
    needs a comment saying why. Without a judgement, a forward records the computed evaluation as
    the reviewer's; a return or a rejection records nothing. A dossier whose award form sets no
    standard for its nominee's kind records nothing either, except its judgement as ready, which is
    what makes it appraised (``dossiers.selectors.appraised_q``).

    ``as_appraised`` forwards the dossier as its reviewer's appraisal judged it ready (a compiled
    submission): refused unless it is appraised, and nothing more is recorded.
    """
    comment = (comment or "").strip()
    forward = name in ("forward_to_council", JUDGED_READY)

    def check(dossier: Dossier) -> None:
        if as_appraised:
            if not is_appraised(dossier):
                raise Refused(
                    _(
                        "This dossier has not been appraised: open it from your review queue, evaluate it "
                        "against its award standard and judge it ready for the council first."
                    ),
                    code="not_appraised",
                )
            return
        evaluation = criteria_evaluate(dossier=dossier, judgements=judgement.answers if judgement else None)
        if evaluation.result is None and name == JUDGED_READY:
            record(dossier, evaluation, standard_met=True)
            return
        if evaluation.result is None or (judgement is None and not forward):
            return
        if judgement is None:
            standard_met = _standard_met_computed(evaluation)
        else:
            standard_met = _standard_met_judged(evaluation, judgement, forward=forward, comment=comment)
        record(dossier, evaluation, standard_met=standard_met)

    def record(dossier: Dossier, evaluation, *, standard_met: bool) -> None:
        recorded = CriteriaEvaluation.objects.create(
            dossier=dossier,
            action=name,
            computed=evaluation.result or "",
            standard_met=standard_met,
            criteria=[item.as_json() for item in evaluation.results],
            recorded_by=actor,
        )
        _audit_dossier(
            dossier,
            action="dossier.criteria_evaluated",
            actor=actor,
            role=Role.LABOUR_REVIEWER,
            before=None,
            after=snapshot(recorded),
        )

    return transition_dossier(
        dossier_id=dossier_id, name=name, actor=actor, comment=comment, check=check, details=details
    )


def dossier_return_for_supplement(
    *, dossier_id: int, actor: User, comment: str, judgement: Judgement | None = None
) -> Dossier:
    return _appraise(
        dossier_id=dossier_id, name="return_for_supplement", actor=actor, comment=comment, judgement=judgement
    )


def dossier_reject(*, dossier_id: int, actor: User, comment: str, judgement: Judgement | None = None) -> Dossier:
    return _appraise(dossier_id=dossier_id, name="reject", actor=actor, comment=comment, judgement=judgement)


def dossier_forward_to_council(
    *,
    dossier_id: int,
    actor: User,
    comment: str = "",
    details: dict[str, Any] | None = None,
    judgement: Judgement | None = None,
    as_appraised: bool = False,
) -> Dossier:
    return _appraise(
        dossier_id=dossier_id,
        name="forward_to_council",
        actor=actor,
        comment=comment,
        judgement=judgement,
        details=details,
        as_appraised=as_appraised,
    )


def dossier_judge_ready(
    *, dossier_id: int, actor: User, comment: str = "", judgement: Judgement | None = None
) -> Dossier:
    """The reviewer who holds the dossier judges it ready for the council: their evaluation and
    judgement are recorded, as for a forward, and the dossier stays under review, with them, until
    a compiled submission of theirs forwards it."""
    return _appraise(dossier_id=dossier_id, name=JUDGED_READY, actor=actor, comment=comment, judgement=judgement)
