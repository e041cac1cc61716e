"""The one search of dossiers (``dossiers.search``): by reference, nominee or unit, whatever the
accents and the case, on SQLite and PostgreSQL alike; kept true through renames and mergers; never
wider than the user's units. Its screens: ``tests/approvals/test_search_screens.py``."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import stream_for
from dossiers import services as dossier_services
from dossiers.models import Dossier
from dossiers.receivers import search_texts_refresh
from dossiers.search import fold, search_q, search_text
from dossiers.selectors import dossier_list
from mergers.services import units_merge
from roles.models import UnitKind
from tests.api_client import DOSSIERS, api, client  # noqa: F401 - fixtures
from tests.factories import UnitFactory, campaign
from tests.searching import OTHERS, SUNG_A_PAO, commune, proposing

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("dossiers.migrations.0010_dossier_search_text")


def found(user, text) -> set:
    return set(dossier_list(user=user).filter(search_q(text)))


@pytest.fixture
def sung_a_pao(town, the_campaign):
    """Sùng A Pao's dossier, beside others of the same commune."""
    for name in OTHERS:
        proposing(town, the_campaign, name)
    return proposing(town, the_campaign, SUNG_A_PAO)


# Folding.
@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sùng A Pao", "sung a pao"),
        ("Xã Tả Van", "xa ta van"),
        ("ĐỒNG Văn Đức", "dong van duc"),
        ("Hộ bà Vàng Thị Mỷ", "ho ba vang thi my"),
        ("Phường  Ô Quý Hồ ", "phuong o quy ho"),
        ("Su\u0300ng", "sung"),  # typed decomposed, as some keyboards do
    ],
)
def test_a_name_is_folded_to_lower_case_without_accents(text, folded):
    assert fold(text) == folded


def test_the_migration_folds_as_the_code_does():
    names = ["Sùng A Pao", "Đồng Văn Đức", "Xã Tả Van", "Phường Sa Pa", "Ông Nguyễn Thị Ưng"]
    assert [MIGRATION.fold(name) for name in names] == [fold(name) for name in names]


# What a search finds.
@pytest.mark.parametrize("text", ["Sung A Pao", "sùng a páo", "SUNG", "sung pao", "Pao Sùng", "  sung   a  "])
def test_the_nominees_name_is_found_whatever_its_accents_and_case(town, sung_a_pao, text):
    assert found(town.reviewer, text) == {sung_a_pao}


def test_every_word_must_be_found(town, sung_a_pao):
    assert found(town.reviewer, "Sung Thi") == set()
    assert {d.nominee.name for d in found(town.reviewer, "a pao")} == {SUNG_A_PAO, "Giàng A Páo"}


def test_the_vietnamese_d_is_found_as_a_d(town, the_campaign, sung_a_pao):
    dong = Dossier.objects.get(nominee__name="Đồng Văn Hùng")

    assert found(town.reviewer, "dong") == {dong}
    assert found(town.reviewer, "ĐỒNG") == {dong}
    assert found(town.reviewer, "đông hung") == {dong}


def test_the_units_name_is_found(town, the_campaign, sung_a_pao):
    ta_van = commune(town, "Xã Tả Van", "ta-van")
    theirs = {
        proposing(town, the_campaign, "Giàng Seo Phử", unit=ta_van),
        proposing(town, the_campaign, "Lý A Chín", unit=ta_van),
    }

    assert found(town.reviewer, "Ta Van") == theirs
    assert found(town.reviewer, "xã tả van") == theirs
    assert {d.nominee.name for d in found(town.reviewer, "ta van chin")} == {"Lý A Chín"}


def test_a_reference_is_found_in_each_of_its_forms(town, the_campaign, sung_a_pao):
    year, pk = the_campaign.year, sung_a_pao.pk

    for text in [sung_a_pao.reference, sung_a_pao.reference.lower(), f"{year}-{pk}", f"{pk:05d}", str(pk)]:
        assert found(town.reviewer, text) == {sung_a_pao}, text
    assert found(town.reviewer, f"HS-{year + 1}-{pk:05d}") == set()
    assert found(town.reviewer, f"{pk} Sùng") == {sung_a_pao}  # a number beside a name: the number or a word


def test_an_empty_search_finds_every_dossier(town, sung_a_pao):
    assert found(town.reviewer, "") == found(town.reviewer, "   ") == set(dossier_list(user=town.reviewer))


# Never wider than the user's units.
def test_no_dossier_outside_the_users_units_is_found(town, other_town, the_campaign, sung_a_pao):
    theirs = proposing(other_town, campaign(other_town), SUNG_A_PAO)
    in_the_ward = proposing(town, the_campaign, "Sùng Seo Pao", unit=town.ward)

    assert found(town.reviewer, "Sung") == {sung_a_pao, in_the_ward}
    assert found(other_town.reviewer, "Sung") == {theirs}
    assert found(town.submitter, "Sung") == {sung_a_pao}
    assert found(town.ward_submitter, "Sung") == {in_the_ward}
    assert found(town.reviewer, theirs.reference) == set()
    assert found(town.submitter, str(in_the_ward.pk)) == set()


