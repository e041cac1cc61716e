"""Amounts typed on the submitters' dossier screens as people type them: 50.000.000, 50000000 and
50 000 000 are fifty million; what could be read two ways is refused on the form with the form
expected, and nothing is saved. The dossier's page and its form show amounts with dots."""

import pytest
from django.urls import reverse

from dossiers.models import AMOUNT_FIELDS, AwardForm, Dossier, NomineeKind
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.factories import draft, nothing_changes
from tests.languages import speaking

MESSAGE = "Enter the amount in đồng, for example 50.000.000 (dots between thousands, no decimals)."
MESSAGE_VI = "Nhập số tiền bằng đồng, ví dụ 50.000.000 (dấu chấm ngăn cách hàng nghìn, không có phần thập phân)."
AMBIGUOUS = ["50.000000", "50,5", "50,000", "-50.000.000", "50 triệu", "5e7"]


def url(name, *args):
    return reverse(f"my_dossiers:{name}", args=args)


def enterprise(the_campaign, unit, **evidence):
    """A new dossier's form for an enterprise, with ``evidence`` as typed."""
    return {
        "unit": unit.pk,
        "campaign": the_campaign.pk,
        "award_form": AwardForm.objects.get(code="giay-khen").pk,
        "procedure": "ordinary",
        "nominee_kind": NomineeKind.ENTERPRISE,
        "nominee_name": "Công ty TNHH Nông sản Hoàng Liên",
        "summary": "Ủng hộ giống thảo quả cho hộ nghèo",
        **evidence,
    }


def edit_data(dossier, **evidence):
    """The edit form of ``dossier`` as it is sent back unchanged, but for ``evidence``."""
    return {
        "award_form": dossier.award_form_id,
        "procedure": dossier.procedure,
        "summary": dossier.summary,
        "nominee_kind": dossier.nominee.kind,
        "nominee_name": dossier.nominee.name,
        **evidence,
    }


@pytest.mark.parametrize("typed", ["50.000.000", "50000000", "50 000 000", " 50.000.000 "])
def test_an_amount_typed_the_vietnamese_way_is_saved_whole(client, town, the_campaign, typed):
    response = as_user(client, town.submitter).post(
        url("create"), enterprise(the_campaign, town.commune, support_amount=typed)
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert dossier.support_amount == 50_000_000


def test_every_amount_of_the_dossier_is_read_the_same_way(client, town, the_campaign):
    typed = {"support_amount": "50.000.000", "income_per_capita_2019": "7 800 000", "income_per_capita_now": "24600000"}

    as_user(client, town.submitter).post(url("create"), enterprise(the_campaign, town.commune, **typed))

    dossier = Dossier.objects.get()
    assert (dossier.support_amount, dossier.income_per_capita_2019, dossier.income_per_capita_now) == (
        50_000_000,
        7_800_000,
        24_600_000,
    )


def test_the_saved_dossiers_page_shows_the_amount_with_dots(client, town, the_campaign):
    as_user(client, town.submitter).post(
        url("create"), enterprise(the_campaign, town.commune, support_amount="50000000")
    )

    response = client.get(url("detail", Dossier.objects.get().pk))

    assert "50.000.000 đồng" in response.content.decode()


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_an_ambiguous_amount_is_refused_naming_the_expected_form_and_nothing_is_saved(
    client, town, the_campaign, typed
):
    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("create"), enterprise(the_campaign, town.commune, support_amount=typed))

    assert response.status_code == 200
    assert response.context["form"].errors == {"support_amount": [MESSAGE]}
    assert f'value="{typed}"' in response.content.decode()  # shown as typed, to be corrected


@pytest.mark.parametrize("name", AMOUNT_FIELDS)
def test_each_amount_field_refuses_what_is_ambiguous(client, town, the_campaign, name):
    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("create"), enterprise(the_campaign, town.commune, **{name: "50.000000"}))

    assert response.context["form"].errors == {name: [MESSAGE]}


def test_the_refusal_is_in_vietnamese_on_a_vietnamese_screen(client, town, the_campaign):
    speaking(as_user(client, town.submitter), "vi")
    with nothing_changes():
        response = client.post(url("create"), enterprise(the_campaign, town.commune, support_amount="50.000000"))

    assert MESSAGE_VI in response.content.decode()


def test_the_form_asks_for_amounts_in_text_inputs_with_a_digit_keyboard(client, town, the_campaign):
    response = as_user(client, town.submitter).get(url("create"))

    form = response.context["form"]
    for name in AMOUNT_FIELDS:
        html = str(form[name])
        assert 'type="text"' in html and 'inputmode="numeric"' in html, html
    assert 'type="number" name="support_amount"' not in response.content.decode()


def test_the_edit_form_shows_the_saved_amount_with_dots(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 50_000_000})

    response = as_user(client, town.submitter).get(url("update", dossier.pk))

    assert 'value="50.000.000"' in str(response.context["form"]["support_amount"])


def test_an_edit_reads_the_amount_typed_the_vietnamese_way(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 30_000_000})

    response = as_user(client, town.submitter).post(
        url("update", dossier.pk), edit_data(dossier, support_amount="60.000.000")
    )

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert dossier.support_amount == 60_000_000


def test_an_edit_sent_back_as_shown_changes_nothing(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 50_000_000})

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("update", dossier.pk), edit_data(dossier, support_amount="50.000.000"))

    assert response.status_code == 302


def test_an_edit_with_an_ambiguous_amount_is_refused_and_the_dossier_keeps_its_amount(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 50_000_000})

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("update", dossier.pk), edit_data(dossier, support_amount="50.000000"))

    assert response.context["form"].errors == {"support_amount": [MESSAGE]}
    dossier.refresh_from_db()
    assert dossier.support_amount == 50_000_000
