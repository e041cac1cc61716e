"""Bad input changes nothing: each refusal has the right class, a clear message, and no effect."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from approvals import services as approval_services
from dossiers import services
from dossiers.models import Campaign, DocumentKind, Dossier, NomineeKind, Procedure, RequiredDocument, Status
from tests.factories import PDF, award_form, bring_to, campaign, draft, nothing_changes, pdf, vote
from workflow_project.errors import Conflict, InvalidInput, Refused


@pytest.fixture(scope="module")
def prepared(towns):
    """Dossiers of Sa Pa in the states the refusals need, built once; every test rolls back."""
    town = towns[0]
    the_campaign = campaign(town)
    dossiers = {
        status: bring_to(status, town, the_campaign)
        for status in (Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.RETURNED, Status.AWAITING_DECISION)
    }
    dossiers[Status.AT_COUNCIL] = bring_to(Status.AT_COUNCIL, town, the_campaign)
    vote(town, dossiers[Status.AT_COUNCIL], votes_for=1)  # a vote that fails: not_recommend may follow
    dossiers[Status.ESCALATED] = bring_to(Status.ESCALATED, town, the_campaign)
    approval_services.provincial_submission_create(
        actor=town.liaison,
        number="9/TTr-UBND",
        sent_on=timezone.localdate(),
        dossier_ids=[dossiers[Status.ESCALATED].pk],
    )
    return dossiers


@pytest.fixture
def ready(db, prepared):
    """Fresh copies of the prepared dossiers, by state."""
    return {status: Dossier.objects.get(pk=dossier.pk) for status, dossier in prepared.items()}


def add(dossier, actor, *kinds):
    for kind in kinds:
        services.document_add(dossier_id=dossier.pk, actor=actor, kind=kind, upload=pdf())


# Missing documents and deadlines


def test_a_draft_missing_a_required_document_cannot_be_submitted(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    add(dossier, town.submitter, DocumentKind.PROPOSAL_LETTER)

    with nothing_changes(), pytest.raises(Refused) as refusal:
        services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    assert refusal.value.code == "has_required_documents"
    assert str(refusal.value) == "Required documents are missing: Minutes of the proposing council's meeting."


def test_a_collective_nominee_also_needs_its_achievement_report(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False, kind=NomineeKind.AGENCY)
    add(dossier, town.submitter, DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES)

    with nothing_changes(), pytest.raises(Refused, match="missing: Achievement report"):
        services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)


def test_an_individual_nominee_needs_no_achievement_report(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False, kind=NomineeKind.INDIVIDUAL)
    add(dossier, town.submitter, DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES)

    services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_the_simplified_procedure_asks_for_its_own_documents(town, the_campaign):
    form = the_campaign.award_forms.get(code="giay-khen")
    RequiredDocument.objects.create(
        award_form=form, procedure=Procedure.SIMPLIFIED, kind=DocumentKind.ACHIEVEMENT_SUMMARY
    )
    dossier = draft(town, the_campaign)  # the ordinary procedure's documents
    services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields={"procedure": Procedure.SIMPLIFIED})

    with nothing_changes(), pytest.raises(Refused, match="missing: Short achievement summary"):
        services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (Status.UNDER_REVIEW, lambda d, t: services.dossier_forward_to_council(dossier_id=d.pk, actor=t.reviewer)),
        (Status.RETURNED, lambda d, t: services.dossier_resubmit(dossier_id=d.pk, actor=t.submitter)),
    ],
    ids=["forward", "resubmit"],
)
def test_a_document_required_since_submission_stops_the_dossier(town, ready, status, call):
    dossier = ready[status]
    RequiredDocument.objects.create(
        award_form=dossier.award_form, procedure=Procedure.ORDINARY, kind=DocumentKind.SUMMARY_LIST
    )

    with nothing_changes(), pytest.raises(Refused, match="missing: Summary list of nominees"):
        call(dossier, town)


def test_a_dossier_cannot_be_submitted_after_the_campaigns_deadline(town):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = campaign(town)
    dossier = draft(town, late)
    late.dossier_deadline = yesterday  # the campaign closes before the draft is submitted
    late.save()

    with nothing_changes(), pytest.raises(Refused) as refusal:
        services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    assert refusal.value.code == "before_dossier_deadline"
    assert str(refusal.value) == f"The campaign's deadline for dossiers, {yesterday:%d/%m/%Y}, has passed."


def test_a_dossier_can_be_submitted_on_the_deadline_day(town):
    dossier = draft(town, campaign(town, dossier_deadline=timezone.localdate()))

    services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


# Comments


COMMENT_REQUIRED = {
    "withdraw": (Status.DRAFT, lambda pk, t, c: services.dossier_withdraw(dossier_id=pk, actor=t.submitter, comment=c)),
    "return_for_supplement": (
        Status.UNDER_REVIEW,
        lambda pk, t, c: services.dossier_return_for_supplement(dossier_id=pk, actor=t.reviewer, comment=c),
    ),
    "reject": (
        Status.UNDER_REVIEW,
        lambda pk, t, c: services.dossier_reject(dossier_id=pk, actor=t.reviewer, comment=c),
    ),
    "not_recommend": (
        Status.AT_COUNCIL,
        lambda pk, t, c: approval_services.dossier_not_recommend(dossier_id=pk, actor=t.secretary, comment=c),
    ),
    "send_back": (
        Status.AWAITING_DECISION,
        lambda pk, t, c: approval_services.dossier_send_back(dossier_id=pk, actor=t.chairman, comment=c),
    ),
    "province_rejects": (
        Status.ESCALATED,
        lambda pk, t, c: approval_services.provincial_result_record(
            actor=t.liaison,
            dossier_id=pk,
            approved=False,
            decision_number="5/QĐ-UBND",
            decided_on=timezone.localdate(),
            comment=c,
        ),
    ),
}


def test_every_transition_that_ends_or_sends_back_work_needs_a_comment():
    needing = {
        t.name
        for t in Dossier._meta.get_field("status").get_all_transitions(Dossier)
        if t.custom.get("comment_required")
    }
    assert needing == set(COMMENT_REQUIRED) - {"province_rejects"}


@pytest.mark.parametrize("blank", ["", " \n\t "], ids=["empty", "whitespace"])
@pytest.mark.parametrize("action", COMMENT_REQUIRED)
def test_a_comment_is_required_to_end_or_send_back_work(town, ready, action, blank):
    status, call = COMMENT_REQUIRED[action]
    dossier = ready[status]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        call(dossier.pk, town, blank)

    assert str(refusal.value) == "A comment is required: say why."
    assert refusal.value.fields == {"comment": ["This field is required."]}


# The wrong state


def test_a_submitted_dossier_cannot_be_submitted_again(town, ready):
    dossier = ready[Status.SUBMITTED]

    with nothing_changes(), pytest.raises(Conflict) as refusal:
        services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    assert (
        str(refusal.value)
        == "This action (Submit) is not possible: the dossier is now “Submitted, waiting for review”."
    )
    assert refusal.value.http_status == 409


def test_a_second_reviewer_cannot_claim_a_dossier_already_under_review(town, ready):
    dossier = ready[Status.UNDER_REVIEW]

    with nothing_changes(), pytest.raises(Conflict, match="now “Under review”"):
        services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer_2)


def test_a_dossier_under_review_cannot_be_withdrawn(town, ready):
    dossier = ready[Status.UNDER_REVIEW]

    with nothing_changes(), pytest.raises(Conflict, match=r"\(Withdraw\) is not possible"):
        services.dossier_withdraw(dossier_id=dossier.pk, actor=town.submitter, comment="Rút")


def test_a_dossier_at_the_council_cannot_be_approved(town, ready):
    dossier = ready[Status.AT_COUNCIL]

    with nothing_changes(), pytest.raises(Conflict, match="now “At the council”"):
        approval_services.decision_sign(
            actor=town.chairman, number="1/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[dossier.pk]
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda d, t: services.dossier_update(dossier_id=d.pk, actor=t.submitter, fields={"summary": "Sửa"}),
        lambda d, t: services.document_add(dossier_id=d.pk, actor=t.submitter, kind=DocumentKind.OTHER, upload=pdf()),
    ],
    ids=["edit", "add-document"],
)
def test_a_submitted_dossier_cannot_be_changed(town, ready, call):
    dossier = ready[Status.SUBMITTED]

    with nothing_changes(), pytest.raises(Conflict, match="“Submitted, waiting for review”"):
        call(dossier, town)


def test_saving_a_stale_copy_after_another_transition_raises_concurrent_transition(town, the_campaign):
    dossier = draft(town, the_campaign)
    stale = Dossier.objects.get(pk=dossier.pk)
    services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    with nothing_changes(), pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.withdraw()  # still a draft in memory, so the transition method allows it
        stale.save()

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_the_state_cannot_be_set_directly(town, the_campaign):
    dossier = draft(town, the_campaign)

    with pytest.raises(AttributeError):
        dossier.status = Status.APPROVED


# Unknown fields and bad values


def create(town, the_campaign, **overrides):
    arguments = {
        "actor": town.submitter,
        "campaign_id": the_campaign.pk,
        "unit_id": town.commune.pk,
        "award_form_id": the_campaign.award_forms.get(code="giay-khen").pk,
        "nominee": {"kind": NomineeKind.INDIVIDUAL, "name": "Lò Văn C"},
    }
    return services.dossier_create(**(arguments | overrides))


@pytest.mark.parametrize(
    ("overrides", "unknown"),
    [
        ({"nominee": {"kind": "individual", "name": "Lò Văn C", "salary": 1}}, "salary"),
        ({"nominee": {"kind": "individual", "name": "Lò Văn C", "unit": 1}}, "unit"),
        ({"evidence": {"status": "approved"}}, "status"),
        ({"evidence": {"reviewer": 1, "council_round": 3}}, "council_round, reviewer"),
    ],
    ids=["nominee-salary", "nominee-unit", "evidence-status", "evidence-workflow-fields"],
)
def test_creating_with_unknown_fields_is_refused(town, the_campaign, overrides, unknown):
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        create(town, the_campaign, **overrides)

    assert str(refusal.value) == f"Unknown fields: {unknown}"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nominee": {"kind": "alien", "name": "X"}}, "kind"),
        ({"nominee": {"kind": "individual", "name": ""}}, "name"),
        ({"procedure": "express"}, "procedure"),
        ({"evidence": {"support_amount": -1}}, "support_amount"),
    ],
    ids=["nominee-kind", "nominee-name", "procedure", "negative-amount"],
)
def test_creating_with_invalid_values_is_refused_and_leaves_no_nominee(town, the_campaign, overrides, field):
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        create(town, the_campaign, **overrides)

    assert str(refusal.value) == "Please correct the errors below."
    assert field in refusal.value.fields


def test_creating_for_an_award_form_the_campaign_does_not_offer_is_refused(town, the_campaign):
    other_form = award_form("co-thi-dua", town.province)

    with nothing_changes(), pytest.raises(InvalidInput, match="not offered by the campaign"):
        create(town, the_campaign, award_form_id=other_form.pk)


@pytest.mark.parametrize(
    ("fields", "nominee", "unknown"),
    [
        ({"status": Status.APPROVED}, {}, "status"),
        ({"reviewer": 1, "return_count": 0}, {}, "return_count, reviewer"),
        ({"unit": 1}, {}, "unit"),
        ({}, {"unit": 1}, "unit"),
    ],
    ids=["status", "workflow-fields", "unit", "nominee-unit"],
)
def test_editing_unknown_fields_is_refused(town, ready, fields, nominee, unknown):
    dossier = ready[Status.DRAFT]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields=fields, nominee=nominee)

    assert str(refusal.value) == f"Unknown fields: {unknown}"


@pytest.mark.parametrize(
    ("fields", "nominee", "field"),
    [
        ({"households_helped": -3}, {}, "households_helped"),
        ({"procedure": "express"}, {}, "procedure"),
        ({}, {"kind": "alien"}, "kind"),
    ],
    ids=["negative-count", "procedure", "nominee-kind"],
)
def test_editing_with_invalid_values_is_refused(town, ready, fields, nominee, field):
    dossier = ready[Status.DRAFT]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields=fields, nominee=nominee)

    assert field in refusal.value.fields


def test_editing_to_an_award_form_the_campaign_does_not_offer_is_refused(town, ready):
    dossier = ready[Status.DRAFT]
    other_form = award_form("co-thi-dua", town.province)

    with nothing_changes(), pytest.raises(InvalidInput, match="not offered by the campaign"):
        services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields={"award_form": other_form.pk})


# Uploads


def upload_refused(town, the_campaign, upload, kind=DocumentKind.PROPOSAL_LETTER) -> InvalidInput:
    dossier = draft(town, the_campaign, documents=False)
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.document_add(dossier_id=dossier.pk, actor=town.submitter, kind=kind, upload=upload)
    assert not (Path(django_settings.MEDIA_ROOT) / "dossiers" / str(dossier.pk)).exists()
    return refusal.value


@pytest.mark.parametrize("name", ["virus.exe", "to-trinh", "to-trinh.pdf.exe", "bang.html"])
def test_an_upload_of_a_kind_not_accepted_is_refused(town, the_campaign, name):
    refusal = upload_refused(town, the_campaign, SimpleUploadedFile(name, PDF))

    assert str(refusal) == "Files of this kind cannot be attached. Accepted: PDF, DOCX, XLSX, JPG, JPEG, PNG."
    assert refusal.fields == {"file": ["Unsupported file type."]}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("to-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a Windows program"),
        ("anh.png", PDF),
        ("bao-cao.docx", PDF),
        ("scan.JPG", b"GIF89a not a jpeg"),
    ],
    ids=["exe-as-pdf", "pdf-as-png", "pdf-as-docx", "gif-as-jpg"],
)
def test_an_upload_whose_content_does_not_match_its_extension_is_refused(town, the_campaign, name, content):
    refusal = upload_refused(town, the_campaign, SimpleUploadedFile(name, content))

    extension = name.rsplit(".", 1)[1].lower()
    assert str(refusal) == f"The file's content does not match its extension (.{extension})."
    assert refusal.fields == {"file": ["The content does not match the file type."]}


def test_an_upload_over_the_size_limit_is_refused(town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    too_large = PDF + b"0" * (settings.DOCUMENT_MAX_BYTES - len(PDF) + 1)

    refusal = upload_refused(town, the_campaign, SimpleUploadedFile("to-trinh.pdf", too_large))

    assert str(refusal) == "The file is too large: at most 1.0\xa0MB."
    assert refusal.fields == {"file": ["File too large."]}


def test_an_upload_of_exactly_the_size_limit_is_accepted(town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    dossier = draft(town, the_campaign, documents=False)
    content = PDF + b"0" * (settings.DOCUMENT_MAX_BYTES - len(PDF))

    document = services.document_add(
        dossier_id=dossier.pk,
        actor=town.submitter,
        kind=DocumentKind.PROPOSAL_LETTER,
        upload=SimpleUploadedFile("to-trinh.pdf", content),
    )

    assert document.size == settings.DOCUMENT_MAX_BYTES
    assert Path(document.file.path).read_bytes() == content


def test_an_empty_upload_is_refused(town, the_campaign):
    refusal = upload_refused(town, the_campaign, SimpleUploadedFile("to-trinh.pdf", b""))

    assert str(refusal) == "The file is empty."


def test_an_upload_of_an_unknown_document_kind_is_refused(town, the_campaign):
    refusal = upload_refused(town, the_campaign, pdf(), kind="photo_album")

    assert str(refusal) == "Unknown document kind."


def test_an_accepted_upload_records_its_checksum(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    document = services.document_add(
        dossier_id=dossier.pk, actor=town.submitter, kind=DocumentKind.PROPOSAL_LETTER, upload=pdf("Tờ trình.pdf")
    )

    assert (document.original_name, document.size) == ("Tờ trình.pdf", len(PDF))
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert Path(document.file.path).read_bytes() == PDF


def test_a_commune_cannot_propose_to_another_towns_campaign(town, other_town, the_campaign):
    with nothing_changes(), pytest.raises(InvalidInput, match="No such campaign") as refusal:
        create(other_town, the_campaign, unit_id=other_town.commune.pk)
    assert "campaign" in refusal.value.fields


def test_a_province_wide_campaign_takes_dossiers_from_every_town(town, other_town, the_campaign):
    the_campaign.launched_by = town.province
    the_campaign.save()

    provincial = the_campaign.award_forms.get(code="bang-khen")

    dossier = create(other_town, the_campaign, unit_id=other_town.commune.pk, award_form_id=provincial.pk)

    assert dossier.campaign == the_campaign


def expired_form(the_campaign, town):
    """An award form that ended yesterday, offered by a campaign of yesterday's year."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = award_form("giay-khen-cu", town.town)
    form.valid_until = yesterday
    form.save()
    Campaign.objects.filter(pk=the_campaign.pk).update(year=yesterday.year)
    the_campaign.refresh_from_db()
    the_campaign.award_forms.add(form)
    return form


def test_an_award_form_no_longer_in_force_cannot_be_proposed(town, the_campaign):
    form = expired_form(the_campaign, town)

    with (
        nothing_changes(),
        pytest.raises(
            Refused, match="giay-khen-cu is valid from 01/01/2016 to .*: it cannot be proposed on"
        ) as refusal,
    ):
        create(town, the_campaign, award_form_id=form.pk)
    assert refusal.value.code == "award_form_not_in_force"


def test_a_draft_cannot_be_switched_to_an_award_form_no_longer_in_force(town, ready):
    dossier = ready[Status.DRAFT]
    form = expired_form(dossier.campaign, town)

    with (
        nothing_changes(),
        pytest.raises(
            Refused, match="giay-khen-cu is valid from 01/01/2016 to .*: it cannot be proposed on"
        ) as refusal,
    ):
        services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields={"award_form": form.pk})
    assert refusal.value.code == "award_form_not_in_force"
