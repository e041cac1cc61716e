"""Every change to a dossier: one function each, one transaction each, one audit event each.

A transition service locks the dossier row, checks that the actor may see it (else NotFound),
that the transition leaves the current state (else Conflict), that the actor holds the role it
needs over the dossier's unit (else Forbidden), that a comment is given where one is required,
and the transition's conditions (else Refused); then it moves the state, saves, writes the audit
event and notifies those concerned (``notices``; their emails go out after commit), all in one
transaction. A refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, changes, snapshot
from roles.models import Role, Unit, User
from roles.selectors import acting_unit, can_see_unit
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused

from . import notices
from .models import (
    AwardForm,
    Campaign,
    CriteriaEvaluation,
    Document,
    DocumentKind,
    Dossier,
    Nominee,
    Procedure,
    Result,
    Status,
)
from .selectors import criteria_evaluate, with_rules

EVIDENCE_FIELDS = [
    "support_amount",
    "households_helped",
    "poverty_reduction_target",
    "poverty_reduction_achieved",
    "income_per_capita_2019",
    "income_per_capita_now",
    "on_2019_poor_list",
    "party_clean_strong",
    "funds_settled_on_time",
    "living_conditions_improved",
    "infrastructure_to_standard",
    "complies_with_policy",
    "village_agrees",
]
EDITABLE_FIELDS = ["procedure", "summary", "award_form", *EVIDENCE_FIELDS]
NOMINEE_FIELDS = ["kind", "name", "position", "birth_year", "address"]
EDITABLE_STATES = {Status.DRAFT, Status.RETURNED}

# The start of each file kind, so that a renamed executable is not accepted as a PDF.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def state_label(status: str) -> str:
    return str(Status(status).label)


def transition_label(method) -> str:
    """The label a transition method carries (every source of one method shares it)."""
    return str(next(iter(method._django_fsm.transitions.values())).custom["label"])


def transition_role(name: str) -> Role:
    """The role the transition ``name`` names (every source of one method shares it)."""
    return next(iter(getattr(Dossier, name)._django_fsm.transitions.values())).permission.role


def require_role(actor: User, role: Role, dossier: Dossier) -> None:
    """Refused (403) unless ``actor`` holds ``role`` over the dossier's unit."""
    if acting_unit(actor, role, dossier.unit) is None:
        raise Forbidden(_("Only a %(role)s of this dossier's unit may do this.") % {"role": role.label})


def wrong_state(name: str, status: str) -> Conflict:
    """The refusal of the transition ``name`` that the dossier's state ``status`` does not allow."""
    return Conflict(
        _("This action (%(action)s) is not possible: the dossier is now “%(state)s”.")
        % {"action": transition_label(getattr(Dossier, name)), "state": state_label(status)}
    )


def dossier_lock(dossier_id: int, actor: User) -> Dossier:
    """The dossier row, locked until the transaction ends; NotFound if the actor may not see it."""
    dossier = with_rules(Dossier.objects.select_for_update(of=("self",))).filter(pk=dossier_id).first()
    if dossier is None or not can_see_unit(actor, dossier.unit):
        raise NotFound(_("No such dossier."))
    return dossier


def _audit_dossier(dossier: Dossier, *, action: str, actor: User, role: Role, before: Any, after: Any, comment: str = ""):
    held = acting_unit(actor, role, dossier.unit)
    audit_record(
        action=action,
        actor=actor,
        obj=dossier,
        before=before,
        after=after,
        comment=comment,
        role=role.value,
        unit=held.code if held else "",
    )


