"""Who a dossier proposes: the kinds of nominee, and the nominee, a collective, a person or a household."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Unit


class NomineeKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise or production unit")
    AGENCY = "agency", _("Agency or unit")
    COMMUNE = "commune", _("Commune or ward")
    VILLAGE = "village", _("Village or residential group")
    INDIVIDUAL = "individual", _("Individual")
    OFFICIAL = "official", _("Official")
    HOUSEHOLD = "household", _("Household")
    POOR_HOUSEHOLD = "poor_household", _("Poor household")


COLLECTIVE_KINDS = frozenset({NomineeKind.ENTERPRISE, NomineeKind.AGENCY, NomineeKind.COMMUNE, NomineeKind.VILLAGE})


class Nominee(models.Model):
    """Who is proposed: a collective, a person or a household, belonging to a unit."""

    kind = models.CharField(_("kind"), max_length=20, choices=NomineeKind.choices)
    name = models.CharField(_("name"), max_length=300)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominees")
    position = models.CharField(_("position"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.kind in COLLECTIVE_KINDS
