"""The bonuses that go with awards (tiền thưởng), as configuration with dates: the base salary
(mức lương cơ sở) in force from a date, and each award form's coefficients of it for individuals and
for collectives. Edited in the admin and audited; read through ``dossiers.selectors.bonus_for``."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalogue import AwardForm


class BaseSalary(models.Model):
    """The base salary set by a government decree, in force from ``valid_from`` until the next one."""

    amount = models.PositiveIntegerField(_("base salary (đồng a month)"), validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("valid from"), unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="base_salary_positive")]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})".replace(",", ".")


COEFFICIENT = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class AwardBonus(models.Model):
    """An award form's bonus from ``valid_from`` until its next row: a coefficient of the base salary
    in force on the decision's date, one for individuals (and households) and one for collectives.
    An empty coefficient: no bonus is configured for that kind of nominee."""

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="bonuses"
    )
    valid_from = models.DateField(_("valid from"))
    individual_coefficient = models.DecimalField(
        _("coefficient for individuals and households"),
        validators=[MinValueValidator(0)],
        help_text=_("Times the base salary; empty if the award carries no bonus for individuals."),
        **COEFFICIENT,
    )
    collective_coefficient = models.DecimalField(
        _("coefficient for collectives"),
        validators=[MinValueValidator(0)],
        help_text=_("Times the base salary; empty if the award carries no bonus for collectives."),
        **COEFFICIENT,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("award bonus")
        verbose_name_plural = _("award bonuses")
        ordering = ["award_form", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["award_form", "valid_from"], name="award_bonus_unique_date"),
            models.CheckConstraint(
                condition=(Q(individual_coefficient__isnull=True) | Q(individual_coefficient__gte=0))
                & (Q(collective_coefficient__isnull=True) | Q(collective_coefficient__gte=0)),
                name="award_bonus_coefficients_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_form} ({self.valid_from:%d/%m/%Y})"
