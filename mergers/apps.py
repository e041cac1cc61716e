from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MergersConfig(AppConfig):
    name = "mergers"
    verbose_name = _("Unit mergers")

    def ready(self) -> None:
        from . import audit_labels

        audit_labels.register()