def transition_dossier(
    *,
    dossier_id: int,
    name: str,
    actor: User,
    comment: str = "",
    arguments: dict[str, Any] | None = None,
    check: Callable[[Dossier], None] | None = None,
    details: dict[str, Any] | None = None,
) -> Dossier:
    """Run the transition ``name`` on a dossier; the building block of every transition service.

    ``check`` adds a condition that lives outside the dossier (a council vote, a decision); it
    raises a ServiceError to refuse. ``details`` are recorded with the event.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        dossier = dossier_lock(dossier_id, actor)
        method = getattr(dossier, name)
        role = transition_role(name)
        require_role(actor, role, dossier)
        transition = method._django_fsm.get_transition(dossier.status)
        if transition is None:
            raise wrong_state(name, dossier.status)
        if not transition.has_perm(dossier, actor):
            refusal = getattr(transition.permission, "refusal", None)
            if refusal is not None:
                raise Forbidden(refusal(dossier))
            # The role is held, but the dossier is claimed by another reviewer.
            raise Forbidden(
                _("This dossier is being reviewed by %(reviewer)s; only they can act on it.")
                % {"reviewer": dossier.reviewer or "?"}
            )
        if transition.custom.get("comment_required") and not comment:
            raise InvalidInput(
                _("A comment is required: say why."), fields={"comment": [_("This field is required.")]}
            )
        for condition in transition.conditions:
            if not condition(dossier):
                raise Refused(condition.message(dossier), code=condition.__name__)
        if check is not None:
            check(dossier)
        before = dossier.status
        method(**(arguments or {}))
        dossier.save()
        after = {"status": dossier.status, **(details or {})}
        _audit_dossier(
            dossier,
            action=f"dossier.{name}",
            actor=actor,
            role=role,
            before={"status": before},
            after=after,
            comment=comment,
        )
        notices.announce(dossier, name, comment=comment, details=details)
    return dossier


def dossier_submit(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="submit", actor=actor, comment=comment)


def dossier_resubmit(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="resubmit", actor=actor, comment=comment)


def dossier_withdraw(*, dossier_id: int, actor: User, comment: str) -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="withdraw", actor=actor, comment=comment)


def dossier_start_review(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(
        dossier_id=dossier_id, name="start_review", actor=actor, comment=comment, arguments={"by": actor}
    )


def dossier_release(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    return transition_dossier(dossier_id=dossier_id, name="release", actor=actor, comment=comment)


def dossier_reassign(*, dossier_id: int, actor: User, comment: str = "") -> Dossier:
    """The head of the office takes a dossier from the reviewer who claimed it, back to the queue."""
    return transition_dossier(dossier_id=dossier_id, name="reassign", actor=actor, comment=comment)


def dossier_hand_back(*, dossier_id: int, actor: User, role: str, unit: str, comment: str) -> Dossier:
    """A dossier under review goes back to the queue because its reviewer no longer holds the role
    over its unit (a unit merger moved it): its review's claim ends, as when it is put back.

    ``actor`` acts in ``role`` at ``unit`` by a right of their own that the caller checked (the
    administrator recording the merger), not as a reviewer; in the caller's transaction."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier_id)
        if dossier.status != Status.UNDER_REVIEW:
            return dossier
        dossier.release()
        dossier.save()
        audit_record(
            action="dossier.release",
            actor=actor,
            obj=dossier,
            before={"status": Status.UNDER_REVIEW},
            after={"status": dossier.status},
            comment=comment,
            role=role,
            unit=unit,
        )
    return dossier


@dataclass(frozen=True)
class Judgement:
    """The reviewer's judgement of a dossier's award standard: met or not, their answer to each
    of its judgement criteria (by criterion id), and the ``digest`` of the evaluation they saw."""

    standard_met: bool
    answers: dict[int, bool] = field(default_factory=dict)
    seen: str = ""


def _appraise(
    *,
    dossier_id: int,
    name: str,
    actor: User,
    comment: str,
    judgement: Judgement | None,
    details: dict[str, Any] | None = None,
) -> Dossier:
    """End the labour office's appraisal with the transition ``name``, recording the evaluation
    of the dossier's award standard as the reviewer saw it and their judgement
    (``CriteriaEvaluation``, and its audit event), in the transition's transaction.

    Forwarding needs the standard met: computed from the evidence, or in the reviewer's
    judgement. A judgement that differs from the evaluation needs a comment saying why. Without a
    judgement, a forward records the computed evaluation as the reviewer's; a return or a
    rejection records nothing. A dossier whose award form sets no standard for its nominee's kind
    records nothing either.
    """
    comment = (comment or "").strip()
    forward = name == "forward_to_council"

    def check(dossier: Dossier) -> None:
        evaluation = criteria_evaluate(dossier=dossier, judgements=judgement.answers if judgement else None)
        if evaluation.result is None or (judgement is None and not forward):
            return
        if judgement is None:
            if evaluation.result != Result.MET:
                raise Refused(
                    _(
                        "The award standard is not met on the dossier's evidence (%(result)s): forward it from "
                        "its appraisal, where you record your judgement."
                    )
                    % {"result": evaluation.label()},
                    code="standard_not_met",
                )
            standard_met = True
        else:
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
        recorded = CriteriaEvaluation.objects.create(
            dossier=dossier,
            action=name,
            computed=evaluation.result,
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
) -> Dossier:
    return _appraise(
        dossier_id=dossier_id,
        name="forward_to_council",
        actor=actor,
        comment=comment,
        judgement=judgement,
        details=details,
    )


