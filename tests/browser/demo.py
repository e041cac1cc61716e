"""The demo's people acting through the services: to set a scene before the browser takes over,
and for the steps that have no screen yet (the council's meeting and vote)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import services as approvals
from approvals.flows import AwardDossierFlow
from approvals.management.commands.seed_demo import CAMPAIGN_NAME, demo_pdf
from approvals.routing import flow_submit, open_task, task_claim, task_complete
from dossiers import services as dossiers
from dossiers.models import AwardForm, Campaign, Dossier
from roles.models import Unit, User


def user(username: str) -> User:
    return User.objects.get(username=username)


def council_votes_for(dossier: Dossier) -> None:
    """The town's council meets today, all five members present, and votes for the dossier
    unanimously; the home-affairs secretary records it."""
    secretary = user("noivu")
    members = User.objects.filter(username__startswith="hoidong_")
    meeting = approvals.council_meeting_create(
        actor=secretary,
        council_id=Unit.objects.get(code="sa-pa-hdtdkt").pk,
        held_on=timezone.localdate(),
        attendee_ids=[member.pk for member in members],
    )
    approvals.council_vote_record(
        actor=secretary, meeting_id=meeting.pk, dossier_id=dossier.pk, votes_for=len(members), votes_against=0
    )


def at_council(*, submitter: str, unit: str, award_form: str, nominee: dict, summary: str, evidence: dict) -> Dossier:
    """A dossier made by ``submitter`` with every document it needs, submitted into the flow and
    forwarded to the council by the labour office's reviewer."""
    actor = user(submitter)
    dossier = dossiers.dossier_create(
        actor=actor,
        campaign_id=Campaign.objects.filter(name=CAMPAIGN_NAME).latest("year").pk,
        unit_id=Unit.objects.get(code=unit).pk,
        award_form_id=AwardForm.objects.get(code=award_form).pk,
        nominee=nominee,
        summary=summary,
        evidence=evidence,
    )
    for kind in dossier.missing_documents():
        upload = SimpleUploadedFile(f"{kind}.pdf", demo_pdf([dossier.reference, kind]), content_type="application/pdf")
        dossiers.document_add(dossier_id=dossier.pk, actor=actor, kind=kind, upload=upload)
    flow_submit(dossier_id=dossier.pk, actor=actor)
    reviewer = user("ldtbxh")
    task = open_task(dossier_id=dossier.pk)
    assert task.flow_task == AwardDossierFlow.review
    task_claim(task_id=task.pk, actor=reviewer)
    task_complete(
        task_id=task.pk,
        actor=reviewer,
        perform=lambda d: dossiers.dossier_forward_to_council(dossier_id=d.pk, actor=reviewer),
    )
    dossier.refresh_from_db()
    return dossier
