from celery import shared_task

from .mail import email_notifications


# SMTP errors, refused and timed-out connections are all OSErrors: retried, later each time.
@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_notification_emails(notification_ids: list[int]) -> int:
    return email_notifications(notification_ids)
