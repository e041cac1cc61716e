from django.contrib import admin

from audit.admin import AuditedModelAdmin

from .models import AwardForm, Campaign, Document, Dossier, Nominee, RequiredDocument


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(AwardForm)
class AwardFormAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "awarding_body", "valid_from", "valid_until", "quorum_percent", "vote_threshold_percent"]
    search_fields = ["name", "code"]
    inlines = [RequiredDocumentInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    list_display = ["name", "year", "launched_by", "registration_deadline", "dossier_deadline", "compile_deadline"]
    list_filter = ["year"]
    search_fields = ["name"]
    filter_horizontal = ["award_forms"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Dossiers change only through their services: the admin shows them, nothing more."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = Document
    fk_name = "dossier"
    extra = 0
    fields = ["kind", "original_name", "size", "sha256", "uploaded_by", "uploaded_at", "superseded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["reference", "nominee", "unit", "award_form", "status", "created_at"]
    list_filter = ["status", "campaign", "award_form"]
    search_fields = ["nominee__name", "unit__name"]
    list_select_related = ["campaign", "nominee", "unit", "award_form"]
    inlines = [DocumentInline]


@admin.register(Nominee)
class NomineeAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name"]
