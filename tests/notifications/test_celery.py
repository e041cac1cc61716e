"""With ``CELERY_BROKER_URL`` set, emails are sent by a Celery task, retried when the mail server
fails; the beat runs viewflow's timers every minute."""

import smtplib
import time
import uuid

import pytest
import redis
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory
from workflow_project.celery import app

REDIS = "redis://127.0.0.1:6379/15"


class FlakyBackend(EmailBackend):
    """The mail server fails on the first attempt, then works."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise smtplib.SMTPServerDisconnected("the server went away")
        return super().send_messages(messages)


@pytest.fixture
def eager(settings):
    """Tasks run where they are sent (``CELERY_TASK_ALWAYS_EAGER``), as a worker would run them."""
    settings.CELERY_BROKER_URL = "memory://"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app.conf.update(task_always_eager=True)
    yield
    app.conf.update(task_always_eager=False)


@pytest.fixture
def an(db):
    person = UserFactory(username="an", email="an@example.vn")
    person.save()
    return person


def tell(user):
    return notify(recipients=[user], kind="test", subject="Hồ sơ HS-2020-00001", body="Nội dung")


def test_the_task_sends_the_email_after_commit(an, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(an)
        assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [["an@example.vn"]]
    assert Notification.objects.get().emailed_at is not None


def test_the_task_retries_when_the_mail_server_fails(an, eager, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.attempts = 0
    with django_capture_on_commit_callbacks(execute=True):
        tell(an)
    assert FlakyBackend.attempts == 2
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_a_retry_does_not_send_again_what_was_sent(an, eager):
    from notifications.tasks import send_notification_emails

    (notification,) = tell(an)
    send_notification_emails.delay([notification.pk])
    send_notification_emails.delay([notification.pk])
    assert len(mail.outbox) == 1


def test_the_beat_runs_viewflows_timers_every_minute(db, capsys):
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    (entry,) = [entry for entry in schedule if entry["task"] == "workflow_project.workflow_timers"]
    assert entry["schedule"] == 60.0
    app.tasks["workflow_project.workflow_timers"].apply().get()
    assert "timer(s) fired" in capsys.readouterr().out


def test_the_beat_sends_the_campaigns_reminders_every_hour(db, capsys):
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    (entry,) = [entry for entry in schedule if entry["task"] == "workflow_project.campaign_reminders"]
    assert entry["schedule"] == 3600.0
    app.tasks["workflow_project.campaign_reminders"].apply().get()
    assert "campaign reminders sent" in capsys.readouterr().out


def redis_is_running() -> bool:
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis at 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_email_through_the_redis_broker(settings):
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_BROKER_URL = REDIS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = UserFactory(username="an", email="an@example.vn")
    person.save()
    # Other test runs may share this Redis: this run's keys have a prefix of their own.
    prefix = f"test-notifications-{uuid.uuid4().hex}:"
    app.conf.update(broker_url=REDIS, broker_transport_options={"global_keyprefix": prefix})
    app._after_fork()  # drops the pooled broker connections made before, with other settings
    try:
        with start_worker(app, pool="solo", perform_ping_check=False):
            (notification,) = tell(person)  # autocommit: sent to the broker at once
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                notification.refresh_from_db()
                if notification.emailed_at:
                    break
                time.sleep(0.2)
    finally:
        app.conf.update(broker_url=None, broker_transport_options={})
        app._after_fork()
        server = redis.Redis.from_url(REDIS)
        for key in server.scan_iter(f"{prefix}*"):
            server.delete(key)
    assert notification.emailed_at is not None
    assert [message.to for message in mail.outbox] == [["an@example.vn"]]
