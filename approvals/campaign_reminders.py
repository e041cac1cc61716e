"""Reminders before a campaign's own deadlines, which are no task of the flow.

Once one of the deadlines below is the campaign's reminder days away (working days, on the calendar
of the unit that launched it) or closer, and until it has passed, the people who still have
something to do by it are reminded: the submitters of each unit that has not registered, or still
holds dossiers to submit; the labour reviewers of each town whose registrations are not compiled,
or whose dossiers still wait for review. Each unit is reminded once per campaign and deadline,
however often ``manage.py campaign_reminders`` runs (cron or celery beat, with the timers): a
``CampaignReminder`` row, unique per campaign, deadline and unit, is written in the transaction
that notifies, and an event on the campaign's stream of the audit trail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_record
from dossiers.models import Campaign, Status
from notifications.services import notify
from registrations.models import Registration
from roles.models import ROLE_UNIT_KINDS, Role, Unit
from roles.selectors import handling_unit, holders, holders_over
from workdays.working_days import add_working_days, calendar_for

from .models import CampaignReminder

REMINDER = "campaign.reminder"
# Who sends the reminders, in the audit trail.
SENDER = "campaign_reminders"


def _open_units(campaign: Campaign) -> QuerySet[Unit]:
    """The units under the campaign's launching unit that were not merged into another."""
    return Unit.objects.filter(path__startswith=campaign.launched_by.scope_path, merged_into__isnull=True)


def _per_unit(campaign: Campaign, items: QuerySet) -> Counter[Unit]:
    """How many of ``items`` (rows with a ``unit``) each open unit of the campaign has."""
    counts = dict(items.order_by().values_list("unit").annotate(Count("pk")))
    return Counter({unit: counts[unit.pk] for unit in _open_units(campaign).filter(pk__in=counts)})


def _per_handling_unit(counts: Counter[Unit]) -> Counter[Unit]:
    """The same counts, added up by the unit whose offices handle each unit (its town)."""
    handled: Counter[Unit] = Counter()
    for unit, count in counts.items():
        handled[handling_unit(unit)] += count
    handled.pop(None, None)
    return handled


def _unregistered(campaign: Campaign) -> Counter[Unit]:
    units = _open_units(campaign).filter(kind__in=ROLE_UNIT_KINDS[Role.COMMUNE_SUBMITTER])
    return Counter(dict.fromkeys(units.exclude(registrations__campaign=campaign), 1))


def _uncompiled(campaign: Campaign) -> Counter[Unit]:
    registrations = Registration.objects.filter(campaign=campaign, registration_list__isnull=True)
    return _per_handling_unit(_per_unit(campaign, registrations))


def _to_submit(campaign: Campaign) -> Counter[Unit]:
    return _per_unit(campaign, campaign.dossiers.filter(status__in=(Status.DRAFT, Status.RETURNED)))


def _to_review(campaign: Campaign) -> Counter[Unit]:
    waiting = campaign.dossiers.filter(status__in=(Status.SUBMITTED, Status.UNDER_REVIEW))
    return _per_handling_unit(_per_unit(campaign, waiting))


def _submitters(unit: Unit) -> QuerySet:
    return holders(Role.COMMUNE_SUBMITTER, unit)


def _reviewers(unit: Unit) -> QuerySet:
    return holders_over(Role.LABOUR_REVIEWER, unit)


@dataclass(frozen=True)
class CampaignDeadline:
    field: str
    # Each unit to remind, with how many things it still has to do by the deadline.
    pending: Callable[[Campaign], Counter[Unit]]
    recipients: Callable[[Unit], QuerySet]
    # The reminder's text for a count, to be filled with campaign, unit, count and date.
    text: Callable[[int], str]


DEADLINES = (
    CampaignDeadline(
        "registration_deadline",
        _unregistered,
        _submitters,
        lambda count: _(
            "Reminder: %(unit)s has not registered yet; registration closes on %(date)s (campaign %(campaign)s)"
        ),
    ),
    CampaignDeadline(
        "registration_compile_deadline",
        _uncompiled,
        _reviewers,
        lambda count: ngettext(
            "Reminder: %(count)s registration of %(unit)s is not compiled yet; the list is due at the "
            "home-affairs office on %(date)s (campaign %(campaign)s)",
            "Reminder: %(count)s registrations of %(unit)s are not compiled yet; the list is due at the "
            "home-affairs office on %(date)s (campaign %(campaign)s)",
            count,
        ),
    ),
    CampaignDeadline(
        "dossier_deadline",
        _to_submit,
        _submitters,
        lambda count: ngettext(
            "Reminder: %(unit)s has %(count)s dossier to submit by %(date)s (campaign %(campaign)s)",
            "Reminder: %(unit)s has %(count)s dossiers to submit by %(date)s (campaign %(campaign)s)",
            count,
        ),
    ),
    CampaignDeadline(
        "compile_deadline",
        _to_review,
        _reviewers,
        lambda count: ngettext(
            "Reminder: %(count)s dossier of %(unit)s is still waiting for review; the compiled submission is "
            "due on %(date)s (campaign %(campaign)s)",
            "Reminder: %(count)s dossiers of %(unit)s are still waiting for review; the compiled submission is "
            "due on %(date)s (campaign %(campaign)s)",
            count,
        ),
    ),
)


def campaign_reminders_send() -> int:
    """Send every campaign reminder that is due and has not gone yet; returns how many went."""
    today = timezone.localdate()
    upcoming = Q()
    for deadline in DEADLINES:
        upcoming |= Q(**{f"{deadline.field}__gte": today})
    sent = 0
    for campaign in Campaign.objects.filter(upcoming).select_related("launched_by__parent").order_by("pk"):
        calendar = calendar_for(campaign.launched_by)
        for deadline in DEADLINES:
            due_on = getattr(campaign, deadline.field)
            if not add_working_days(due_on, -campaign.reminder_days, calendar) <= today <= due_on:
                continue
            reminded = set(
                CampaignReminder.objects.filter(campaign=campaign, deadline=deadline.field).values_list(
                    "unit", flat=True
                )
            )
            for unit, count in deadline.pending(campaign).items():
                if unit.pk not in reminded:
                    sent += _remind(campaign=campaign, deadline=deadline, unit=unit, count=count)
    return sent


def _remind(*, campaign: Campaign, deadline: CampaignDeadline, unit: Unit, count: int) -> bool:
    """Remind ``unit``'s people of ``deadline``, unless someone already did; whether this did."""
    with transaction.atomic():
        recipients = list(deadline.recipients(unit))
        if not recipients:
            return False
        # A second run at the same moment waits here on the first one's row, then finds it.
        _reminder, created = CampaignReminder.objects.get_or_create(
            campaign=campaign, deadline=deadline.field, unit=unit
        )
        if not created:
            return False
        due_on = getattr(campaign, deadline.field)
        values = {"unit": unit.name, "campaign": campaign.name, "count": count, "date": f"{due_on:%d/%m/%Y}"}

        def subject() -> str:
            return deadline.text(count) % values

        audit_record(
            action=REMINDER,
            obj=campaign,
            actor_username=SENDER,
            unit=unit.code,
            after={
                "deadline": deadline.field,
                "due_on": due_on,
                "count": count,
                "to": sorted(user.get_username() for user in recipients),
            },
        )
        notify(recipients=recipients, kind=REMINDER, subject=subject, body=subject)
    return True
