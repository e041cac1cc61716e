from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from audit.admin import AuditedModelAdmin
from audit.services import audit_record

from .models import Membership, Unit, User
from .services import membership_end, membership_grant


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Name in documents"), {"fields": ("full_name",)}),)
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]

    def has_delete_permission(self, request, obj=None):
        # Users who acted are named in the trail: deactivate them instead.
        return False


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(BaseTokenAdmin):
    """The JSON API's tokens. Making or revoking one lands in its user's stream of the audit trail,
    without the key, which is a secret (and the token's primary key)."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            self.record("auth.token_created", request, obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self.record("auth.token_revoked", request, obj)
            super().delete_model(request, obj)

    def record(self, action, request, token):
        audit_record(
            action=action, actor=request.user, stream=f"auth:{token.user.get_username()}", role="administrator"
        )


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "kind", "parent", "merged_into", "merged_on"]
    list_filter = ["kind", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code"]
    # Set by a recorded merger (Unit mergers), never by hand.
    readonly_fields = ["path", "merged_into", "merged_on"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == Membership._meta.model_name:
            # The membership form's choices: a merged unit's roles are held in its successor.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles are granted and ended through the services, which keep permissions and the trail."""

    list_display = ["user", "role", "unit", "starts_on", "ends_on"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(merged_into__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["granted_by"]
        if obj.ends_on is not None and obj.ends_on <= timezone.localdate():
            # An ended membership is history; a new grant gives the role again.
            return ["user", "role", "unit", "starts_on", "ends_on", "granted_by"]
        return ["user", "role", "unit", "starts_on", "granted_by"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.ends_on is not None and "ends_on" in form.base_fields:
            form.base_fields["ends_on"].required = True
        return form

    def save_model(self, request, obj, form, change):
        # The form has already run Membership.clean (role allowed in this kind of unit, dates).
        if not change:
            obj.pk = membership_grant(
                actor=request.user,
                user=obj.user,
                role=obj.role,
                unit=obj.unit,
                starts_on=obj.starts_on,
                ends_on=obj.ends_on,
            ).pk
        elif "ends_on" in form.changed_data and obj.ends_on:
            membership_end(actor=request.user, membership_id=obj.pk, ends_on=obj.ends_on)

    def has_delete_permission(self, request, obj=None):
        return False
