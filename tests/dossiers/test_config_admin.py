"""Bad configuration of award forms and campaigns is refused in the admin, with a clear message,
and nothing is saved or recorded."""

import pytest

from audit.models import AuditEvent
from dossiers.models import AwardForm, Campaign
from tests.admin_forms import award_form_data, campaign_data
from tests.factories import award_form
from tests.languages import speaking

pytestmark = pytest.mark.django_db

PERCENT = "Enter a percentage greater than 0 and at most 100."


def refused(client, url, data) -> dict:
    """Post the admin form; it must answer the form again (200) with its errors."""
    response = speaking(client, "en").post(url, data)
    assert response.status_code == 200
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quorum_percent", "100.01"),
        ("quorum_percent", "-1"),
        ("quorum_percent", "0"),
        ("vote_threshold_percent", "101"),
        ("vote_threshold_percent", "-0.5"),
        ("vote_threshold_percent", "0"),
    ],
)
def test_a_quorum_or_threshold_outside_0_to_100_percent_is_refused(admin_client, town, field, value):
    errors = refused(admin_client, "/admin/dossiers/awardform/add/", award_form_data(town) | {field: value})

    assert errors == {field: [PERCENT]}
    assert not AwardForm.objects.filter(code="giay-khen-2020").exists()
    assert not AuditEvent.objects.filter(action__startswith="config.").exists()


def test_an_office_cannot_be_an_awarding_body(admin_client, town):
    data = award_form_data(town) | {"awarding_body": town.labour_office.pk}

    errors = refused(admin_client, "/admin/dossiers/awardform/add/", data)

    assert errors == {
        "awarding_body": [
            "The awarding body must be a province, town, commune or ward, whose People's Committee signs the "
            "award, not a unit of kind Office or council."
        ]
    }


def test_an_award_forms_validity_cannot_leave_out_the_year_of_a_campaign_offering_it(admin_client, town, the_campaign):
    form = the_campaign.award_forms.get(code="giay-khen")
    data = award_form_data(town) | {"code": "giay-khen", "name": "giay-khen", "valid_until": "2020-12-31"}

    errors = refused(admin_client, f"/admin/dossiers/awardform/{form.pk}/change/", data)

    assert errors == {
        "valid_until": [
            f"The campaigns {the_campaign} ({the_campaign.year}) offer this award form: its validity must cover "
            "part of their year."
        ]
    }
    form.refresh_from_db()
    assert form.valid_until is None


def test_a_campaign_cannot_offer_an_award_form_not_valid_in_its_year(admin_client, town):
    old = award_form("giay-khen-2019", town.town, valid_until="2019-12-31")
    count = Campaign.objects.count()

    errors = refused(admin_client, "/admin/dossiers/campaign/add/", campaign_data(town, [old]) | {"year": 2026})

    assert errors == {
        "award_forms": [
            "A campaign of 2026 offers only award forms valid during its year; not giay-khen-2019 "
            "(valid from 01/01/2016 to 31/12/2019)."
        ]
    }
    assert Campaign.objects.count() == count
