"""Award standards as data: criteria over a dossier's evidence, their validation, and the
evaluation of a dossier against the seed's town-level standards at every boundary."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dossiers.models import Criterion, Dossier, Nominee, NomineeKind, Result, Rule
from dossiers.selectors import criteria_evaluate, dossier_get
from tests.factories import award_form, draft, town_standard

COMMUNE_ITEMS = {
    "party_clean_strong": True,
    "funds_settled_on_time": True,
    "living_conditions_improved": True,
    "infrastructure_to_standard": True,
    "poverty_reduction_target": 100,
    "poverty_reduction_achieved": 150,
}
POOR_HOUSEHOLD = {
    "on_2019_poor_list": True,
    "complies_with_policy": True,
    "village_agrees": True,
    "income_per_capita_2019": 10_000_000,
    "income_per_capita_now": 30_000_000,
}


@pytest.fixture
def form(town):
    return town_standard(award_form("giay-khen-chuan", town.town))


def evaluate(form, kind, **evidence):
    """The standard evaluated on an unsaved dossier: the evaluation reads only its evidence."""
    return criteria_evaluate(dossier=Dossier(award_form=form, nominee=Nominee(kind=kind), **evidence))


def reasons(evaluation):
    return [(item.result, item.reason) for item in evaluation.results]


# The seed's standards at their boundaries.
def test_an_enterprise_gives_50_000_000_dong_or_more(form):
    below = evaluate(form, NomineeKind.ENTERPRISE, support_amount=49_999_999)
    at = evaluate(form, NomineeKind.ENTERPRISE, support_amount=50_000_000)

    assert (below.result, at.result) == (Result.NOT_MET, Result.MET)
    assert reasons(below) == [(Result.NOT_MET, "49.999.999 đồng < 50.000.000 đồng")]
    assert reasons(at) == [(Result.MET, "50.000.000 đồng ≥ 50.000.000 đồng")]


def test_an_individual_helps_5_households_or_gives_50_000_000_dong(form):
    four = evaluate(form, NomineeKind.INDIVIDUAL, households_helped=4, support_amount=0)
    five = evaluate(form, NomineeKind.INDIVIDUAL, households_helped=5, support_amount=0)

    assert (four.result, five.result) == (Result.NOT_MET, Result.MET)
    assert reasons(four)[1] == (Result.NOT_MET, "4 households < 5")
    assert reasons(five)[1] == (Result.MET, "5 households ≥ 5")


def test_any_alternative_met_meets_the_individuals_standard(form):
    by_money = evaluate(form, NomineeKind.INDIVIDUAL, support_amount=50_000_000, households_helped=0)
    by_households = evaluate(form, NomineeKind.INDIVIDUAL, households_helped=7)
    neither = evaluate(form, NomineeKind.INDIVIDUAL, support_amount=49_999_999, households_helped=4)

    assert by_money.result == by_households.result == Result.MET
    assert neither.result == Result.NOT_MET


def test_an_alternative_with_missing_evidence_is_not_failed(form):
    evaluation = evaluate(form, NomineeKind.INDIVIDUAL, support_amount=10_000_000)

    assert evaluation.result == Result.MISSING
    assert reasons(evaluation)[1] == (Result.MISSING, "evidence missing: poor households helped into stable work")


@pytest.mark.parametrize(
    ("achieved", "result", "reason"),
    [
        (149, Result.NOT_MET, "149 against a target of 100: 49% over < 50%"),
        (150, Result.MET, "150 against a target of 100: 50% over ≥ 50%"),
    ],
)
def test_a_commune_exceeds_its_target_by_50_percent(form, achieved, result, reason):
    evaluation = evaluate(form, NomineeKind.COMMUNE, **COMMUNE_ITEMS | {"poverty_reduction_achieved": achieved})

    assert evaluation.result == result
    assert (result, reason) in reasons(evaluation)


def test_a_commune_needs_all_five_items(form):
    complete = evaluate(form, NomineeKind.VILLAGE, **COMMUNE_ITEMS)
    one_short = evaluate(form, NomineeKind.VILLAGE, **COMMUNE_ITEMS | {"funds_settled_on_time": False})

    assert len(complete.results) == 5
    assert complete.result == Result.MET
    assert one_short.result == Result.NOT_MET
    assert (Result.NOT_MET, "attestation missing: funds allocated and settled correctly and on time") in reasons(
        one_short
    )


@pytest.mark.parametrize(
    ("now", "result", "reason"),
    [
        (
            29_900_000,
            Result.NOT_MET,
            "ratio income per person now (đồng/year) / income per person in 2019 (đồng/year): 2,99 < 3",
        ),
        (
            30_000_000,
            Result.MET,
            "ratio income per person now (đồng/year) / income per person in 2019 (đồng/year): 3 ≥ 3",
        ),
    ],
)
def test_a_poor_households_income_per_person_triples(form, now, result, reason):
    evaluation = evaluate(form, NomineeKind.POOR_HOUSEHOLD, **POOR_HOUSEHOLD | {"income_per_capita_now": now})

    assert evaluation.result == result
    assert (result, reason) in reasons(evaluation)


def test_a_ratio_just_below_is_never_shown_as_reached(form):
    evaluation = evaluate(form, NomineeKind.POOR_HOUSEHOLD, **POOR_HOUSEHOLD | {"income_per_capita_now": 29_999_999})

    assert evaluation.result == Result.NOT_MET
    assert any(reason.endswith("2,99 < 3") for _, reason in reasons(evaluation))


def test_a_poor_household_without_its_villages_agreement_is_refused_with_the_reason(form):
    evaluation = evaluate(form, NomineeKind.POOR_HOUSEHOLD, **POOR_HOUSEHOLD | {"village_agrees": False})

    assert evaluation.result == Result.NOT_MET
    assert (Result.NOT_MET, "attestation missing: harmonious family; the village agrees to propose it") in reasons(
        evaluation
    )


def test_a_poor_household_must_be_on_the_2019_list(form):
    off = evaluate(form, NomineeKind.POOR_HOUSEHOLD, **POOR_HOUSEHOLD | {"on_2019_poor_list": False})
    unknown = evaluate(form, NomineeKind.POOR_HOUSEHOLD, **POOR_HOUSEHOLD | {"on_2019_poor_list": None})

    assert off.result == Result.NOT_MET
    assert unknown.result == Result.MISSING


def test_an_official_and_an_agency_are_for_the_reviewer_to_judge(form):
    for kind in (NomineeKind.OFFICIAL, NomineeKind.AGENCY):
        evaluation = evaluate(form, kind)
        assert evaluation.result == Result.JUDGEMENT
        assert [c.rule for c in evaluation.judgements] == [Rule.JUDGEMENT]


def test_the_reviewers_answer_decides_a_judgement_criterion(form):
    dossier = Dossier(award_form=form, nominee=Nominee(kind=NomineeKind.OFFICIAL))
    (criterion,) = criteria_evaluate(dossier=dossier).judgements

    assert criteria_evaluate(dossier=dossier, judgements={criterion.pk: True}).result == Result.MET
    assert criteria_evaluate(dossier=dossier, judgements={criterion.pk: False}).result == Result.NOT_MET


def test_a_kind_without_criteria_has_no_standard(form):
    evaluation = evaluate(form, NomineeKind.HOUSEHOLD)

    assert evaluation.results == [] and evaluation.result is None


def test_a_dossier_read_by_dossier_get_is_evaluated_without_a_query(town, the_campaign, django_assert_num_queries):
    town_standard(the_campaign.award_forms.get(code="giay-khen"))
    made = draft(town, the_campaign, kind=NomineeKind.COMMUNE, evidence=COMMUNE_ITEMS)
    dossier = dossier_get(user=town.reviewer, dossier_id=made.pk)

    with django_assert_num_queries(0):
        assert criteria_evaluate(dossier=dossier).result == Result.MET


# Bad configuration is refused with a clear message.
def criterion(form, **fields) -> Criterion:
    return Criterion(award_form=form, **fields)


def errors(item: Criterion) -> dict:
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    return refused.value.message_dict


def test_a_criterion_on_a_field_that_does_not_exist_is_refused(form):
    bad = criterion(form, rule=Rule.MIN_AMOUNT, field="turnover", threshold=Decimal(1))

    assert errors(bad) == {"field": ["There is no evidence field “turnover”."]}


def test_a_criterion_on_a_field_of_the_wrong_type_is_refused(form):
    bad = criterion(form, rule=Rule.MIN_AMOUNT, field="households_helped", threshold=Decimal(5))

    assert errors(bad) == {
        "field": [
            "The rule “Minimum amount in đồng” reads an amount in đồng; “poor households helped into "
            "stable work” is not one."
        ]
    }


def test_an_attestation_on_an_amount_is_refused(form):
    bad = criterion(form, rule=Rule.ATTESTATION, field="support_amount")

    assert "field" in errors(bad)


def test_a_negative_threshold_is_refused(form):
    bad = criterion(form, rule=Rule.MIN_COUNT, field="households_helped", threshold=Decimal(-1))

    assert errors(bad) == {"threshold": ["A threshold cannot be negative."]}


def test_a_percentage_over_the_target_above_100_is_refused(form):
    bad = criterion(
        form,
        rule=Rule.OVER_TARGET,
        field="poverty_reduction_achieved",
        other_field="poverty_reduction_target",
        threshold=Decimal(150),
    )

    assert errors(bad)["threshold"] == [
        "A percentage over the target lies between 0 and 100; for a multiple of the target, use a minimum ratio."
    ]


def test_a_ratio_without_its_second_field_is_refused(form):
    bad = criterion(form, rule=Rule.MIN_RATIO, field="income_per_capita_now", threshold=Decimal(3))

    assert errors(bad) == {"other_field": ["A ratio needs the field it divides by."]}


def test_a_rule_without_its_threshold_is_refused(form):
    bad = criterion(form, rule=Rule.MIN_AMOUNT, field="support_amount")

    assert errors(bad) == {"threshold": ["The rule “Minimum amount in đồng” needs a threshold."]}


def test_a_judgement_without_its_wording_is_refused(form):
    assert errors(criterion(form, rule=Rule.JUDGEMENT)) == {"description": ["Say what the reviewer judges."]}


def test_an_unknown_nominee_kind_is_refused(form):
    bad = criterion(form, rule=Rule.JUDGEMENT, description="Nhiều thành tích", nominee_kinds=["martian"])

    assert errors(bad) == {"nominee_kinds": ["Unknown nominee kinds: martian"]}


def test_the_seed_criteria_read_as_rules(form):
    texts = {str(c.get_rule_display()): c.rule_text() for c in form.criteria.all()}

    assert texts["Minimum amount in đồng"] == "gifts and in-kind support (đồng) ≥ 50.000.000 đồng"
    assert texts["Minimum ratio of one field to another"] == (
        "income per person now (đồng/year) / income per person in 2019 (đồng/year) ≥ 3"
    )
