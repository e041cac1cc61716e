from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Organisation and roles")

    def ready(self) -> None:
        from . import (
            audit_labels,
            language,  # noqa: F401 - the sign-in keeps the language chosen on its page
        )

        audit_labels.register()
