"""The documents' SHA-256 checksums on the dossier's page are shown to the auditors over its unit
only; the other readers see the files without that column."""

import pytest

from roles.models import Role
from tests.approvals.dossier_pages import page
from tests.approvals.flow_client import client  # noqa: F401 - client: the English one
from tests.factories import draft


def test_an_auditor_sees_each_documents_checksum(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    html = page(client, town.auditor, dossier).content.decode()

    assert "SHA-256 checksum" in html
    assert dossier.documents.first().sha256 in html


@pytest.mark.parametrize("role", [Role.COMMUNE_SUBMITTER, Role.LABOUR_REVIEWER, Role.TOWN_CHAIRMAN])
def test_the_other_readers_see_no_checksum(client, town, the_campaign, role):
    dossier = draft(town, the_campaign)

    response = page(client, town.user_for(role), dossier)

    html = response.content.decode()
    assert response.status_code == 200
    assert "SHA-256" not in html
    assert dossier.documents.first().sha256 not in html
    assert dossier.documents.first().original_name in html
