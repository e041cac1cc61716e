"""Telling people what concerns them: a notification in the application and an email, sent after
the change that caused it is committed.

Email goes through Django's email framework (``EMAIL_BACKEND``: the console by default, SMTP
from the environment). With ``CELERY_BROKER_URL`` set, a Celery worker sends it, retrying when
the server fails; without, the request's process sends it once the transaction commits. Either
way a failure to send is logged and never undoes or breaks the change: the notification stays,
its ``emailed_at`` empty.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from roles.models import User

from .mail import email_notifications
from .models import Notification
from .selectors import notification_get

logger = logging.getLogger(__name__)


# A notification's text: the same for everyone, or a function that writes it, called in each
# recipient's language.
Text = str | Callable[[], str]


def _language(recipient: User | None) -> str:
    return (recipient.language if recipient is not None else "") or settings.LANGUAGE_CODE


def recipients_language(recipient: User | None = None):
    """Write a notification's text inside this block: the recipient reads the language they chose
    for the screens, else the site's (Vietnamese), whatever the language of the user whose action
    caused it."""
    return translation.override(_language(recipient))


def _written(text: Text) -> str:
    return str(text() if callable(text) else text)


def notify(*, recipients: Iterable[User], kind: str, subject: Text, body: Text, dossier=None) -> list[Notification]:
    """One notification for each distinct active recipient, in the caller's transaction; the
    emails of those with an address go out after it commits, none if it rolls back.

    A ``subject`` or ``body`` written by a function is in each recipient's language (written once
    for each language among them)."""
    users = list({user.pk: user for user in recipients if user.is_active}.values())
    if not users:
        return []
    texts: dict[str, dict[str, str]] = {}
    for user in users:
        if _language(user) not in texts:
            with recipients_language(user):
                line = " ".join(_written(subject).split())[: Notification._meta.get_field("subject").max_length]
                texts[_language(user)] = {"subject": line, "body": _written(body)}
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            Notification(recipient=user, kind=kind, dossier=dossier, **texts[_language(user)]) for user in users
        )
        to_email = [notification.pk for notification in notifications if notification.recipient.email]
        if to_email:
            transaction.on_commit(lambda: send_emails(to_email))
    return notifications


def send_emails(notification_ids: list[int]) -> None:
    """Hand the emails to the Celery worker if there is one, or send them now; log a failure."""
    try:
        if settings.CELERY_BROKER_URL:
            from .tasks import send_notification_emails

            send_notification_emails.delay(notification_ids)
        else:
            email_notifications(notification_ids)
    except Exception:
        logger.exception("The emails of notifications %s were not sent", notification_ids)


def notification_mark_read(*, notification_id: int, actor: User) -> Notification:
    """The actor's notification, marked read (once: the first reading's time stays)."""
    notification = notification_get(user=actor, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; how many were."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
