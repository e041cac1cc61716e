from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow_project.errors import ServiceError

from .forms import UnitMergerForm
from .models import UnitMerger
from .services import units_merge


@admin.register(UnitMerger)
class UnitMergerAdmin(admin.ModelAdmin):
    """A merger is recorded through its service (which moves open work and roles, and audits it),
    and is never edited afterwards: a recorded merger is read-only."""

    list_display = ["successor", "merged", "effective_on", "legal_basis", "recorded_by", "recorded_at"]
    list_filter = ["effective_on"]
    search_fields = ["successor__name", "legal_basis"]
    fields = ["successor", "merged_units", "effective_on", "legal_basis", "recorded_by", "recorded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("successor", "recorded_by").prefetch_related("merged_units")

    @admin.display(description=gettext_lazy("merged units"))
    def merged(self, obj):
        return ", ".join(unit.name for unit in obj.merged_units.all())

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UnitMergerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                merger = units_merge(
                    merged=list(form.cleaned_data["merged_units"]),
                    successor=form.successor_unit(),
                    effective_on=form.cleaned_data["effective_on"],
                    legal_basis=form.cleaned_data["legal_basis"],
                    carry_memberships=form.cleaned_data["carry_memberships"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
                for field, errors in exc.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The merger into %(unit)s is recorded.") % {"unit": merger.successor})
                return redirect(reverse("admin:mergers_unitmerger_change", args=[merger.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a merger of units"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/mergers/unitmerger/add_form.html", context)
