"""A campaign's deadlines follow one another; one set before the deadline it follows is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dossiers.models import Campaign
from tests.factories import Town, campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "later, earlier",
    [
        ("registration_compile_deadline", "registration_deadline"),
        ("plan_deadline", "registration_deadline"),
        ("dossier_deadline", "plan_deadline"),
        ("compile_deadline", "dossier_deadline"),
        ("yearend_report_deadline", "midyear_report_deadline"),
    ],
)
def test_a_deadline_before_the_one_it_follows_is_refused(later, earlier):
    the_campaign = campaign(Town())
    the_campaign.midyear_report_deadline = the_campaign.plan_deadline + datetime.timedelta(days=20)
    the_campaign.yearend_report_deadline = the_campaign.compile_deadline + datetime.timedelta(days=20)
    the_campaign.full_clean()
    setattr(the_campaign, later, getattr(the_campaign, earlier) - datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as refusal:
        the_campaign.full_clean()

    field = Campaign._meta.get_field
    assert refusal.value.message_dict[later] == [
        f"{field(later).verbose_name} cannot be before {field(earlier).verbose_name}."
    ]


def test_deadlines_on_the_same_day_are_accepted():
    the_campaign = campaign(Town())
    the_campaign.plan_deadline = the_campaign.registration_deadline
    the_campaign.full_clean()
