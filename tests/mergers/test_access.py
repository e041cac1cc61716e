"""After a merger, the old units' people lose the moved dossiers and the successor's people work them."""

import datetime

import pytest
from django.urls import reverse
from viewflow.workflow.status import STATUS

from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import workflow_mismatches
from dossiers import services as dossier_services
from dossiers.models import Status
from roles.models import Membership, Role, UnitKind
from roles.services import membership_end, membership_grant
from tests.approvals.flow_client import as_user, claim, client, done, open_task, status_of, task_url  # noqa: F401
from tests.approvals.routed import routed
from tests.factories import UnitFactory, bring_to, dossier_events, draft
from tests.mergers.conftest import merge
from workflow_project.errors import Forbidden, InvalidInput, NotFound

QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")


def listed(client, user, url):
    response = as_user(client, user).get(url)
    if response.status_code == 403:  # no role left anywhere: no flow at all
        return []
    return list(response.context["object_list"])


@pytest.fixture
def commune_c(town):
    """A third commune of the town, where the commune's submitter also holds the role."""
    unit = UnitFactory(code="sa-pa-xa-c", name="Xã C", kind=UnitKind.COMMUNE, parent=town.town)
    membership_grant(
        actor=None, user=town.submitter, role=Role.COMMUNE_SUBMITTER, unit=unit, starts_on=datetime.date(2019, 1, 1)
    )
    return unit


def returned(town, the_campaign):
    """A dossier returned to the commune through the flow: its supplement task waits in the commune's queue."""
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    task = open_task(dossier)
    transitions.task_complete(
        task_id=task.pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_return_for_supplement(
            dossier_id=d.pk, actor=town.reviewer, comment="Bổ sung"
        ),
    )
    return dossier


def test_the_old_units_submitter_no_longer_reads_a_moved_dossier(client, town, the_campaign, commune_c):
    dossier = draft(town, the_campaign)

    merge(town, carry_memberships=False)

    user = as_user(client, town.submitter)
    assert user.get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404
    assert user.get(reverse("my_dossiers:detail", args=[dossier.pk])).status_code == 404
    with pytest.raises(NotFound):
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)


def test_a_submitter_left_with_no_role_is_refused_everything(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    merge(town, carry_memberships=False)

    user = as_user(client, town.submitter)
    assert user.get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 403
    assert user.get(reverse("my_dossiers:detail", args=[dossier.pk])).status_code in (403, 404)
    assert user.get(QUEUE).status_code == 403


def test_the_old_units_submitter_has_an_empty_queue(client, town, the_campaign, commune_c):
    dossier = returned(town, the_campaign)
    assert listed(client, town.submitter, QUEUE) == [open_task(dossier)]

    merge(town, carry_memberships=False)

    assert as_user(client, town.submitter).get(QUEUE).status_code == 200
    assert listed(client, town.submitter, QUEUE) == []
    assert listed(client, town.submitter, INBOX) == []
    assert claim(client, town.submitter, open_task(dossier)).status_code in (403, 404)


def test_the_successors_submitter_supplements_a_moved_dossier_through_the_flow(client, town, the_campaign):
    dossier = returned(town, the_campaign)

    merge(town, carry_memberships=False)

    task = open_task(dossier)
    assert listed(client, town.ward_submitter, QUEUE) == [task]
    done(client, town.ward_submitter, dossier, AwardDossierFlow.supplement, outcome="resubmit", comment="Đã bổ sung")
    assert status_of(dossier) == Status.SUBMITTED
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="forward")
    assert status_of(dossier) == Status.AT_COUNCIL
    assert workflow_mismatches(AwardDossierFlow) == []


def test_a_dossier_under_review_stays_with_its_reviewer(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)

    merge(town)

    task = open_task(dossier)
    assert (task.owner, task.status) == (town.reviewer, STATUS.ASSIGNED)
    assert listed(client, town.reviewer, INBOX) == [task]
    response = as_user(client, town.reviewer).post(task_url(task, "execute"), {"outcome": "forward"})
    assert response.status_code == 302
    assert status_of(dossier) == Status.AT_COUNCIL


