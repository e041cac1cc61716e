"""Reading dossiers, always through the one scoping selector of ``roles``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from roles.selectors import scope_q
from workflow_project.errors import NotFound

from .models import Document, Dossier, RequiredDocument


def dossier_list(*, user) -> QuerySet[Dossier]:
    """Every dossier ``user`` may read, ready to list: a constant number of queries."""
    return (
        Dossier.objects.filter(scope_q(user))
        .select_related("campaign", "unit", "nominee", "award_form", "reviewer")
        .order_by("-created_at", "-id")
    )


def with_rules(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Prefetch what the transition conditions read: documents and required documents."""
    return queryset.select_related("award_form__awarding_body", "campaign", "nominee", "unit").prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("uploaded_at")),
        Prefetch("award_form__required_documents", queryset=RequiredDocument.objects.all()),
    )


def dossier_get(*, user, dossier_id: int) -> Dossier:
    """One dossier, if ``user`` may read it; otherwise NotFound, whether it exists or not."""
    dossier = with_rules(dossier_list(user=user)).select_related("registration__campaign").filter(pk=dossier_id).first()
    if dossier is None:
        raise NotFound(_("No such dossier."))
    return dossier
