"""The submitter's create screen offers only the campaigns still taking dossiers, and refuses a
closed one beside its field."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dossiers.models import AwardForm, Dossier, NomineeKind
from tests.approvals.flow_client import as_user, client  # noqa: F401 - client: the English one
from tests.factories import campaign, nothing_changes


def test_a_closed_campaign_is_not_offered_and_is_refused_beside_its_field(client, town, the_campaign):
    closed = campaign(town, dossier_deadline=timezone.localdate() - datetime.timedelta(days=1))
    as_user(client, town.submitter)

    offered = client.get(reverse("my_dossiers:create")).context["form"].fields["campaign"].queryset
    with nothing_changes():
        response = client.post(
            reverse("my_dossiers:create"),
            {
                "unit": town.commune.pk,
                "campaign": closed.pk,
                "award_form": AwardForm.objects.get(code="giay-khen").pk,
                "procedure": "ordinary",
                "nominee_kind": NomineeKind.POOR_HOUSEHOLD,
                "nominee_name": "Hộ ông Giàng A Páo",
            },
        )

    assert list(offered) == [the_campaign]
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["campaign"]
    assert not Dossier.objects.exists()
