"""The demo's people acting through the services, to set a scene before the browser takes over."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.transitions import flow_submit
from demo.data import CAMPAIGN_NAME
from demo.pdf import demo_pdf
from dossiers import services as dossier_services
from dossiers.models import AwardForm, Campaign, Dossier
from roles.models import Unit, User


def submitted(*, submitter: str, unit: str, award_form: str, nominee: dict, summary: str, evidence: dict) -> Dossier:
    """A dossier made by ``submitter`` with every document it needs, submitted into the flow: it
    waits in the labour office's queue."""
    actor = User.objects.get(username=submitter)
    dossier = dossier_services.dossier_create(
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
        dossier_services.document_add(dossier_id=dossier.pk, actor=actor, kind=kind, upload=upload)
    flow_submit(dossier_id=dossier.pk, actor=actor)
    dossier.refresh_from_db()
    return dossier
