"""The current campaign's dossiers, made through the services as users would make them, so that
their audit trail is real, and taken through the award-dossier flow (``demo.flow``) to the states
that ``demo.data.DOSSIERS`` describes. Made only while the current campaign has none."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.services import provincial_submission_create
from dossiers.models import Dossier
from dossiers.services import document_add, dossier_create
from roles.models import User

from . import flow
from .data import (
    CHAIRMAN,
    COMPILED_SUBMISSION,
    COUNCIL,
    COUNCIL_MEETING,
    DECISION,
    DOCUMENT_FILES,
    DOSSIERS,
    PROVINCIAL_LIAISON,
    PROVINCIAL_RESULT,
    PROVINCIAL_SUBMISSION,
    REVIEWER,
    SECRETARY,
    SUBMITTED_TOGETHER,
    DossierSpec,
)
from .pdf import demo_pdf
from .seeding import Seeding


def documents(seeding: Seeding, dossier: Dossier, actor: User, kinds=None) -> None:
    """A demo PDF of each kind in ``kinds``, added to the dossier; by default, of each one required."""
    if kinds is None:
        kinds = [req.kind for req in dossier.award_form.required_for(dossier.procedure, dossier.nominee.kind)]
    for kind in kinds:
        file_name, title = DOCUMENT_FILES[kind]
        lines = [
            title,
            f"{dossier.reference} - {dossier.nominee.name}",
            f"{dossier.award_form.name} - {dossier.unit.name}",
            f"Ngày {seeding.today:%d/%m/%Y} (dữ liệu minh hoạ)",
        ]
        upload = SimpleUploadedFile(file_name, demo_pdf(lines), content_type="application/pdf")
        document_add(dossier_id=dossier.pk, actor=actor, kind=kind, upload=upload)


def draft(seeding: Seeding, spec: DossierSpec) -> Dossier:
    """The draft of ``spec``, with its documents: for its nominee, or, following the registration
    made for it, for the nominee registered."""
    actor = seeding.users[spec.submitter]
    registration = seeding.registered.get(spec.registration) if spec.registration else None
    dossier = dossier_create(
        actor=actor,
        campaign_id=seeding.current.pk,
        unit_id=seeding.units[spec.unit].pk,
        award_form_id=seeding.forms[spec.award_form].pk,
        nominee=None if registration else spec.nominee,
        summary=spec.summary,
        evidence=spec.evidence,
        registration_id=registration.pk if registration else None,
    )
    dossier = Dossier.objects.select_related("award_form", "nominee", "unit", "campaign").get(pk=dossier.pk)
    documents(seeding, dossier, actor, spec.documents)
    return dossier


def take_steps(seeding: Seeding, dossier: Dossier, spec: DossierSpec) -> None:
    """The dossier taken on its own through ``spec.steps`` (see ``DossierSpec``)."""
    submitter, reviewer = seeding.users[spec.submitter], seeding.users[REVIEWER]
    for step in spec.steps:
        match step:
            case ("submit",):
                flow.submit(dossier, submitter)
            case ("claim",):
                flow.claim_review(dossier, reviewer)
            case ("return", comment, standard_met):
                flow.return_for_supplement(dossier, reviewer, comment=comment, standard_met=standard_met)
            case ("reject", comment, standard_met):
                flow.reject(dossier, reviewer, comment=comment, standard_met=standard_met)
            case ("withdraw", comment):
                flow.withdraw(dossier, submitter, comment=comment)
            case _:
                raise ValueError(f"{spec.key}: unknown step {step!r}")


def through_the_council(seeding: Seeding, made: dict[str, Dossier]) -> None:
    """Some dossiers go on together, as the batch screens take them: submitted, forwarded to the
    council, considered at one meeting, then decided by the chairman or the province."""
    users, today = seeding.users, seeding.today
    submitters = {spec.key: spec.submitter for spec in DOSSIERS}
    for key in SUBMITTED_TOGETHER:
        flow.submit(made[key], users[submitters[key]])
    flow.forward_to_council(
        [made[key] for key in COMPILED_SUBMISSION["dossiers"]],
        users[REVIEWER],
        number=COMPILED_SUBMISSION["number"],
        submitted_on=today,
        comment=COMPILED_SUBMISSION["comment"],
    )
    votes = COUNCIL_MEETING["votes"]
    flow.council_meeting(
        [made[key] for key in votes],
        users[SECRETARY],
        council=seeding.units[COUNCIL],
        held_on=today,
        present=[users[username] for username in COUNCIL_MEETING["present"]],
        chaired_by=COUNCIL_MEETING["chaired_by"],
        minutes=COUNCIL_MEETING["minutes"],
        votes={made[key].pk: vote for key, vote in votes.items()},
    )
    flow.decide(
        [made[key] for key in DECISION["dossiers"]],
        users[CHAIRMAN],
        number=DECISION["number"],
        signed_on=today,
    )
    liaison = users[PROVINCIAL_LIAISON]
    provincial_submission_create(
        actor=liaison,
        number=PROVINCIAL_SUBMISSION["number"],
        sent_on=today,
        dossier_ids=[made[key].pk for key in PROVINCIAL_SUBMISSION["dossiers"]],
    )
    flow.provincial_result(
        made[PROVINCIAL_RESULT["dossier"]],
        liaison,
        approved=PROVINCIAL_RESULT["approved"],
        decision_number=PROVINCIAL_RESULT["decision_number"],
        decided_on=today,
    )


def dossiers(seeding: Seeding) -> None:
    if Dossier.objects.filter(campaign=seeding.current).exists():
        return
    made = {}
    for spec in DOSSIERS:
        made[spec.key] = draft(seeding, spec)
        take_steps(seeding, made[spec.key], spec)
    through_the_council(seeding, made)
    seeding.created["dossiers"] = Dossier.objects.filter(campaign=seeding.current).count()
