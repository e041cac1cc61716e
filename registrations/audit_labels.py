"""What the audit trail's readers are told about the emulation registrations' events
(``audit.labels``)."""

from django.utils.translation import gettext_lazy as _

from audit import labels
from dossiers.models import Nominee

from .models import Registration, RegistrationList


def register() -> None:
    labels.actions(
        {
            "registration.created": _("Emulation registration recorded"),
            "registrations.compiled": _("List of registrations compiled"),
        }
    )
    labels.model(Registration)
    labels.model(Nominee, scope=Registration._meta.label_lower, prefix="nominee")
    labels.model(RegistrationList)
