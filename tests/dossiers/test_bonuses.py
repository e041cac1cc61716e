"""An award's bonus (tiền thưởng): the award form's coefficient of the base salary in force on the
decision's date, for individuals or for collectives, rounded up to the ten thousand đồng."""

import datetime
from decimal import Decimal

import pytest

from dossiers.models import AwardBonus, BaseSalary, NomineeKind
from dossiers.selectors import bonus_for
from tests.factories import award_form, draft

pytestmark = pytest.mark.django_db

JUNE_30, JULY_1 = datetime.date(2024, 6, 30), datetime.date(2024, 7, 1)


@pytest.fixture
def salaries():
    BaseSalary.objects.create(valid_from=datetime.date(2019, 7, 1), amount=1_490_000)
    BaseSalary.objects.create(valid_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalary.objects.create(valid_from=JULY_1, amount=2_340_000)


@pytest.fixture
def giay_khen(town, salaries):
    form = award_form("giay-khen", town.town)
    AwardBonus.objects.create(
        award_form=form,
        valid_from=datetime.date(2017, 9, 15),
        individual_coefficient=Decimal("0.3"),
        collective_coefficient=Decimal("0.6"),
    )
    return form


def test_the_base_salary_in_force_is_the_latest_that_began_on_or_before_the_date(giay_khen):
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=JUNE_30) == 540_000  # 0,3 × 1.800.000
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=JULY_1) == 710_000  # 0,3 × 2.340.000 = 702.000


def test_collectives_take_the_collective_coefficient_and_households_the_individual_one(giay_khen):
    assert bonus_for(giay_khen, NomineeKind.AGENCY, on=JUNE_30) == 1_080_000
    assert bonus_for(giay_khen, NomineeKind.VILLAGE, on=JULY_1) == 1_410_000  # 1.404.000 rounded up
    assert bonus_for(giay_khen, NomineeKind.HOUSEHOLD, on=JULY_1) == 710_000
    assert bonus_for(giay_khen, NomineeKind.OFFICIAL, on=JULY_1) == 710_000


def test_the_bonus_is_rounded_up_to_the_ten_thousand_dong(giay_khen):
    # 2020: 0,3 × 1.490.000 = 447.000 and 0,6 × 1.490.000 = 894.000.
    day = datetime.date(2020, 12, 1)
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=day) == 450_000
    assert bonus_for(giay_khen, NomineeKind.COMMUNE, on=day) == 900_000
    AwardBonus.objects.create(award_form=giay_khen, valid_from=JULY_1, individual_coefficient=Decimal("1.5"))
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=JULY_1) == 3_510_000  # exact: not rounded further


def test_a_coefficient_applies_from_its_own_date(giay_khen):
    AwardBonus.objects.create(
        award_form=giay_khen, valid_from=JULY_1, individual_coefficient=Decimal("1"), collective_coefficient=None
    )
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=JUNE_30) == 540_000
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=JULY_1) == 2_340_000
    assert bonus_for(giay_khen, NomineeKind.AGENCY, on=JULY_1) is None


def test_no_bonus_configured_is_none_not_zero(town, salaries, giay_khen):
    flag = award_form("co-thi-dua", town.province)
    assert bonus_for(flag, NomineeKind.AGENCY, on=JULY_1) is None
    AwardBonus.objects.create(award_form=flag, valid_from=JULY_1, collective_coefficient=Decimal("8"))
    assert bonus_for(flag, NomineeKind.AGENCY, on=JULY_1) == 18_720_000
    assert bonus_for(flag, NomineeKind.INDIVIDUAL, on=JULY_1) is None  # a flag goes to collectives only
    assert bonus_for(flag, NomineeKind.AGENCY, on=JUNE_30) is None  # before its bonus began
    # Before any base salary: none either.
    assert bonus_for(giay_khen, NomineeKind.INDIVIDUAL, on=datetime.date(2019, 6, 30)) is None


def test_a_dossier_gives_its_award_form_and_its_nominees_kind(town, the_campaign, giay_khen):
    assert the_campaign.award_forms.get(code="giay-khen") == giay_khen
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, documents=False)
    assert bonus_for(dossier, on=JULY_1) == 1_410_000
