"""The registration list's first column is headed by what it holds: registration codes."""

from django.test import Client
from django.urls import reverse

from tests.approvals.flow_client import as_user
from tests.factories import registration


def test_the_registration_lists_first_column_is_headed_registration_code(town, the_campaign):
    made = registration(town, the_campaign)
    browser = as_user(Client(headers={"accept-language": "vi"}), town.submitter)

    html = browser.get(reverse("registrations:index")).content.decode()

    assert "<th>Mã đăng ký</th>" in html
    assert "<th>Mã hồ sơ</th>" not in html
    assert made.reference in html
