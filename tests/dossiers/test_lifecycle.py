"""The review stage of the lifecycle, driven through the services: state, records, audit trail."""

import pytest

from dossiers import services
from dossiers.models import DocumentKind, Status
from roles.services import membership_end
from tests.factories import bring_to, dossier_events, draft, nothing_changes, pdf, trail
from workflow_project.errors import Conflict, Forbidden, Refused

SUBMITTER = ("sa-pa-submitter", "commune_submitter", "sa-pa-xa-a")
REVIEWER = ("sa-pa-reviewer", "labour_reviewer", "sa-pa-ldtbxh")
REVIEWER_2 = ("sa-pa-reviewer-2", "labour_reviewer", "sa-pa-ldtbxh")
CREATED = [
    ("dossier.created", *SUBMITTER, None, "draft", ""),
    ("document.added", *SUBMITTER, None, None, ""),
    ("document.added", *SUBMITTER, None, None, ""),
    ("document.added", *SUBMITTER, None, None, ""),
]
SUBMIT = ("dossier.submit", *SUBMITTER, "draft", "submitted", "")
START_REVIEW = ("dossier.start_review", *REVIEWER, "submitted", "under_review", "")


def test_a_new_draft_records_its_creation_and_each_document(town, the_campaign):
    dossier = draft(town, the_campaign)

    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT
    assert dossier.created_by == town.submitter
    assert dossier.nominee.unit == town.commune
    assert sorted(doc.kind for doc in dossier.current_documents()) == sorted(
        [DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES, DocumentKind.ACHIEVEMENT_REPORT]
    )
    assert trail(dossier) == CREATED


def test_the_creation_event_keeps_the_nominee_and_the_evidence(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    (event,) = dossier_events(dossier)
    assert event.action == "dossier.created"
    assert event.before is None
    assert event.after["support_amount"] == 50_000_000
    assert event.after["nominee"]["name"] == "Nguyễn Văn A"
    assert event.after["nominee"]["kind"] == "individual"


def test_submitting_a_complete_draft_puts_it_in_the_review_queue(town, the_campaign):
    dossier = draft(town, the_campaign)

    services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.submitted_at is not None
    assert dossier.reviewer is None
    assert trail(dossier) == [*CREATED, SUBMIT]


def test_a_reviewer_claims_a_submitted_dossier(town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)

    services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)

    dossier.refresh_from_db()
    assert dossier.status == Status.UNDER_REVIEW
    assert dossier.reviewer == town.reviewer
    assert trail(dossier)[-1] == START_REVIEW


def test_the_claimant_puts_a_dossier_back_in_the_queue_for_another_reviewer(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)

    services.dossier_release(dossier_id=dossier.pk, actor=town.reviewer)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.reviewer) == (Status.SUBMITTED, None)

    services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer_2)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.reviewer) == (Status.UNDER_REVIEW, town.reviewer_2)
    assert trail(dossier)[-3:] == [
        START_REVIEW,
        ("dossier.release", *REVIEWER, "under_review", "submitted", ""),
        ("dossier.start_review", *REVIEWER_2, "submitted", "under_review", ""),
    ]


def returned_and_resubmitted(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)
    services.dossier_return_for_supplement(dossier_id=dossier.pk, actor=town.reviewer, comment="Bổ sung biên bản")
    services.dossier_resubmit(dossier_id=dossier.pk, actor=town.submitter)
    services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    return dossier


def test_a_second_return_for_supplement_is_refused_by_default(town, the_campaign):
    dossier = returned_and_resubmitted(town, the_campaign)

    with nothing_changes(), pytest.raises(Refused) as refusal:
        services.dossier_return_for_supplement(dossier_id=dossier.pk, actor=town.reviewer, comment="Lần hai")

    assert refusal.value.code == "may_be_returned_again"
    assert str(refusal.value) == (
        "This dossier has already been returned for supplement 1 time, as many as the campaign allows: "
        "reject it or forward it to the council."
    )
    services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)


def test_a_campaign_may_allow_more_returns(town, the_campaign):
    the_campaign.returns_allowed = 2
    the_campaign.save()
    dossier = returned_and_resubmitted(town, the_campaign)

    services.dossier_return_for_supplement(dossier_id=dossier.pk, actor=town.reviewer, comment="Lần hai")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_count) == (Status.RETURNED, 2)


