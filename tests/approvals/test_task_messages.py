"""Each task screen's success message says what its transition did to which dossier."""

import pytest
from django.test import Client
from django.utils import timezone

from approvals import services as approval_services
from approvals.flows import AwardDossierFlow as Flow
from tests.approvals.flow_client import client, done_saying, submit  # noqa: F401 - client: the English one
from tests.factories import draft, vote


def test_the_reviewers_outcomes_say_what_was_done(client, town, the_campaign):
    returned, rejected, forwarded = (draft(town, the_campaign) for _ in range(3))
    for dossier in (returned, rejected, forwarded):
        submit(client, town.submitter, dossier)

    assert (
        done_saying(client, town.reviewer, returned, Flow.review, outcome="return", comment="Bổ sung biên bản")
        == f"Dossier {returned.reference} has been returned for supplement."
    )
    assert (
        done_saying(client, town.reviewer, rejected, Flow.review, outcome="reject", comment="Không đạt")
        == f"Dossier {rejected.reference} has been rejected."
    )
    assert (
        done_saying(client, town.reviewer, forwarded, Flow.review, outcome="forward")
        == f"Dossier {forwarded.reference} has been forwarded to the emulation and commendation council."
    )


@pytest.mark.parametrize(
    "outcome, message",
    [
        ("resubmit", "Dossier {} has been resubmitted to the labour office."),
        ("withdraw", "Dossier {} has been withdrawn."),
    ],
)
def test_the_submitters_supplement_says_what_was_done(client, town, the_campaign, outcome, message):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done_saying(client, town.reviewer, dossier, Flow.review, outcome="return", comment="Bổ sung")

    said = done_saying(client, town.submitter, dossier, Flow.supplement, outcome=outcome, comment="Đã bổ sung")

    assert said == message.format(dossier.reference)


@pytest.mark.parametrize(
    "outcome, message",
    [
        ("town", "The council's recommendation to award dossier {} has been recorded."),
        ("not_recommended", "The council's decision not to recommend dossier {} has been recorded."),
    ],
)
def test_the_councils_outcome_says_what_was_recorded(client, town, the_campaign, outcome, message):
    dossier = draft(town, the_campaign)
    submit(client, town.submitter, dossier)
    done_saying(client, town.reviewer, dossier, Flow.review, outcome="forward")
    vote(town, dossier, votes_for=None if outcome == "town" else 0)

    said = done_saying(client, town.secretary, dossier, Flow.council, outcome=outcome, comment="Theo biểu quyết")

    assert said == message.format(dossier.reference)


def test_the_chairmans_decision_and_send_back_say_what_was_done(client, town, the_campaign):
    signed, sent_back = draft(town, the_campaign), draft(town, the_campaign)
    for dossier in (signed, sent_back):
        submit(client, town.submitter, dossier)
        done_saying(client, town.reviewer, dossier, Flow.review, outcome="forward")
        vote(town, dossier)
        done_saying(client, town.secretary, dossier, Flow.council, outcome="town")
    today = timezone.localdate().strftime("%d/%m/%Y")

    assert (
        done_saying(
            client, town.chairman, signed, Flow.decision, outcome="approve", number="12/QĐ-UBND", signed_on=today
        )
        == f"The award decision for dossier {signed.reference} has been signed."
    )
    assert (
        done_saying(client, town.chairman, sent_back, Flow.decision, outcome="send_back", comment="Xét lại")
        == f"Dossier {sent_back.reference} has been sent back to the council."
    )


def test_the_province_path_says_what_was_recorded(client, town, the_campaign):
    dossier = draft(town, the_campaign, form_code="bang-khen")
    submit(client, town.submitter, dossier)
    done_saying(client, town.reviewer, dossier, Flow.review, outcome="forward")
    vote(town, dossier)
    proposed = done_saying(client, town.secretary, dossier, Flow.council, outcome="province")
    today = timezone.localdate()
    approval_services.provincial_submission_create(
        actor=town.liaison, number="5/TTr-UBND", sent_on=today, dossier_ids=[dossier.pk]
    )

    recorded = done_saying(
        client,
        town.liaison,
        dossier,
        Flow.province,
        approved="1",
        decision_number="9/QĐ-UBND",
        decided_on=today.strftime("%d/%m/%Y"),
    )

    assert proposed == f"The council's proposal of dossier {dossier.reference} to the province has been recorded."
    assert recorded == f"The province's result for dossier {dossier.reference} has been recorded."


def test_the_message_is_in_vietnamese(town, the_campaign):
    browser = Client(headers={"accept-language": "vi"})
    dossier = draft(town, the_campaign)
    submit(browser, town.submitter, dossier)

    said = done_saying(browser, town.reviewer, dossier, Flow.review, outcome="return", comment="Bổ sung biên bản")

    assert said == f"Đã trả lại hồ sơ {dossier.reference} để bổ sung."