def test_a_review_claimed_by_a_reviewer_who_lost_the_role_goes_back_to_the_queue_with_its_dossier(
    client, town, the_campaign
):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    held = Membership.objects.get(user=town.reviewer, role=Role.LABOUR_REVIEWER)
    membership_end(actor=None, membership_id=held.pk)

    merge(town)

    task = open_task(dossier)
    dossier.refresh_from_db()
    assert (task.owner, task.status) == (None, STATUS.NEW)
    assert (dossier.status, dossier.reviewer) == (Status.SUBMITTED, None)
    assert workflow_mismatches(AwardDossierFlow) == []
    released, moved = dossier_events(dossier)[-2:]
    assert (released.action, released.before, released.after) == (
        "dossier.release",
        {"status": Status.UNDER_REVIEW},
        {"status": Status.SUBMITTED},
    )
    assert (released.actor, released.role) == (town.administrator, Role.ADMINISTRATOR)
    assert moved.action == "dossier.moved"
    assert moved.after["released_tasks"] == [{"task": task.pk, "owner": town.reviewer.get_username()}]


def test_a_supplement_claimed_by_a_former_member_goes_back_to_the_successors_queue(
    client, town, the_campaign, commune_c
):
    dossier = returned(town, the_campaign)
    claim(client, town.submitter, open_task(dossier))

    merge(town, carry_memberships=False)

    assert listed(client, town.submitter, INBOX) == []
    task = open_task(dossier)
    assert (task.owner, task.status) == (None, STATUS.NEW)
    assert listed(client, town.ward_submitter, QUEUE) == [task]
    assert workflow_mismatches(AwardDossierFlow) == []
    assert dossier_events(dossier)[-1].after["released_tasks"] == [{"task": task.pk, "owner": "sa-pa-submitter"}]


def test_a_supplement_claimed_by_a_member_who_keeps_the_role_stays_claimed(client, town, the_campaign):
    dossier = returned(town, the_campaign)
    claim(client, town.submitter, open_task(dossier))

    merge(town)

    task = open_task(dossier)
    assert (task.owner, task.status) == (town.submitter, STATUS.ASSIGNED)
    assert listed(client, town.submitter, INBOX) == [task]
    response = as_user(client, town.submitter).post(task_url(task, "execute"), {"outcome": "resubmit"})
    assert response.status_code == 302
    assert status_of(dossier) == Status.SUBMITTED


def test_a_member_carried_over_works_the_moved_dossiers_at_the_successor(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    merge(town)

    page = as_user(client, town.submitter).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert page.status_code == 200
    dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
    assert status_of(dossier) == Status.SUBMITTED


def test_a_closed_dossier_and_its_history_still_name_the_old_unit(client, town, the_campaign):
    dossier = bring_to(Status.APPROVED, town, the_campaign)

    merge(town)

    response = as_user(client, town.reviewer).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.context["dossier"].unit == town.commune
    assert "Xã A" in response.content.decode()
    assert {row["unit"] for row in response.context["events"] if row["role"]} >= {"Xã A"}


def test_a_moved_dossiers_page_shows_the_move_in_its_history(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    merge(town)

    events = as_user(client, town.ward_submitter).get(reverse("dossiers:detail", args=[dossier.pk])).context["events"]
    assert events[0]["unit"] == "Xã A"
    assert events[-1]["label"] == "Moved to the unit its unit was merged into"


def test_the_merged_unit_is_no_longer_offered_for_new_dossiers(client, town, the_campaign):
    merge(town)

    form = as_user(client, town.submitter).get(reverse("my_dossiers:create")).context["form"]
    assert list(form.fields["unit"].queryset) == [town.ward]


def test_no_dossier_is_created_in_a_merged_unit(town, the_campaign):
    merge(town)

    with pytest.raises((Forbidden, NotFound)):
        draft(town, the_campaign, unit=town.commune, actor=town.submitter)


def test_no_role_is_granted_in_a_merged_unit(town, the_campaign):
    merge(town, on=datetime.date(2020, 6, 1))

    with pytest.raises(InvalidInput) as info:
        membership_grant(actor=town.administrator, user=town.reviewer, role=Role.COMMUNE_SUBMITTER, unit=town.commune)
    assert info.value.fields["unit"] == ["Xã A was merged into Phường B on 01/06/2020: the role is held there now."]


def test_a_role_that_ended_before_the_merger_may_still_be_recorded(town, the_campaign):
    merge(town)

    membership = membership_grant(
        actor=None,
        user=town.reviewer,
        role=Role.COMMUNE_SUBMITTER,
        unit=town.commune,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    assert membership.pk