def test_a_returned_dossier_is_supplemented_resubmitted_and_forwarded(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)
    pk = dossier.pk

    services.dossier_return_for_supplement(dossier_id=pk, actor=town.reviewer, comment="Bổ sung biên bản họp")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.return_count, dossier.reviewer) == (Status.RETURNED, 1, None)

    old_minutes = next(d for d in dossier.current_documents() if d.kind == DocumentKind.COUNCIL_MINUTES)
    new_minutes = services.document_add(
        dossier_id=pk, actor=town.submitter, kind=DocumentKind.COUNCIL_MINUTES, upload=pdf("bien-ban-moi.pdf")
    )
    services.dossier_update(dossier_id=pk, actor=town.submitter, fields={"summary": "Đã bổ sung biên bản"})
    services.dossier_resubmit(dossier_id=pk, actor=town.submitter, comment="Đã bổ sung")
    dossier.refresh_from_db()
    old_minutes.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.summary == "Đã bổ sung biên bản"
    assert old_minutes.superseded_by == new_minutes
    assert new_minutes in dossier.current_documents() and old_minutes not in dossier.current_documents()

    services.dossier_start_review(dossier_id=pk, actor=town.reviewer_2)
    services.dossier_forward_to_council(dossier_id=pk, actor=town.reviewer_2)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.council_round, dossier.return_count) == (Status.AT_COUNCIL, 1, 1)
    assert trail(dossier) == [
        *CREATED,
        SUBMIT,
        START_REVIEW,
        ("dossier.return_for_supplement", *REVIEWER, "under_review", "returned", "Bổ sung biên bản họp"),
        ("document.replaced", *SUBMITTER, None, None, ""),
        ("dossier.updated", *SUBMITTER, None, None, ""),
        ("dossier.resubmit", *SUBMITTER, "returned", "submitted", "Đã bổ sung"),
        ("dossier.start_review", *REVIEWER_2, "submitted", "under_review", ""),
        ("dossier.forward_to_council", *REVIEWER_2, "under_review", "at_council", ""),
    ]


def test_an_edit_records_only_what_changed(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    services.dossier_update(
        dossier_id=dossier.pk,
        actor=town.submitter,
        fields={"households_helped": 7},
        nominee={"position": "Trưởng thôn"},
    )

    event = dossier_events(dossier)[-1]
    assert event.action == "dossier.updated"
    assert event.before == {"households_helped": None, "nominee": {"position": ""}}
    assert event.after == {"households_helped": 7, "nominee": {"position": "Trưởng thôn"}}


def test_an_edit_that_changes_nothing_writes_no_event(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    with nothing_changes():
        services.dossier_update(dossier_id=dossier.pk, actor=town.submitter, fields={"support_amount": 50_000_000})


def test_a_dossier_rejected_at_review_ends_there(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)

    services.dossier_reject(dossier_id=dossier.pk, actor=town.reviewer, comment="Không đạt tiêu chuẩn")

    dossier.refresh_from_db()
    assert dossier.status == Status.REJECTED
    assert dossier.is_final
    assert trail(dossier) == [
        *CREATED,
        SUBMIT,
        START_REVIEW,
        ("dossier.reject", *REVIEWER, "under_review", "rejected", "Không đạt tiêu chuẩn"),
    ]
    with nothing_changes(), pytest.raises(Conflict, match="Rejected"):
        services.dossier_withdraw(dossier_id=dossier.pk, actor=town.submitter, comment="Rút")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_the_submitter_withdraws_a_dossier_not_under_review(town, the_campaign, status):
    dossier = bring_to(status, town, the_campaign)
    events = len(trail(dossier))

    services.dossier_withdraw(dossier_id=dossier.pk, actor=town.submitter, comment="Gia đình xin rút")

    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    assert dossier.is_final
    assert trail(dossier)[events:] == [("dossier.withdraw", *SUBMITTER, status.value, "withdrawn", "Gia đình xin rút")]


def test_a_ward_dossier_is_recorded_under_the_ward(town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign, unit=town.ward)

    assert trail(dossier)[-1] == (
        "dossier.submit",
        "sa-pa-ward-submitter",
        "commune_submitter",
        "sa-pa-phuong-b",
        "draft",
        "submitted",
        "",
    )


def test_a_dossier_claimed_by_a_reviewer_who_lost_the_role_can_be_put_back_by_another(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)
    with pytest.raises(Forbidden):
        services.dossier_release(dossier_id=dossier.pk, actor=town.reviewer_2)

    membership_end(actor=None, membership_id=town.reviewer.memberships.get().pk)
    released = services.dossier_release(dossier_id=dossier.pk, actor=town.reviewer_2)

    assert (released.status, released.reviewer) == (Status.SUBMITTED, None)
    assert dossier_events(dossier)[-1].actor == town.reviewer_2
