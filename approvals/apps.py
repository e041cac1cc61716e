from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Council, decisions and escalation")

    def ready(self):
        from mergers.signals import dossier_moved

        from . import audit_labels
        from .transitions import tasks_follow_merger

        dossier_moved.connect(tasks_follow_merger, dispatch_uid="approvals.tasks_follow_merger")
        audit_labels.register()
