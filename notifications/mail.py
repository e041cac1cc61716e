"""Sending the emails of notifications: the same function in the request's process (after commit)
and in the Celery worker."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from .models import Notification


def email_notifications(notification_ids: Iterable[int]) -> int:
    """Email each of these notifications that has not been emailed yet and whose recipient has an
    address, recording when; the number sent.

    The first failure is raised: what was sent before it is recorded, so that a retry sends only
    the rest.
    """
    pending = (
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            EmailMessage(
                notification.subject, notification.body, to=[notification.recipient.email], connection=connection
            ).send()
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent
