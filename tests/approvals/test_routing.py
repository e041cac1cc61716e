"""The flow driven without its screens (approvals.transitions): same checks, same services, same transitions."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.factories import draft
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


def test_submitting_starts_the_process_with_the_review_open(town, the_campaign):
    dossier = draft(town, the_campaign)

    process = transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter, comment="Đề nghị")

    assert status_of(dossier) == Status.SUBMITTED
    assert process.dossier == dossier and process.status == PROCESS.NEW
    task = transitions.open_task(dossier_id=dossier.pk)
    assert task.flow_task == AwardDossierFlow.review and task.owner is None


def test_only_a_submitter_starts_the_process(town, the_campaign):
    dossier = draft(town, the_campaign)

    with pytest.raises(Forbidden):
        transitions.flow_submit(dossier_id=dossier.pk, actor=town.reviewer)

    assert status_of(dossier) == Status.DRAFT
    assert not DossierProcess.objects.exists()


def test_claiming_the_review_puts_the_dossier_under_review_and_refuses_a_second_claim(town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)

    transitions.task_claim(task_id=task.pk, actor=town.reviewer)
    with pytest.raises(Conflict):
        transitions.task_claim(task_id=task.pk, actor=town.reviewer_2)

    assert status_of(dossier) == Status.UNDER_REVIEW
    task.refresh_from_db()
    assert task.owner == town.reviewer and task.status == STATUS.ASSIGNED


def test_releasing_puts_the_review_back_in_the_queue_and_only_its_claimant_may(town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)
    transitions.task_claim(task_id=task.pk, actor=town.reviewer)

    with pytest.raises(Conflict):
        transitions.task_release(task_id=task.pk, actor=town.reviewer_2)
    assert status_of(dossier) == Status.UNDER_REVIEW

    transitions.task_release(task_id=task.pk, actor=town.reviewer)

    assert status_of(dossier) == Status.SUBMITTED
    task.refresh_from_db()
    assert task.owner is None and task.status == STATUS.NEW
    with pytest.raises(Conflict):
        transitions.task_release(task_id=task.pk, actor=town.reviewer)


def test_completing_calls_the_service_and_the_flow_routes_by_the_new_state(town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)
    transitions.task_claim(task_id=task.pk, actor=town.reviewer)

    transitions.task_complete(
        task_id=task.pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_return_for_supplement(
            dossier_id=d.pk, actor=town.reviewer, comment="Bổ sung"
        ),
    )

    assert status_of(dossier) == Status.RETURNED
    assert Task.objects.get(pk=task.pk).status == STATUS.DONE
    assert transitions.open_task(dossier_id=dossier.pk).flow_task == AwardDossierFlow.supplement


def test_an_unclaimed_task_cannot_be_completed(town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)

    with pytest.raises(Conflict):
        transitions.task_complete(task_id=task.pk, actor=town.reviewer, perform=lambda d: None)

    assert Task.objects.get(pk=task.pk).status == STATUS.NEW


def test_a_refused_service_leaves_the_task_and_the_dossier_as_they_were(town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)
    transitions.task_claim(task_id=task.pk, actor=town.reviewer)

    with pytest.raises(InvalidInput):
        transitions.task_complete(
            task_id=task.pk,
            actor=town.reviewer,
            perform=lambda d: dossier_services.dossier_reject(dossier_id=d.pk, actor=town.reviewer, comment=""),
        )

    assert status_of(dossier) == Status.UNDER_REVIEW
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == town.reviewer


def test_a_task_outside_the_users_units_is_not_found(town, other_town, the_campaign):
    dossier = draft(town, the_campaign)
    transitions.flow_submit(dossier_id=dossier.pk, actor=town.submitter)
    task = transitions.open_task(dossier_id=dossier.pk)

    with pytest.raises(NotFound):
        transitions.task_claim(task_id=task.pk, actor=other_town.reviewer)

    assert status_of(dossier) == Status.SUBMITTED
