from dossiers.models import Status
from tests.factories import bring_to


def test_every_state_is_reachable(town, the_campaign):
    for status in Status:
        assert bring_to(status, town, the_campaign).status == status
