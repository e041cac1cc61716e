"""The award form's criteria edited in the admin: bad ones refused on the form, changes audited."""

import pytest

from audit.models import AuditEvent
from audit.services import stream_for
from dossiers.models import AwardForm, Criterion, Rule
from tests.admin_forms import post, with_criteria
from tests.languages import speaking

URL = "/admin/dossiers/awardform/"


@pytest.fixture(autouse=True)
def in_english(client):
    speaking(client, "en")


AMOUNT = {
    "rule": Rule.MIN_AMOUNT,
    "field": "support_amount",
    "threshold": "50000000",
    "nominee_kinds": '["enterprise"]',
}


def test_a_criterion_added_in_the_admin_is_recorded_with_the_award_form(admin_client, town):
    post(admin_client, f"{URL}add/", with_criteria(town, AMOUNT))

    form = AwardForm.objects.get(code="giay-khen-2020")
    (criterion,) = form.criteria.all()
    assert (criterion.rule, criterion.field, criterion.threshold) == (Rule.MIN_AMOUNT, "support_amount", 50_000_000)
    related = AuditEvent.objects.get(action="config.related_changed", stream=stream_for(form))
    assert related.after["award standard criteria"][0]["threshold"] == "50000000.00"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"rule": Rule.MIN_COUNT, "field": "support_amount", "threshold": "5"},
            "The rule “Minimum count” reads a count; “gifts and in-kind support (đồng)” is not one.",
        ),
        ({"rule": Rule.MIN_COUNT, "field": "households_helped", "threshold": "-5"}, "A threshold cannot be negative."),
        (
            {"rule": Rule.MIN_RATIO, "field": "income_per_capita_now", "threshold": "3"},
            "A ratio needs the field it divides by.",
        ),
        ({"rule": Rule.MIN_AMOUNT, "field": "turnover", "threshold": "1"}, "Select a valid choice."),
    ],
    ids=["wrong type", "negative", "ratio alone", "no such field"],
)
def test_a_bad_criterion_is_refused_on_the_form_and_nothing_is_saved(admin_client, town, fields, message):
    response = admin_client.post(f"{URL}add/", with_criteria(town, fields))

    assert response.status_code == 200
    (criteria,) = [f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "criteria"]
    assert message in str(criteria.errors)
    assert not AwardForm.objects.filter(code="giay-khen-2020").exists()
    assert not Criterion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="config.").exists()
