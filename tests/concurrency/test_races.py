"""Simultaneous requests, each on its own database connection, as two browsers would send them.

These need PostgreSQL's row locks (SQLite serialises whole transactions) and commit for real:
``transaction=True``. Every test builds its data in its own body, and every thread closes its
connection when it is done.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.utils import timezone

from approvals import services as approval_services
from approvals.models import Decision
from audit.models import AuditEvent
from audit.services import audit_record
from dossiers import services as dossier_services
from dossiers.models import Dossier, Status
from roles.models import Role
from tests.concurrency.races import as_user, assert_clean_refusal, assert_trail_verifies, race
from tests.factories import Town, bring_to, campaign, dossier_events, user_with_role
from workflow_project.errors import Conflict, Refused

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_claiming_one_dossier_at_once_one_wins_the_other_gets_a_conflict():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    for _ in range(5):  # several rounds: each a fresh dossier, raced by both reviewers
        dossier = bring_to(Status.SUBMITTED, town, the_campaign)

        def claim(reviewer):
            return lambda: dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=as_user(reviewer))

        outcomes = race(claim(town.reviewer), claim(town.reviewer_2))
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["error", "ok"], outcomes
        [winner] = [i for i, (kind, _) in enumerate(outcomes) if kind == "ok"]
        [(_, refusal)] = [outcome for outcome in outcomes if outcome[0] == "error"]
        assert_clean_refusal(refusal, Conflict)
        dossier.refresh_from_db()
        assert dossier.status == Status.UNDER_REVIEW
        assert dossier.reviewer == [town.reviewer, town.reviewer_2][winner]
        claims = [e for e in dossier_events(dossier) if e.action == "dossier.start_review"]
        assert len(claims) == 1
        assert claims[0].actor == dossier.reviewer
    assert_trail_verifies()


def test_fifty_dossiers_raced_by_four_reviewers_are_each_claimed_exactly_once():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    reviewers = [
        town.reviewer,
        town.reviewer_2,
        user_with_role(Role.LABOUR_REVIEWER, town.labour_office, "sa-pa-reviewer-3"),
        user_with_role(Role.LABOUR_REVIEWER, town.labour_office, "sa-pa-reviewer-4"),
    ]
    ids = [bring_to(Status.SUBMITTED, town, the_campaign, unit=[town.commune, town.ward][i % 2]).pk for i in range(50)]
    events_before = AuditEvent.objects.count()

    def claim_all(reviewer, order):
        def run():
            actor = as_user(reviewer)
            won, refused, failed = [], [], []
            for pk in order:
                try:
                    dossier_services.dossier_start_review(dossier_id=pk, actor=actor)
                    won.append(pk)
                except Conflict:
                    refused.append(pk)
                except BaseException as exc:  # noqa: BLE001
                    failed.append((pk, exc))
            return won, refused, failed

        return run

    orders = [ids, ids[::-1], random.Random(1).sample(ids, len(ids)), random.Random(2).sample(ids, len(ids))]
    outcomes = race(*(claim_all(reviewer, order) for reviewer, order in zip(reviewers, orders, strict=True)))
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    results = [result for _, result in outcomes]
    assert [failed for _, _, failed in results] == [[], [], [], []]
    won = Counter(pk for pk_list, _, _ in results for pk in pk_list)
    # Every dossier was won once and refused to the three others.
    assert won == Counter(ids)
    assert sum(len(refused) for _, refused, _ in results) == 3 * len(ids)
    for dossier in Dossier.objects.filter(pk__in=ids):
        assert dossier.status == Status.UNDER_REVIEW
        [winner] = [
            reviewer for reviewer, (pk_list, _, _) in zip(reviewers, results, strict=True) if dossier.pk in pk_list
        ]
        assert dossier.reviewer_id == winner.pk
        claims = [e for e in dossier_events(dossier) if e.action == "dossier.start_review"]
        assert [(e.actor_id, e.before, e.after) for e in claims] == [
            (winner.pk, {"status": Status.SUBMITTED}, {"status": Status.UNDER_REVIEW})
        ]
    # Nothing lost or doubled: exactly one event per dossier was written by the race.
    assert AuditEvent.objects.count() == events_before + len(ids)
    assert_trail_verifies()


def test_two_decisions_signed_at_once_with_one_number_one_is_refused_cleanly():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    today = timezone.localdate()
    for round_ in range(1, 5):
        first = bring_to(Status.AWAITING_DECISION, town, the_campaign)
        second = bring_to(Status.AWAITING_DECISION, town, the_campaign, unit=town.ward)
        number = f"{round_}/QĐ-UBND"

        def sign(dossier):
            return lambda: approval_services.decision_sign(
                actor=as_user(town.chairman), number=number, signed_on=today, dossier_ids=[dossier.pk]
            )

        outcomes = race(sign(first), sign(second))
        assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
        [(_, refusal)] = [outcome for outcome in outcomes if outcome[0] == "error"]
        assert_clean_refusal(refusal, Refused, Conflict)
        assert refusal.code == "duplicate_decision_number"
        signed, unsigned = (first, second) if outcomes[0][0] == "ok" else (second, first)
        signed.refresh_from_db()
        unsigned.refresh_from_db()
        assert signed.status == Status.APPROVED
        assert unsigned.status == Status.AWAITING_DECISION
        assert not [e for e in dossier_events(unsigned) if e.action == "dossier.approve"]
        [decision] = Decision.objects.filter(number=number)
        assert list(decision.dossiers.all()) == [signed]
    assert_trail_verifies()


def test_two_decisions_signed_at_once_on_one_dossier_only_one_approves_it():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    today = timezone.localdate()
    dossier = bring_to(Status.AWAITING_DECISION, town, the_campaign)

    def sign(number):
        return lambda: approval_services.decision_sign(
            actor=as_user(town.chairman), number=number, signed_on=today, dossier_ids=[dossier.pk]
        )

    outcomes = race(sign("11/QĐ-UBND"), sign("12/QĐ-UBND"))
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    [(_, refusal)] = [outcome for outcome in outcomes if outcome[0] == "error"]
    assert_clean_refusal(refusal, Conflict)
    assert Decision.objects.count() == 1
    assert len([e for e in dossier_events(dossier) if e.action == "dossier.approve"]) == 1
    assert_trail_verifies()


def test_concurrent_writers_to_one_stream_keep_one_unbroken_chain():
    # The first writers also race to create the stream's head row.
    def write(name):
        return lambda: [
            audit_record(action="test.note", stream="test:shared", comment=f"{name}-{i}") for i in range(15)
        ]

    outcomes = race(*(write(name) for name in "abcd"))
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    seqs = list(AuditEvent.objects.filter(stream="test:shared").order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    assert_trail_verifies()
