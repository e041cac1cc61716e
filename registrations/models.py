"""Emulation registration (đăng ký thi đua, ký giao ước): a commune's or ward's pledge, for itself
or for one of its people or households, to compete for an award form of a campaign; and the list in
which the labour office compiles its town's registrations for the home-affairs office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import AwardForm, Campaign, Nominee
from dossiers.numbering import submission_number_validator
from roles.models import Unit


class RegistrationList(models.Model):
    """The labour office's compiled list of its town's registrations (danh sách đăng ký thi đua),
    sent to the home-affairs office."""

    number = models.CharField(_("list number"), max_length=40, validators=[submission_number_validator])
    compiled_on = models.DateField(_("dated"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="registration_lists"
    )
    sender = models.ForeignKey(
        Unit, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="registration_lists"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("list of registrations")
        verbose_name_plural = _("lists of registrations")
        ordering = ["-compiled_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "year", "number"], name="registration_list_number_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.compiled_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.year = self.compiled_on.year
        super().save(*args, **kwargs)


class Registration(models.Model):
    """A unit registers itself (a collective) or one of its nominees (a person, a household) for an
    award form of a campaign, with what it pledges. The dossier that may follow links back to it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="registrations"
    )
    # A plain foreign key: when units merge, the merged unit takes over the open registrations.
    unit = models.ForeignKey(
        Unit, verbose_name=_("registering unit"), on_delete=models.PROTECT, related_name="registrations"
    )
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("registered for"), on_delete=models.PROTECT, related_name="registrations"
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="registrations"
    )
    pledge = models.TextField(_("pledge"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registration_list = models.ForeignKey(
        RegistrationList,
        verbose_name=_("compiled in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "award_form", "nominee"], name="registration_once_per_nominee_and_award_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.nominee}"

    @property
    def reference(self) -> str:
        return f"DK-{self.campaign.year}-{self.pk:05d}" if self.pk else "DK-?"
