from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from . import labels, signals  # noqa: F401

        # The actions this app writes itself; the other apps register theirs (``audit.labels``).
        labels.actions(
            {
                "auth.login": _("Signed in"),
                "auth.logout": _("Signed out"),
                "auth.login_failed": _("Sign-in failed"),
                "auth.password_set": _("Password set"),
                "auth.password_changed": _("Password changed"),
                "config.added": _("Configuration added"),
                "config.changed": _("Configuration changed"),
                "config.related_changed": _("Configuration's details changed"),
                "config.deleted": _("Configuration deleted"),
            }
        )
