"""Campaigns: an emulation movement of one year, the award forms it offers and its deadlines."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from roles.models import Unit

from .catalogue import AwardForm


class Campaign(models.Model):
    """An emulation movement (phong trào thi đua) of one year, with every deadline as data."""

    name = models.CharField(_("name"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("launched by"), on_delete=models.PROTECT, related_name="campaigns"
    )
    award_forms = models.ManyToManyField(AwardForm, verbose_name=_("award forms"), related_name="campaigns")
    registration_deadline = models.DateField(_("registration deadline (units → labour office)"))
    registration_compile_deadline = models.DateField(_("registrations compiled (labour office → home affairs)"))
    plan_deadline = models.DateField(_("communes' plans due"))
    dossier_deadline = models.DateField(_("dossiers due at the labour office"))
    compile_deadline = models.DateField(_("dossiers compiled and submitted (labour office → town)"))
    report_day = models.PositiveSmallIntegerField(
        _("quarterly report day"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the last month of each quarter on which units report."),
    )
    midyear_report_deadline = models.DateField(_("mid-year compiled report due"), null=True, blank=True)
    yearend_report_deadline = models.DateField(_("year-end compiled report due"), null=True, blank=True)
    returns_allowed = models.PositiveSmallIntegerField(
        _("returns for supplement allowed"),
        default=1,
        help_text=_("How many times the labour office may return one dossier to its commune for supplement."),
    )
    # Processing limits in working days (``workdays.working_days``), counted from the day a step's
    # task opens; the commune's own steps are due by ``dossier_deadline`` instead.
    appraisal_days = models.PositiveSmallIntegerField(
        _("appraisal limit (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the labour office to appraise a complete dossier: 10 under Decree 91/2017/NĐ-CP; "
            "local rules may set fewer (such as 8)."
        ),
    )
    council_days = models.PositiveSmallIntegerField(
        _("council limit (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the home-affairs office to record the council's outcome. No rule of the plan "
            "sets it; 10 by default, as for the appraisal."
        ),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("decision limit (working days)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the chairman to sign the award decision. No rule of the plan sets it; 5 by default."
        ),
    )
    province_days = models.PositiveSmallIntegerField(
        _("province limit (working days)"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Working days for the provincial liaison to record the province's result, the province appraising "
            "in its turn. No rule of the plan sets it; 20 by default."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (working days before the due date)"),
        default=2,
        help_text=_(
            "A reminder goes to whoever holds a task this many working days before it is due, and to whoever "
            "still has work for one of the campaign's deadlines (registration, dossiers, compilation) as long "
            "before it."
        ),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalation (working days after the due date)"),
        default=2,
        help_text=_(
            "An office's task still open this many working days after it was due is escalated to the head of "
            "the office; 0 escalates it on the first day it is overdue."
        ),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    # Each deadline that must not fall before another: (later, earlier).
    DEADLINE_ORDER = [
        ("registration_compile_deadline", "registration_deadline"),
        ("plan_deadline", "registration_deadline"),
        ("dossier_deadline", "plan_deadline"),
        ("compile_deadline", "dossier_deadline"),
        ("yearend_report_deadline", "midyear_report_deadline"),
    ]

    def clean(self) -> None:
        errors = {}
        for later, earlier in self.DEADLINE_ORDER:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = _("%(later)s cannot be before %(earlier)s.") % {
                    "later": self._meta.get_field(later).verbose_name,
                    "earlier": self._meta.get_field(earlier).verbose_name,
                }
        limits = [self.appraisal_days, self.council_days, self.decision_days, self.province_days]
        shortest = min((days for days in limits if days), default=None)
        if self.reminder_days is not None and shortest is not None and self.reminder_days >= shortest:
            errors["reminder_days"] = _(
                "The reminder must go before the shortest processing limit (%(days)s working days)."
            ) % {"days": shortest}
        if errors:
            raise ValidationError(errors)

    def accepts_dossiers_on(self, day: datetime.date) -> bool:
        return day <= self.dossier_deadline

    def check_award_forms(self, award_forms) -> None:
        """Refuse award forms that are not valid on any day of the campaign's year."""
        outside = [form for form in award_forms if not form.is_valid_during(self.year)]
        if outside:
            raise ValidationError(
                _("A campaign of %(year)s offers only award forms valid during its year; not %(forms)s.")
                % {
                    "year": self.year,
                    "forms": "; ".join(
                        _("%(form)s (valid %(validity)s)") % {"form": form, "validity": form.validity_display()}
                        for form in outside
                    ),
                },
                code="award_form_not_valid_in_year",
            )


@receiver(m2m_changed, sender=Campaign.award_forms.through)
def award_forms_valid_in_campaign_year(sender, instance, action, reverse, pk_set, **kwargs):
    """However award forms are added to a campaign (admin, shell, seed), only valid ones are."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        for campaign in Campaign.objects.filter(pk__in=pk_set):
            campaign.check_award_forms([instance])
    else:
        instance.check_award_forms(AwardForm.objects.filter(pk__in=pk_set))
