"""Reading notifications: a user only ever reads their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from workflow_project.errors import NotFound

from .models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_get(*, user, notification_id: int) -> Notification:
    """One of the user's notifications; NotFound for anyone else's, whether it exists or not."""
    notification = notification_list(user=user).select_related("dossier__unit").filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
