"""Mergers of communes and wards (as in the 2025 reorganisation), recorded once and never edited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Unit


class UnitMerger(models.Model):
    """Communes or wards merged into a successor on a date, by a legal act.

    The merged units stay, marked ``merged_into`` the successor; what was open at them moved to it
    (``mergers.services.units_merge``).
    """

    successor = models.ForeignKey(
        Unit, verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="mergers_received"
    )
    merged_units = models.ManyToManyField(Unit, verbose_name=_("merged units"), related_name="+")
    effective_on = models.DateField(_("effective on"))
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_("The act that merges them, e.g. “Nghị quyết số …/NQ-UBTVQH15 ngày 16/6/2025”."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit merger")
        verbose_name_plural = _("unit mergers")
        ordering = ["-effective_on", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return _("%(successor)s from %(date)s") % {
            "successor": self.successor,
            "date": self.effective_on.strftime("%d/%m/%Y"),
        }
