# The same module-scoped towns and English messages as the dossier tests.
import pytest

from tests.dossiers.conftest import english, other_town, town, towns  # noqa: F401


@pytest.fixture
def mailbox(settings):
    """Emails into ``django.core.mail.outbox``, sent in-process (no Celery broker)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_BROKER_URL = ""
