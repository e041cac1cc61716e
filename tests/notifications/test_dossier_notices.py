"""Each event of a dossier's life tells the right people, and nobody else: not the other town's
reviewers or liaisons, not the other commune."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from approvals import services as approval_services
from dossiers import services as dossier_services
from dossiers.models import Status
from notifications.models import Notification
from roles.models import Membership, Role, User
from roles.services import membership_end
from tests.factories import bring_to, draft, user_with_role, vote
from workflow_project.errors import Refused


def told(dossier, kind: str | None = None) -> set[str]:
    rows = Notification.objects.filter(dossier=dossier)
    if kind:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient__username", flat=True))


def body(dossier, kind: str) -> str:
    (text,) = set(Notification.objects.filter(dossier=dossier, kind=kind).values_list("body", flat=True))
    return text


def test_a_submitted_dossier_is_announced_to_the_towns_labour_reviewers(town, other_town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    assert told(dossier) == {"sa-pa-reviewer", "sa-pa-reviewer-2"}
    assert dossier.reference in Notification.objects.filter(dossier=dossier).first().subject


def test_a_reviewer_who_lost_the_role_is_not_told(town, the_campaign):
    town.reviewer_2.is_active = False
    town.reviewer_2.save()
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    assert told(dossier) == {"sa-pa-reviewer"}


def test_a_resubmitted_dossier_is_announced_to_the_reviewers_again(town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    dossier_services.dossier_resubmit(dossier_id=dossier.pk, actor=town.submitter)
    assert told(dossier, "dossier.resubmitted") == {"sa-pa-reviewer", "sa-pa-reviewer-2"}


def test_a_returned_dossier_tells_its_communes_submitters_and_creator_the_reviewers_comment(town, the_campaign):
    second = user_with_role(Role.COMMUNE_SUBMITTER, town.commune, "sa-pa-submitter-2")
    dossier = draft(town, the_campaign, actor=second)
    dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)

    dossier_services.dossier_return_for_supplement(
        dossier_id=dossier.pk, actor=town.reviewer, comment="Thiếu biên bản họp"
    )

    assert told(dossier, "dossier.returned") == {"sa-pa-submitter", second.username}
    assert "Thiếu biên bản họp" in body(dossier, "dossier.returned")


def test_a_returned_dossiers_creator_who_has_left_the_commune_is_not_told(town, the_campaign):
    second = user_with_role(Role.COMMUNE_SUBMITTER, town.commune, "sa-pa-submitter-2")
    creator = user_with_role(Role.COMMUNE_SUBMITTER, town.commune, "sa-pa-creator")
    dossier = draft(town, the_campaign, actor=creator)
    dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    # The creator has left the commune's submitters since: the dossier is no longer theirs to read.
    membership_end(
        actor=None,
        membership_id=Membership.objects.get(user=creator).pk,
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    dossier_services.dossier_return_for_supplement(
        dossier_id=dossier.pk, actor=town.reviewer, comment="Thiếu biên bản họp"
    )
    assert told(dossier, "dossier.returned") == {"sa-pa-submitter", second.username}


def test_the_text_is_written_in_the_recipients_language_not_the_actors(town, the_campaign):
    # The tests act in English; recipients read the site's language, Vietnamese.
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    assert "Ý kiến: Bổ sung biên bản" in body(dossier, "dossier.returned")


def test_each_recipient_reads_the_language_they_chose_for_the_screens(town, the_campaign):
    User.objects.filter(pk=town.reviewer_2.pk).update(language="en")

    dossier = bring_to(Status.SUBMITTED, town, the_campaign)

    subjects = Notification.objects.filter(dossier=dossier, kind="dossier.submitted")
    assert dict(subjects.values_list("recipient__username", "subject")) == {
        "sa-pa-reviewer": f"Có hồ sơ mới {dossier.reference} cần thẩm định",
        "sa-pa-reviewer-2": f"New dossier {dossier.reference} to review",
    }


def test_the_ward_is_not_told_of_the_communes_dossier(town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    assert "sa-pa-ward-submitter" not in told(dossier)


def test_a_rejected_dossier_tells_its_communes_submitters_why(town, the_campaign):
    dossier = bring_to(Status.REJECTED, town, the_campaign)
    assert told(dossier, "dossier.rejected") == {"sa-pa-submitter"}
    assert "Không đạt tiêu chuẩn" in body(dossier, "dossier.rejected")


def test_a_dossier_the_council_does_not_recommend_tells_its_submitters(town, the_campaign):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)
    vote(town, dossier, votes_for=1)
    approval_services.dossier_not_recommend(dossier_id=dossier.pk, actor=town.secretary, comment="Chưa đủ phiếu")
    assert told(dossier, "dossier.not_recommended") == {"sa-pa-submitter"}
    assert "Chưa đủ phiếu" in body(dossier, "dossier.not_recommended")


def test_an_awarded_dossier_tells_its_submitters_the_decision_number(town, the_campaign):
    dossier = bring_to(Status.APPROVED, town, the_campaign)
    assert told(dossier, "dossier.awarded") == {"sa-pa-submitter"}
    assert f"{dossier.pk}/QĐ-UBND" in body(dossier, "dossier.awarded")


def test_an_escalated_dossier_tells_the_towns_provincial_liaisons_and_the_commune(town, other_town, the_campaign):
    dossier = bring_to(Status.ESCALATED, town, the_campaign)
    assert told(dossier, "dossier.escalated") == {"sa-pa-liaison", "sa-pa-submitter"}


@pytest.mark.parametrize("status", [Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED])
def test_the_provinces_result_tells_the_communes_submitters(town, the_campaign, status):
    dossier = bring_to(status, town, the_campaign)
    assert told(dossier, f"dossier.{status}") == {"sa-pa-submitter"}
    assert f"{dossier.pk}/QĐ-UBND" in body(dossier, f"dossier.{status}")


def test_claiming_a_dossier_tells_nobody(town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    before = Notification.objects.count()
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    assert Notification.objects.count() == before


def test_a_refused_submission_tells_nobody(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    with pytest.raises(Refused):
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
    assert not Notification.objects.exists()


def test_the_reviewers_are_emailed_once_the_submission_commits(
    town, the_campaign, mailbox, django_capture_on_commit_callbacks
):
    town.reviewer.email = "reviewer@example.vn"
    town.reviewer.save()
    dossier = draft(town, the_campaign)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
        assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [["reviewer@example.vn"]]
    assert dossier.reference in mail.outbox[0].subject


def test_a_decision_on_several_dossiers_tells_each_dossiers_submitters(town, the_campaign):
    first = bring_to(Status.AWAITING_DECISION, town, the_campaign)
    second = bring_to(Status.AWAITING_DECISION, town, the_campaign, unit=town.ward)
    approval_services.decision_sign(
        actor=town.chairman, number="7/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[first.pk, second.pk]
    )
    assert told(first, "dossier.awarded") == {"sa-pa-submitter"}
    assert told(second, "dossier.awarded") == {"sa-pa-ward-submitter"}
