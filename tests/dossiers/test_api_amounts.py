"""Amounts sent to the dossier API read as on the screens: a JSON integer, or a string written
50.000.000, 50 000 000 or 50000000; what could be read two ways answers 422 naming the field, and
changes nothing. The schema says which forms are read."""

import pytest

from dossiers.api import DossierCreateSerializer, DossierUpdateSerializer
from dossiers.models import AMOUNT_FIELDS, AwardForm, Dossier, NomineeKind
from tests.api_client import DOSSIERS, api, client, refusal  # noqa: F401 - client: the English one
from tests.factories import draft, nothing_changes
from workflow_project.api import AmountField

MESSAGE = "Enter the amount in đồng, for example 50.000.000 (dots between thousands, no decimals)."


def create_body(the_campaign, unit, **evidence):
    return {
        "campaign": the_campaign.pk,
        "unit": unit.pk,
        "award_form": AwardForm.objects.get(code="giay-khen").pk,
        "nominee": {"kind": NomineeKind.ENTERPRISE, "name": "Công ty TNHH Nông sản Hoàng Liên"},
        **evidence,
    }


def post(client, body):
    return client.post(DOSSIERS, body, content_type="application/json")


def patch(client, dossier, body):
    return client.patch(f"{DOSSIERS}{dossier.pk}/", body, content_type="application/json")


@pytest.mark.parametrize("sent", [50_000_000, "50.000.000", "50 000 000", "50000000"])
def test_a_draft_is_created_with_the_amount_as_an_integer_or_as_people_write_it(client, town, the_campaign, sent):
    response = post(api(client, town.submitter), create_body(the_campaign, town.commune, support_amount=sent))

    assert response.status_code == 201, response.content
    assert response.json()["support_amount"] == 50_000_000
    assert Dossier.objects.get().support_amount == 50_000_000


@pytest.mark.parametrize("sent", ["50.000000", "50,5", "-50.000.000", -1, 50_000_000.5, "năm mươi triệu", True])
def test_an_ambiguous_amount_answers_422_naming_the_field_and_nothing_is_created(client, town, the_campaign, sent):
    api(client, town.submitter)
    with nothing_changes():
        response = post(client, create_body(the_campaign, town.commune, support_amount=sent))

    body = refusal(response, 422, "invalid_input")
    assert body["fields"] == {"support_amount": [MESSAGE]}


def test_each_amount_is_named_where_it_is_wrong(client, town, the_campaign):
    wrong = dict.fromkeys(AMOUNT_FIELDS, "50.000000")
    api(client, town.submitter)
    with nothing_changes():
        response = post(client, create_body(the_campaign, town.commune, **wrong))

    body = refusal(response, 422, "invalid_input")
    assert body["fields"] == dict.fromkeys(AMOUNT_FIELDS, [MESSAGE])


def test_an_amount_left_null_is_no_amount(client, town, the_campaign):
    response = post(api(client, town.submitter), create_body(the_campaign, town.commune, support_amount=None))

    assert response.status_code == 201, response.content
    assert response.json()["support_amount"] is None


def test_an_edit_reads_the_amount_as_people_write_it(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 30_000_000})

    response = patch(api(client, town.submitter), dossier, {"support_amount": "60.000.000"})

    assert response.status_code == 200, response.content
    assert response.json()["support_amount"] == 60_000_000
    dossier.refresh_from_db()
    assert dossier.support_amount == 60_000_000


def test_an_edit_with_an_ambiguous_amount_answers_422_and_keeps_the_amount(client, town, the_campaign):
    dossier = draft(town, the_campaign, kind=NomineeKind.ENTERPRISE, evidence={"support_amount": 50_000_000})

    api(client, town.submitter)
    with nothing_changes():
        response = patch(client, dossier, {"support_amount": "50.000000"})

    body = refusal(response, 422, "invalid_input")
    assert body["fields"] == {"support_amount": [MESSAGE]}


def test_the_refusal_follows_the_language_asked_for(client, town, the_campaign):
    api(client, town.submitter)
    with nothing_changes():
        response = client.post(
            DOSSIERS,
            create_body(the_campaign, town.commune, support_amount="50.000000"),
            content_type="application/json",
            headers={"accept-language": "vi"},
        )

    body = refusal(response, 422, "invalid_input")
    assert body["fields"]["support_amount"] == [
        "Nhập số tiền bằng đồng, ví dụ 50.000.000 (dấu chấm ngăn cách hàng nghìn, không có phần thập phân)."
    ]


@pytest.mark.parametrize("serializer", [DossierCreateSerializer, DossierUpdateSerializer])
def test_every_amount_of_the_dossiers_writes_is_read_by_the_amount_field(serializer):
    fields = serializer().fields
    assert {name for name, field in fields.items() if isinstance(field, AmountField)} == set(AMOUNT_FIELDS)


def test_the_schema_describes_the_forms_an_amount_is_read_in(client, town):
    response = api(client, town.submitter).get("/api/schema/", {"format": "json"})

    schemas = response.json()["components"]["schemas"]
    for name in ("DossierCreate", "PatchedDossierUpdate"):
        amount = schemas[name]["properties"]["support_amount"]
        integer, string = amount["oneOf"]
        assert (integer["type"], integer["minimum"]) == ("integer", 0)
        assert string["type"] == "string" and string["example"] == "50.000.000"
        assert amount["nullable"] is True
        assert "50.000.000, 50 000 000 or 50000000" in amount["description"]
    assert schemas["DossierDetail"]["properties"]["support_amount"]["type"] == "integer"  # answered as a number
