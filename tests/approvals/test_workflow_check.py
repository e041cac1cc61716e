"""``manage.py workflow_check``: every process's open task agrees with its dossier's state."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from approvals.flows import AwardDossierFlow
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.approvals.flow_client import as_user, client, done, open_task, submit, superuser, task_url  # noqa: F401
from tests.factories import draft, vote


def check():
    with translation.override("en"):
        call_command("workflow_check")


@pytest.fixture
def routed(client, town, the_campaign):
    """Dossiers routed through the flow to each kind of step, as people would have done it."""
    at_review = draft(town, the_campaign)
    submit(client, town.submitter, at_review)

    claimed = draft(town, the_campaign)
    submit(client, town.submitter, claimed)
    as_user(client, town.reviewer).post(task_url(open_task(claimed), "assign"))

    returned = draft(town, the_campaign)
    submit(client, town.submitter, returned)
    done(client, town.reviewer, returned, AwardDossierFlow.review, outcome="return", comment="Bổ sung")

    awarded = draft(town, the_campaign)
    submit(client, town.submitter, awarded)
    done(client, town.reviewer, awarded, AwardDossierFlow.review, outcome="forward")
    vote(town, awarded)
    done(client, town.secretary, awarded, AwardDossierFlow.council, outcome="town")
    done(
        client,
        town.chairman,
        awarded,
        AwardDossierFlow.decision,
        outcome="approve",
        number="7/QĐ-UBND",
        signed_on=timezone.localdate().strftime("%d/%m/%Y"),
    )
    return {"at_review": at_review, "claimed": claimed, "returned": returned, "awarded": awarded}


def test_a_consistent_database_passes(routed, capsys):
    for dossier in routed.values():
        dossier.refresh_from_db()
    assert [d.status for d in routed.values()] == [
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.RETURNED,
        Status.APPROVED,
    ]

    check()

    assert "Every process agrees with its dossier." in capsys.readouterr().out


def test_a_dossier_moved_behind_the_flows_back_fails_the_check(routed, town, capsys):
    dossier = routed["at_review"]
    # The review task waits, unclaimed, while a reviewer moves the dossier through the services.
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    dossier_services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)

    with pytest.raises(CommandError, match="1 disagreements"):
        check()

    (line,) = capsys.readouterr().err.strip().splitlines()
    assert dossier.reference in line
    assert "open task “Appraise the dossier (labour office)” (unclaimed)" in line
    assert "expects the dossier “submitted”, but it is “at_council”" in line


def test_a_released_dossier_under_a_claimed_task_fails_the_check(routed, town, capsys):
    dossier_services.dossier_release(dossier_id=routed["claimed"].pk, actor=town.reviewer)

    with pytest.raises(CommandError):
        check()

    assert "claimed by sa-pa-reviewer" in capsys.readouterr().err


def test_a_task_cancelled_by_an_administrator_fails_the_check(client, routed, superuser, capsys):
    as_user(client, superuser).post(task_url(open_task(routed["returned"]), "cancel"))

    with pytest.raises(CommandError):
        check()

    assert "no open task, while the dossier is “returned”" in capsys.readouterr().err
