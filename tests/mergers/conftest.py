# The same module-scoped towns and English messages as the dossier tests.
import pytest
from django.utils import timezone

from mergers.services import units_merge
from tests.dossiers.conftest import english, other_town, town, towns  # noqa: F401

BASIS = "Nghị quyết số 1234/NQ-UBTVQH15 ngày 16/6/2025"


@pytest.fixture
def today():
    return timezone.localdate()


def merge(town, *, units=None, into=None, on=None, actor=None, **kwargs):
    """Merge ``units`` (the town's commune) into ``into`` (the town's ward) today, as its administrator."""
    return units_merge(
        merged=units if units is not None else [town.commune],
        successor=into or town.ward,
        effective_on=on or timezone.localdate(),
        legal_basis=kwargs.pop("legal_basis", BASIS),
        actor=actor or town.administrator,
        **kwargs,
    )
