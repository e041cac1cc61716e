"""What the audit trail's readers are told about the roles' events (``audit.labels``): roles
granted and ended, the API's tokens, units and memberships in words."""

from django.utils.translation import gettext_lazy as _

from audit import labels

from .models import Membership, Unit


def register() -> None:
    labels.actions(
        {
            "role.granted": _("Role granted"),
            "role.revoked": _("Role ended"),
            "auth.token_created": _("API token made"),
            "auth.token_revoked": _("API token revoked"),
        }
    )
    labels.model(Membership)
    labels.model(Unit)
