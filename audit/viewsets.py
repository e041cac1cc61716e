"""The auditor's place in viewflow's frontend: one application in the Site's menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from . import views
from .selectors import is_auditor


class AuditApplication(Application):
    title = _("Audit trail")
    icon = "policy"
    app_name = "audit"
    menu_template_name = "audit/menu.html"

    index_path = path("", views.event_list_view, name="index")
    event_path = path("<int:event_id>/", views.event_detail_view, name="event")
    export_path = path("export.csv", views.event_export_view, name="export")
    export_xlsx_path = path("export.xlsx", views.event_export_xlsx_view, name="export_xlsx")
    verify_path = path("verify/", views.trail_verify_view, name="verify")

    def has_view_permission(self, user, obj=None):
        # viewflow's middleware answers 403 to anyone else, before any view runs.
        return is_auditor(user)
