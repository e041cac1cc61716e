from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Award dossiers")

    def ready(self) -> None:
        from . import audit_labels
        from .receivers import connect

        audit_labels.register()
        connect()
