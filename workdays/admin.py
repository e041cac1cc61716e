from django.contrib import admin

from audit.admin import AuditedModelAdmin

from .models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedModelAdmin):
    """Days off and working days the country's calendar does not know yet (``workdays.working_days``)."""

    list_display = ["day", "kind", "unit", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "day"
