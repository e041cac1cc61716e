# The same module-scoped towns and English messages as the dossier tests.
from tests.dossiers.conftest import english, other_town, town, towns  # noqa: F401
