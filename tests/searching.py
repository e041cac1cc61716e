"""Dossiers proposing named nominees, in communes named as Sa Pa's are, for the tests of the search
(``dossiers.search``) on the screens, the task lists and the API."""

from __future__ import annotations

from approvals import transitions
from dossiers import services as dossier_services
from dossiers.models import DocumentKind, NomineeKind
from roles.models import Role, UnitKind
from tests.factories import UnitFactory, pdf, user_with_role

# Nominees whose names share no word but where a search must tell them apart.
SUNG_A_PAO = "Sùng A Pao"
OTHERS = ["Giàng A Páo", "Vàng Thị Mỷ", "Đồng Văn Hùng"]


def commune(town, name: str, code: str):
    """A commune of ``town`` named ``name``, with a submitter of its own (``commune.submitter``)."""
    unit = UnitFactory(code=f"{town.town.code}-{code}", name=name, kind=UnitKind.COMMUNE, parent=town.town)
    unit.submitter = user_with_role(Role.COMMUNE_SUBMITTER, unit, f"{unit.code}-submitter")
    return unit


def proposing(town, the_campaign, name: str, *, unit=None, submitter=None):
    """A draft of ``unit`` (the town's commune by default) proposing the individual ``name``, with the
    documents its submission needs."""
    unit = unit or town.commune
    submitter = submitter or getattr(unit, "submitter", None)
    submitter = submitter or (town.ward_submitter if unit == town.ward else town.submitter)
    dossier = dossier_services.dossier_create(
        actor=submitter,
        campaign_id=the_campaign.pk,
        unit_id=unit.pk,
        award_form_id=the_campaign.award_forms.get(code__startswith="giay-khen").pk,
        nominee={"kind": NomineeKind.INDIVIDUAL, "name": name},
        evidence={"support_amount": 50_000_000},
    )
    for kind in (DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES, DocumentKind.ACHIEVEMENT_REPORT):
        dossier_services.document_add(dossier_id=dossier.pk, actor=submitter, kind=kind, upload=pdf())
    dossier.submitter = submitter
    return dossier


def submitted(town, the_campaign, name: str, **kwargs):
    """``proposing``, submitted into the flow: its review waits in the town reviewers' queue."""
    dossier = proposing(town, the_campaign, name, **kwargs)
    transitions.flow_submit(dossier_id=dossier.pk, actor=dossier.submitter)
    return dossier


def claimed(town, dossier):
    """The dossier's review, claimed by the town's reviewer: it is in their inbox."""
    transitions.task_claim(task_id=transitions.open_task(dossier_id=dossier.pk).pk, actor=town.reviewer)
    return dossier
