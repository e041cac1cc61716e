from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Unit, UnitKind


class CalendarException(models.Model):
    """A day the Vietnamese calendar of the ``holidays`` library gets wrong for the product: an extra
    day off that the government or a province declares, or a working day that replaces one (each
    year's Tết arrangement is decided late). Read by ``workdays.working_days``."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("applies in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The province or town that declared it, for its units only; empty for the whole country."),
    )
    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("Such as the decision that declares it: “Công văn 123/UBND”.")
    )

    class Meta:
        # The table approvals created before the calendar became an app of its own.
        db_table = "approvals_calendarexception"
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "unit"], name="calendar_exception_once_per_day_and_unit"),
            models.UniqueConstraint(
                fields=["day"], condition=models.Q(unit__isnull=True), name="calendar_exception_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self) -> None:
        from holidays.countries import Vietnam

        if self.day is None or not self.kind:
            return
        working = Vietnam(years=self.day.year).is_working_day(self.day)
        if self.kind == self.Kind.DAY_OFF and not working:
            raise ValidationError({"day": _("This day is already a day off (a weekend or a public holiday).")})
        if self.kind == self.Kind.WORKING_DAY and working:
            raise ValidationError({"day": _("This day is already a working day.")})
        if self.unit is not None and self.unit.kind not in (UnitKind.PROVINCE, UnitKind.TOWN):
            raise ValidationError({"unit": _("Only a province or a town declares days off for its units.")})
