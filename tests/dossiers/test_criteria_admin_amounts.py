"""A criterion's minimum amount typed in the admin as every amount in đồng is typed: 50.000.000,
50 000 000 or 50000000; what could be read two ways refused on the form. Other thresholds stay
numbers, and an amount shows with dots."""

import pytest

from audit.models import AuditEvent
from dossiers.models import AwardForm, Criterion, Rule
from tests.admin_forms import post, with_criteria
from tests.languages import speaking

URL = "/admin/dossiers/awardform/"
MESSAGE = "Enter the amount in đồng, for example 50.000.000 (dots between thousands, no decimals)."
AMOUNT = {"rule": Rule.MIN_AMOUNT, "field": "support_amount", "nominee_kinds": '["enterprise"]'}


@pytest.fixture(autouse=True)
def in_english(client):
    speaking(client, "en")


def inline_errors(response):
    (criteria,) = [f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "criteria"]
    return criteria.errors


@pytest.mark.parametrize("typed", ["50.000.000", "50 000 000", "50000000"])
def test_a_minimum_amount_is_read_as_people_type_it(admin_client, town, typed):
    post(admin_client, f"{URL}add/", with_criteria(town, AMOUNT | {"threshold": typed}))

    (criterion,) = Criterion.objects.all()
    assert criterion.threshold == 50_000_000


def test_fifty_thousand_with_its_dot_is_fifty_thousand_not_fifty(admin_client, town):
    post(admin_client, f"{URL}add/", with_criteria(town, AMOUNT | {"threshold": "50.000"}))

    assert Criterion.objects.get().threshold == 50_000


@pytest.mark.parametrize("typed", ["50.000000", "50,5", "50.5", "-50.000.000", "50 triệu"])
def test_an_ambiguous_minimum_amount_is_refused_and_nothing_is_saved(admin_client, town, typed):
    response = admin_client.post(f"{URL}add/", with_criteria(town, AMOUNT | {"threshold": typed}))

    assert response.status_code == 200
    assert inline_errors(response) == [{"threshold": [MESSAGE]}]
    assert not AwardForm.objects.filter(code="giay-khen-2020").exists()
    assert not AuditEvent.objects.filter(action__startswith="config.").exists()


def test_a_ratio_is_still_a_number(admin_client, town):
    ratio = {"rule": Rule.MIN_RATIO, "field": "income_per_capita_now", "other_field": "income_per_capita_2019"}
    post(admin_client, f"{URL}add/", with_criteria(town, ratio | {"threshold": "1.5"}))

    assert Criterion.objects.get().threshold == pytest.approx(1.5)


def test_a_ratio_that_is_no_number_is_refused(admin_client, town):
    ratio = {"rule": Rule.MIN_RATIO, "field": "income_per_capita_now", "other_field": "income_per_capita_2019"}
    response = admin_client.post(f"{URL}add/", with_criteria(town, ratio | {"threshold": "lots"}))

    assert inline_errors(response) == [{"threshold": ["Enter a number."]}]


def test_a_rule_without_a_threshold_still_needs_none(admin_client, town):
    attested = {"rule": Rule.ATTESTATION, "field": "village_agrees"}
    post(admin_client, f"{URL}add/", with_criteria(town, attested | {"threshold": ""}))

    assert Criterion.objects.get().threshold is None


def test_the_change_page_shows_a_minimum_amount_with_dots_and_saving_it_unchanged_records_nothing(admin_client, town):
    post(admin_client, f"{URL}add/", with_criteria(town, AMOUNT | {"threshold": "50000000"}))
    form, criterion = AwardForm.objects.get(), Criterion.objects.get()
    change = f"{URL}{form.pk}/change/"

    page = admin_client.get(change).content.decode()
    assert 'name="criteria-0-threshold" value="50.000.000"' in page

    events = AuditEvent.objects.count()
    shown = AMOUNT | {"threshold": "50.000.000", "id": str(criterion.pk), "award_form": str(form.pk)}
    # As the page sends it: with the initial value Django keeps of a field with a callable default.
    data = with_criteria(town, shown, initial=1) | {"initial-criteria-0-nominee_kinds": AMOUNT["nominee_kinds"]}
    post(admin_client, change, data)
    assert AuditEvent.objects.count() == events
    criterion.refresh_from_db()
    assert criterion.threshold == 50_000_000
