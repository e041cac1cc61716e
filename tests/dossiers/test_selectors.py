"""Reading dossiers: who sees which, and what a list costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers import selectors
from dossiers import services as dossier_services
from dossiers.models import Status
from roles.models import Role, UnitKind
from tests.factories import bring_to, campaign, draft, nothing_changes, pdf
from workflow_project.errors import NotFound


class TestACommuneSubmitterAndTheWardOfItsTown:
    """Like Tả Van and a ward of Sa Pa: one town, two units, no window into each other."""

    @pytest.fixture
    def ward_dossier(self, town, the_campaign):
        return bring_to(Status.DRAFT, town, the_campaign, unit=town.ward)

    def test_the_ward_dossier_is_not_in_the_commune_submitters_list(self, town, the_campaign, ward_dossier):
        own = bring_to(Status.DRAFT, town, the_campaign)

        assert list(selectors.dossier_list(user=town.submitter)) == [own]
        assert list(selectors.dossier_list(user=town.ward_submitter)) == [ward_dossier]

    def test_the_ward_dossier_cannot_be_opened_by_the_commune_submitter(self, town, ward_dossier):
        with pytest.raises(NotFound, match="No such dossier"):
            selectors.dossier_get(user=town.submitter, dossier_id=ward_dossier.pk)

    def test_an_unknown_dossier_answers_the_same(self, town, ward_dossier):
        with pytest.raises(NotFound, match="No such dossier"):
            selectors.dossier_get(user=town.submitter, dossier_id=ward_dossier.pk + 1000)

    @pytest.mark.parametrize(
        "action",
        [
            lambda pk, user: dossier_services.dossier_submit(dossier_id=pk, actor=user),
            lambda pk, user: dossier_services.dossier_withdraw(dossier_id=pk, actor=user, comment="Rút"),
            lambda pk, user: dossier_services.dossier_update(dossier_id=pk, actor=user, fields={"summary": "Sửa"}),
            lambda pk, user: dossier_services.document_add(dossier_id=pk, actor=user, kind="other", upload=pdf()),
        ],
        ids=["submit", "withdraw", "update", "add-document"],
    )
    def test_the_commune_submitter_cannot_act_on_the_ward_dossier(self, town, ward_dossier, action):
        with nothing_changes(), pytest.raises(NotFound, match="No such dossier"):
            action(ward_dossier.pk, town.submitter)

    def test_the_commune_submitter_cannot_create_a_dossier_for_the_ward(self, town, the_campaign):
        with nothing_changes(), pytest.raises(NotFound):
            dossier_services.dossier_create(
                actor=town.submitter,
                campaign_id=the_campaign.pk,
                unit_id=town.ward.pk,
                award_form_id=the_campaign.award_forms.get(code="giay-khen").pk,
                nominee={"kind": "individual", "name": "Lò Thị B"},
            )


@pytest.mark.parametrize("role", [Role.COMMUNE_SUBMITTER, Role.LABOUR_REVIEWER, Role.COUNCIL_MEMBER, Role.AUDITOR])
def test_each_reader_sees_its_towns_dossiers_and_none_of_the_other_town(town, other_town, the_campaign, role):
    own = bring_to(Status.DRAFT, town, the_campaign)
    bring_to(Status.DRAFT, other_town, campaign(other_town))

    rows = list(selectors.dossier_list(user=town.user_for(role)))

    if role == Role.AUDITOR:  # held in the province: reads both towns
        assert len(rows) == 2 and own in rows
    else:
        assert rows == [own]


def test_the_administrator_reads_no_dossier(town, the_campaign):
    dossier = bring_to(Status.DRAFT, town, the_campaign)

    assert list(selectors.dossier_list(user=town.administrator)) == []
    with pytest.raises(NotFound):
        selectors.dossier_get(user=town.administrator, dossier_id=dossier.pk)


def test_an_inactive_user_reads_nothing(town, the_campaign):
    dossier = bring_to(Status.DRAFT, town, the_campaign)
    reviewer = type(town.reviewer).objects.get(pk=town.reviewer.pk)
    reviewer.is_active = False
    reviewer.save()

    assert list(selectors.dossier_list(user=reviewer)) == []
    with pytest.raises(NotFound):
        selectors.dossier_get(user=reviewer, dossier_id=dossier.pk)


def test_dossier_get_loads_the_rules_its_conditions_read(town, the_campaign, django_assert_num_queries):
    dossier = bring_to(Status.DRAFT, town, the_campaign)
    loaded = selectors.dossier_get(user=town.submitter, dossier_id=dossier.pk)

    with django_assert_num_queries(0):
        assert loaded.missing_documents() == []
        assert loaded.campaign.accepts_dossiers_on(loaded.campaign.dossier_deadline)
        assert loaded.award_form.awarding_body.kind == UnitKind.TOWN


def read_list(user) -> list:
    """What a list screen does: evaluate the selector and show each row's related objects."""
    rows = list(selectors.dossier_list(user=user))
    for row in rows:
        (str(row), row.campaign.name, row.unit.name, row.nominee.name, row.award_form.name, str(row.reviewer))
    return rows


def add_dossiers(town, the_campaign, *, under_review: int, drafts: int) -> None:
    for _ in range(under_review):
        bring_to(Status.UNDER_REVIEW, town, the_campaign)  # with a reviewer to show
    for _ in range(drafts):
        draft(town, the_campaign, documents=False)


@pytest.mark.parametrize("role", [Role.COMMUNE_SUBMITTER, Role.LABOUR_REVIEWER, Role.AUDITOR])
def test_a_list_of_30_dossiers_costs_the_queries_of_a_list_of_3(town, the_campaign, role, django_assert_num_queries):
    user = town.user_for(role)
    add_dossiers(town, the_campaign, under_review=1, drafts=2)
    with CaptureQueriesContext(connection) as three:
        assert len(read_list(user)) == 3

    add_dossiers(town, the_campaign, under_review=2, drafts=25)
    with django_assert_num_queries(len(three.captured_queries)):
        rows = read_list(user)

    assert len(rows) == 30
    assert sum(row.reviewer is not None for row in rows) == 3
