from django.contrib import admin
from viewflow.workflow.models import Process, Task

from audit.admin import AuditedModelAdmin

from .models import CalendarException

# The admin is for configuration. viewflow registers its processes and tasks there, where a
# change or a deletion would move the routing behind the flow's back and out of the audit trail;
# routing changes only through the flow's own screens (cancel, undo and revive: superusers).
for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedModelAdmin):
    """Days off and working days the country's calendar does not know yet (``approvals.working_days``)."""

    list_display = ["day", "kind", "unit", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "day"
