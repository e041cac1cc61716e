"""What the registration screens read, every row scoped through ``roles.selectors.scope_q``: a
commune's or ward's submitters read their own unit's registrations, the town's offices the town's
(as they read its dossiers); the labour office and the home-affairs office read the lists the
labour office sent."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Campaign, Dossier, Status
from roles.models import Role
from roles.selectors import READING_ROLES, ancestor_paths, scope_q, units_held
from workflow_project.errors import NotFound

from .models import Registration, RegistrationList

REGISTRARS = (Role.COMMUNE_SUBMITTER,)
COMPILERS = (Role.LABOUR_REVIEWER,)
LIST_READERS = (Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY)
# Every reader of a town's dossiers reads the registrations they follow.
READERS = READING_ROLES


def registrations(*, user, roles=READERS) -> QuerySet[Registration]:
    """The registrations of the units where ``user`` holds one of ``roles``, newest first."""
    return (
        Registration.objects.filter(scope_q(user, roles=roles))
        .select_related("campaign", "unit", "award_form", "nominee", "registration_list")
        .order_by("-recorded_at", "-id")
    )


def registration_get(*, user, registration_id: int) -> Registration:
    """One registration ``user`` may read, with who recorded it; NotFound otherwise."""
    registration = registrations(user=user).select_related("recorded_by").filter(pk=registration_id).first()
    if registration is None:
        raise NotFound(_("No such registration."))
    return registration


def registration_dossiers(registration: Registration) -> QuerySet[Dossier]:
    """The dossiers that follow the registration (a withdrawn one, and the one after it)."""
    return registration.dossiers.select_related("campaign").order_by("created_at", "pk")


def uncompiled(*, user) -> QuerySet[Registration]:
    """The registrations of the labour reviewer's town that no list carries yet, oldest first."""
    return (
        registrations(user=user, roles=COMPILERS)
        .filter(registration_list__isnull=True)
        .order_by("campaign__year", "unit__path", "recorded_at", "pk")
    )


def registration_lists(*, user) -> QuerySet[RegistrationList]:
    """The lists the labour offices of the user's towns sent, with how many registrations each."""
    return (
        RegistrationList.objects.filter(scope_q(user, unit_field="sender", roles=LIST_READERS))
        .select_related("campaign", "sender", "recorded_by")
        .annotate(count=Count("registrations"))
        .order_by("-compiled_on", "-id")
    )


def registration_list_get(*, user, list_id: int) -> RegistrationList:
    registration_list = registration_lists(user=user).filter(pk=list_id).first()
    if registration_list is None:
        raise NotFound(_("No such list."))
    return registration_list


def registering_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns launched above one of the user's communes or wards still taking registrations."""
    query = Q(pk__in=[])
    for unit in units_held(user, REGISTRARS):
        query |= Q(launched_by__path__in=ancestor_paths(unit))
    return Campaign.objects.filter(query, registration_deadline__gte=timezone.localdate()).order_by("-year", "name")


def followable(*, user) -> QuerySet[Registration]:
    """The registrations of the user's own units that a new dossier may follow: no dossier follows
    them yet but a withdrawn one."""
    return registrations(user=user, roles=REGISTRARS).exclude(
        pk__in=Dossier.objects.exclude(status=Status.WITHDRAWN)
        .filter(registration__isnull=False)
        .values("registration")
    )
