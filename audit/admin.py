from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import labels
from .services import audit_record, changes, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Configuration edited in the admin lands in the audit trail, in the same transaction; the
    auditor reads its fields by their names (``audit.labels``)."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        labels.model(model)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # As stored: the form's values may differ in form only (Decimal("50") for "50.00").
            after = snapshot(type(obj).objects.get(pk=obj.pk))
            if before is not None:
                before, after = changes(before, after)
                if not after:
                    return
            audit_record(
                action=f"config.{'changed' if change else 'added'}",
                actor=request.user,
                obj=obj,
                before=before,
                after=after,
                role="administrator",
            )

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            obj = form.instance
            for formset in formsets:
                if formset.has_changed():
                    audit_record(
                        action="config.related_changed",
                        actor=request.user,
                        obj=obj,
                        after={
                            # Read afresh: the formset's own queryset was taken before the save
                            # (and is empty when the object is new).
                            str(formset.model._meta.verbose_name_plural): [
                                snapshot(item)
                                for item in formset.model._default_manager.filter(**{formset.fk.name: obj})
                            ]
                        },
                        role="administrator",
                    )
            many_to_many = {
                field.name: sorted(item.pk for item in field.value_from_object(obj))
                for field in obj._meta.many_to_many
                if field.name in form.changed_data
            }
            if many_to_many:
                audit_record(
                    action="config.changed", actor=request.user, obj=obj, after=many_to_many, role="administrator"
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                action="config.deleted", actor=request.user, obj=obj, before=snapshot(obj), role="administrator"
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


admin.site.site_header = _("Award dossiers")
admin.site.site_title = _("Award dossiers")