# Kept true.
def test_a_renamed_nominee_is_found_under_the_new_name(town, sung_a_pao):
    dossier_services.dossier_update(
        dossier_id=sung_a_pao.pk, actor=town.submitter, fields={}, nominee={"name": "Sùng Seo Chứ"}
    )

    assert found(town.reviewer, "sung seo chu") == {sung_a_pao}
    assert found(town.reviewer, "Sung A Pao") == set()


def test_every_dossier_of_a_renamed_nominee_follows_it(town, the_campaign, sung_a_pao):
    later = proposing(town, campaign(town), "Lý A Chín")
    Dossier.objects.filter(pk=later.pk).update(nominee=sung_a_pao.nominee)  # one nominee, two dossiers
    search_texts_refresh(Dossier.objects.filter(pk=later.pk))
    nominee = sung_a_pao.nominee

    nominee.name = "Sùng Seo Chứ"
    nominee.save()

    assert found(town.reviewer, "seo chu") == {sung_a_pao, later}


def test_a_renamed_unit_is_found_under_the_new_name(town, the_campaign, sung_a_pao):
    ta_van = commune(town, "Xã Tả Van", "ta-van")
    dossier = proposing(town, the_campaign, "Giàng Seo Phử", unit=ta_van)

    ta_van.name = "Xã Tả Van Mới"
    ta_van.save()

    assert found(town.reviewer, "van moi") == {dossier}


def test_a_moved_dossier_is_found_under_its_successors_name(town, the_campaign, sung_a_pao):
    successor = UnitFactory.build(
        code="sa-pa-ngu-chi-son", name="Xã Ngũ Chỉ Sơn", kind=UnitKind.COMMUNE, parent=town.town
    )

    units_merge(
        merged=[town.commune],
        successor=successor,
        effective_on=timezone.localdate(),
        legal_basis="Nghị quyết số 1234/NQ-UBTVQH15 ngày 16/6/2025",
        actor=town.administrator,
    )

    assert found(town.reviewer, "ngu chi son sung") == {sung_a_pao}
    sung_a_pao.refresh_from_db()
    assert sung_a_pao.search_text == "sung a pao\nxa ngu chi son"


def test_the_search_text_is_no_value_of_the_audit_trail(town, sung_a_pao):
    created = AuditEvent.objects.get(stream=stream_for(sung_a_pao), action="dossier.created")
    assert "search_text" not in created.after
    assert created.after["nominee"]["name"] == SUNG_A_PAO


def test_the_migration_fills_in_the_search_text_of_existing_dossiers(town, sung_a_pao):
    Dossier.objects.update(search_text="")

    MIGRATION.backfill(apps, SimpleNamespace(connection=connection))

    sung_a_pao.refresh_from_db()
    assert sung_a_pao.search_text == search_text(SUNG_A_PAO, town.commune.name) == "sung a pao\nxa a"
    assert found(town.reviewer, "Sung A Pao") == {sung_a_pao}


# The API.
def test_the_api_searches_the_users_dossiers(client, town, other_town, the_campaign, sung_a_pao):
    proposing(other_town, campaign(other_town), SUNG_A_PAO)
    ta_van = commune(town, "Xã Tả Van", "ta-van")
    theirs = proposing(town, the_campaign, "Giàng Seo Phử", unit=ta_van)

    def listed(search, **query):
        response = api(client, town.reviewer).get(DOSSIERS, {"search": search, **query})
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert listed("sùng a páo") == listed("SUNG") == [sung_a_pao.pk]
    assert listed("ta van") == [theirs.pk]
    assert listed(f"{the_campaign.year}-{sung_a_pao.pk}") == [sung_a_pao.pk]
    assert listed("sung", status="submitted") == []  # with the other filters


def test_the_apis_search_is_in_its_schema(client, town):
    response = api(client, town.reviewer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    (search,) = [p for p in response.json()["paths"]["/api/dossiers/"]["get"]["parameters"] if p["name"] == "search"]
    assert search["in"] == "query"
    assert search["schema"] == {"type": "string"}
    assert "Sung A Pao finds Sùng A Pao" in search["description"]


@pytest.mark.postgres
def test_the_migration_fills_in_a_database_that_holds_dossiers_on_postgresql(town, sung_a_pao):
    """Migrated back before the search, then forward again, in the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks may meet ALTER TABLE
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("dossiers", "0009_dossier_follows_registration_once")])
    assert "search_text" not in {column.name for column in table_columns("dossiers_dossier")}

    MigrationExecutor(connection).migrate(leaves)

    sung_a_pao.refresh_from_db()
    assert sung_a_pao.search_text == "sung a pao\nxa a"
    assert "dossier_search_text_trgm" in table_indexes("dossiers_dossier")


def table_columns(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_table_description(cursor, table)


def table_indexes(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


# PostgreSQL's trigram index.
@pytest.mark.postgres
def test_a_trigram_index_serves_the_search_on_postgresql(town, sung_a_pao):
    query = Dossier.objects.filter(search_q("sung a pao"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "dossier_search_text_trgm" in plan, plan
    assert set(query) == {sung_a_pao}