def _validated(instance, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidInput(_("Please correct the errors below."), fields=exc.message_dict) from exc


def award_form_offered(campaign: Campaign, award_form_id, unit: Unit) -> AwardForm:
    """The award form, if the campaign offers it, its awarding body is over ``unit`` (the proposing
    or registering unit) and it is in force today; else a refusal that names why. The choices on
    the screens are ``dossiers.selectors.award_forms_offered``."""
    award_form = campaign.award_forms.filter(pk=award_form_id).select_related("awarding_body").first()
    if award_form is None:
        message = _("This award form is not offered by the campaign.")
        raise InvalidInput(message, fields={"award_form": [message]})
    if not award_form.awarding_body.contains(unit):
        message = _("%(form)s is granted by %(body)s, to which %(unit)s does not belong.") % {
            "form": award_form,
            "body": award_form.awarding_body,
            "unit": unit,
        }
        raise InvalidInput(message, fields={"award_form": [message]})
    today = timezone.localdate()
    if not award_form.is_valid_on(today):
        raise Refused(
            _("The award form %(form)s is valid %(validity)s: it cannot be proposed on %(today)s.")
            % {"form": award_form, "validity": award_form.validity_display(), "today": today.strftime("%d/%m/%Y")},
            code="award_form_not_in_force",
        )
    return award_form


def _registration_followed(unit: Unit, registration_id: int, nominee: dict[str, Any] | None):
    """The unit's registration a new dossier follows; it names the nominee, and is followed once.
    Locked, so that two dossiers created at once cannot both follow it: call inside a transaction."""
    registration = (
        unit.registrations.filter(pk=registration_id)
        .select_related("nominee", "campaign")
        .select_for_update(of=("self",))
        .first()
    )
    if registration is None:
        message = _("No such registration of this unit.")
        raise InvalidInput(message, fields={"registration": [message]})
    if nominee:
        message = _("A dossier that follows a registration proposes the nominee registered; name no other.")
        raise InvalidInput(message, fields={"registration": [message]})
    followed = registration.dossiers.exclude(status=Status.WITHDRAWN).select_related("campaign").first()
    if followed is not None:
        message = _("Registration %(registration)s is already followed by dossier %(dossier)s.") % {
            "registration": registration.reference,
            "dossier": followed.reference,
        }
        raise Refused(message, code="registration_followed", fields={"registration": [message]})
    return registration


def _lock_editable(dossier_id: int, actor: User, refusal: str) -> Dossier:
    """A draft or returned dossier, locked, for its unit's submitter; ``refusal`` names the state."""
    dossier = dossier_lock(dossier_id, actor)
    _require_submitter(actor, dossier.unit)
    if dossier.status not in EDITABLE_STATES:
        raise Conflict(refusal % {"state": state_label(dossier.status)})
    return dossier


def _require_submitter(actor: User, unit: Unit) -> Unit:
    held = acting_unit(actor, Role.COMMUNE_SUBMITTER, unit)
    if held is None:
        if can_see_unit(actor, unit):
            raise Forbidden(
                _("Only a %(role)s of this dossier's unit may do this.") % {"role": Role.COMMUNE_SUBMITTER.label}
            )
        raise NotFound(_("No such unit."))
    return held


def dossier_create(
    *,
    actor: User,
    campaign_id: int,
    unit_id: int,
    award_form_id: int,
    nominee: dict[str, Any] | None = None,
    procedure: str = Procedure.ORDINARY,
    summary: str = "",
    evidence: dict[str, Any] | None = None,
    registration_id: int | None = None,
) -> Dossier:
    """A new draft dossier of the actor's commune or ward, with its nominee; or, following one of
    the unit's emulation registrations, for the nominee and award form registered."""
    unit = Unit.objects.filter(pk=unit_id).select_related("parent").first()
    if unit is None:
        raise NotFound(_("No such unit."))
    _require_submitter(actor, unit)
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("launched_by__parent").first()
    # A campaign takes dossiers only from the units under the body that launched it.
    if campaign is None or not unit.path.startswith(campaign.launched_by.scope_path):
        raise InvalidInput(_("No such campaign."), fields={"campaign": [_("No such campaign.")]})
    award_form = award_form_offered(campaign, award_form_id, unit)
    unknown = set(nominee or {}) - set(NOMINEE_FIELDS) | set(evidence or {}) - set(EVIDENCE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        registration = _registration_followed(unit, registration_id, nominee) if registration_id is not None else None
        if registration is None:
            person = Nominee(unit=unit, **(nominee or {}))
            _validated(person)
            person.save()
        else:
            person = registration.nominee
        dossier = Dossier(
            campaign=campaign,
            unit=unit,
            nominee=person,
            award_form=award_form,
            registration=registration,
            procedure=procedure,
            summary=summary,
            created_by=actor,
            **(evidence or {}),
        )
        _validated(dossier, exclude=["status"])
        dossier.save()
        after = snapshot(dossier)
        after["nominee"] = snapshot(person)
        _audit_dossier(dossier, action="dossier.created", actor=actor, role=Role.COMMUNE_SUBMITTER, before=None, after=after)
    return dossier


def dossier_update(
    *,
    dossier_id: int,
    actor: User,
    fields: dict[str, Any] | None = None,
    nominee: dict[str, Any] | None = None,
) -> Dossier:
    """Edit a draft or returned dossier and its nominee; the audit event keeps what changed."""
    fields, nominee = dict(fields or {}), dict(nominee or {})
    unknown = set(fields) - set(EDITABLE_FIELDS) | set(nominee) - set(NOMINEE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        dossier = _lock_editable(
            dossier_id, actor, _("Only a draft or returned dossier can be edited; this one is “%(state)s”.")
        )
        if "award_form" in fields:
            chosen = getattr(fields["award_form"], "pk", fields["award_form"])
            if chosen != dossier.award_form_id:
                fields["award_form"] = award_form_offered(dossier.campaign, chosen, dossier.unit)
            else:
                fields["award_form"] = dossier.award_form
        before = snapshot(dossier, EDITABLE_FIELDS)
        nominee_before = snapshot(dossier.nominee, NOMINEE_FIELDS)
        for name, value in fields.items():
            setattr(dossier, name, value)
        for name, value in nominee.items():
            setattr(dossier.nominee, name, value)
        _validated(dossier.nominee)
        _validated(dossier, exclude=["status"])
        old, new = changes(before, snapshot(dossier, EDITABLE_FIELDS))
        old_nominee, new_nominee = changes(nominee_before, snapshot(dossier.nominee, NOMINEE_FIELDS))
        if old_nominee or new_nominee:
            old["nominee"], new["nominee"] = old_nominee, new_nominee
        if not new:
            return dossier
        dossier.nominee.save()
        dossier.save()
        _audit_dossier(dossier, action="dossier.updated", actor=actor, role=Role.COMMUNE_SUBMITTER, before=old, after=new)
    return dossier


def _check_upload(upload: UploadedFile) -> str:
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    allowed = settings.DOCUMENT_EXTENSIONS
    if extension not in allowed:
        raise InvalidInput(
            _("Files of this kind cannot be attached. Accepted: %(kinds)s.")
            % {"kinds": ", ".join(k.upper() for k in allowed)},
            fields={"file": [_("Unsupported file type.")]},
        )
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            fields={"file": [_("File too large.")]},
        )
    if upload.size == 0:
        raise InvalidInput(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in FILE_SIGNATURES[extension]):
        raise InvalidInput(
            _("The file's content does not match its extension (.%(ext)s).") % {"ext": extension},
            fields={"file": [_("The content does not match the file type.")]},
        )
    return extension


def document_add(*, dossier_id: int, actor: User, kind: str, upload: UploadedFile) -> Document:
    """Attach a file to a draft or returned dossier; it replaces the current file of its kind."""
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Unknown document kind."), fields={"kind": [_("Unknown document kind.")]})
    _check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        dossier = _lock_editable(
            dossier_id,
            actor,
            _("Documents can be added only to a draft or returned dossier; this one is “%(state)s”."),
        )
        previous = next((doc for doc in dossier.current_documents() if doc.kind == kind), None)
        document = Document(
            dossier=dossier,
            kind=kind,
            original_name=os.path.basename(upload.name)[:255],
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        document.file.save(document.original_name, upload, save=False)
        document.save()
        if previous is not None:
            previous.superseded_by = document
            previous.save(update_fields=["superseded_by"])
        _audit_dossier(
            dossier,
            action="document.replaced" if previous else "document.added",
            actor=actor,
            role=Role.COMMUNE_SUBMITTER,
            before=snapshot(previous, ["kind", "original_name", "size", "sha256"]) if previous else None,
            after=snapshot(document, ["kind", "original_name", "size", "sha256"]) | {"document_id": document.pk},
        )
    return document

