"""The files of a dossier."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import DocumentKind
from .dossier import Dossier


def document_path(document: Document, filename: str) -> str:
    return f"dossiers/{document.dossier_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Document(models.Model):
    """A file of a dossier. A newer file of the same kind supersedes the older, which is kept."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["dossier", "kind", "uploaded_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
