"""``notify``: one notification per distinct active recipient, in the caller's transaction; the
emails after commit, none on rollback, and a failing mail server breaks nothing."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils.translation import gettext

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the server went away")


def user(username: str, email: str = "", **fields):
    person = UserFactory(username=username, email=email, **fields)
    person.save()
    return person


def tell(*recipients, **kwargs):
    return notify(recipients=recipients, kind="test", subject="Hồ sơ HS-2020-00001", body="Nội dung", **kwargs)


@pytest.fixture
def an(db):
    return user("an", "an@example.vn")


def test_one_notification_per_distinct_active_recipient(db, mailbox):
    an, binh = user("an", "an@example.vn"), user("binh", "binh@example.vn")
    gone = user("gone", "gone@example.vn", is_active=False)
    made = tell(an, binh, an, gone)
    assert sorted(n.recipient.username for n in made) == ["an", "binh"]
    assert Notification.objects.count() == 2


def test_nobody_to_tell_records_nothing(db, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert tell() == []
    assert callbacks == []


def test_the_email_goes_out_only_after_commit(an, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(an)
        assert mail.outbox == []
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["an@example.vn"], "Hồ sơ HS-2020-00001", "Nội dung")]
    assert Notification.objects.get().emailed_at is not None


def test_a_rolled_back_transaction_sends_no_email_and_keeps_no_notification(
    an, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            tell(an)
            raise RuntimeError("the change failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_recipient_without_an_address_is_told_in_the_application_only(
    db, mailbox, django_capture_on_commit_callbacks
):
    nameless = user("nameless")
    with django_capture_on_commit_callbacks(execute=True):
        (made,) = tell(nameless)
    assert mail.outbox == []
    assert made.emailed_at is None and Notification.objects.filter(recipient=nameless).exists()


def test_a_failing_mail_server_is_logged_and_the_notification_stays(
    an, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    settings.CELERY_BROKER_URL = ""
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        with django_capture_on_commit_callbacks(execute=True):
            tell(an)
    notification = Notification.objects.get()
    assert notification.emailed_at is None
    assert "were not sent" in caplog.text and "the server went away" in caplog.text


def test_the_subject_is_kept_on_one_line(an, mailbox):
    (made,) = notify(recipients=[an], kind="test", subject="Hồ sơ\nHS-2020-00001\r\n", body="")
    assert made.subject == "Hồ sơ HS-2020-00001"


def test_a_text_written_by_a_function_is_in_each_recipients_language_in_the_application_and_by_email(
    db, mailbox, django_capture_on_commit_callbacks
):
    english, vietnamese = user("an", "an@example.vn", language="en"), user("binh", "binh@example.vn", language="vi")
    undecided = user("chi", "chi@example.vn")  # has chosen nothing: Vietnamese
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[english, vietnamese, undecided],
            kind="test",
            subject=lambda: gettext("Dossier"),
            body=lambda: gettext("Comment"),
        )
    assert {n.recipient.username: (n.subject, n.body) for n in Notification.objects.all()} == {
        "an": ("Dossier", "Comment"),
        "binh": ("Hồ sơ", "Ý kiến"),
        "chi": ("Hồ sơ", "Ý kiến"),
    }
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == [
        ("an@example.vn", "Dossier", "Comment"),
        ("binh@example.vn", "Hồ sơ", "Ý kiến"),
        ("chi@example.vn", "Hồ sơ", "Ý kiến"),
    ]


def test_a_notification_may_concern_a_dossier(town, the_campaign, mailbox):
    from tests.factories import draft

    dossier = draft(town, the_campaign, documents=False)
    (made,) = tell(town.reviewer, dossier=dossier)
    assert made.dossier == dossier and list(dossier.notifications.all()) == [made]
