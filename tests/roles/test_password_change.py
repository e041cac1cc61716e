"""Changing one's password from the menu under one's name: the site's page, refusals in the user's
language, the change in the audit trail without the password."""

import json

import pytest
from django.test import Client
from django.urls import reverse

import workflow_project.urls  # noqa: F401 - the Site's URL names resolve once its URLs are built
from audit.models import AuditEvent
from roles.models import User
from tests.api_client import PASSWORD

URL = reverse("accounts:password_change")
DONE = reverse("accounts:password_change_done")
QUEUE = "/awarddossier/queue/"
NEW = "Lao-Cai-sa-pa-2026"


def browser(user) -> Client:
    """The user signed in on a browser set to English (as the database has them: the towns'
    objects are shared by the module's tests)."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(User.objects.get(pk=user.pk))
    return client


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        URL, {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    )


def refusals(response) -> dict:
    assert response.status_code == 200
    return response.context["form"].errors


def password_unchanged(user) -> bool:
    user.refresh_from_db()
    return user.check_password(PASSWORD) and not AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_the_menu_under_the_users_name_offers_the_password_change(town):
    html = browser(town.reviewer).get(QUEUE).content.decode()

    assert f'href="{URL}"' in html
    assert "Đổi mật khẩu" in html


def test_the_page_is_in_vietnamese_in_the_sites_frame(town):
    response = browser(town.submitter).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Đổi mật khẩu", "Mật khẩu cũ", "Mật khẩu mới", "Xác nhận mật khẩu mới"):
        assert shown in html
    assert "vf-page__menu" in html  # the site's menu, around the page
    assert 'value="en"' in html  # and its language switch


def test_a_wrong_current_password_is_refused_in_vietnamese_and_changes_nothing(town):
    response = change(browser(town.submitter), old="not-my-password")

    assert refusals(response) == {"old_password": ["Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa"]}
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    assert password_unchanged(town.submitter)


@pytest.mark.parametrize(
    ("new", "again", "refusal"),
    [
        (NEW, NEW + "x", "Hai trường mật khẩu không giống nhau."),
        ("12345678", None, "Mật khẩu này quá phổ biến."),
        ("x7", None, "Mật khẩu quá ngắn. Nó phải chứa ít nhất 8 ký tự."),
    ],
)
def test_a_new_password_that_breaks_the_rules_is_refused_in_vietnamese(town, new, again, refusal):
    response = change(browser(town.submitter), new=new, again=again)

    assert refusal in refusals(response)["new_password2"]
    assert password_unchanged(town.submitter)


def test_the_refusal_is_in_english_for_a_user_who_chose_english(town):
    User.objects.filter(pk=town.submitter.pk).update(language="en")

    response = change(browser(town.submitter), old="not-my-password")

    assert refusals(response)["old_password"] == ["Your old password was entered incorrectly. Please enter it again."]


def test_the_password_is_changed_the_user_stays_signed_in_and_their_other_sessions_end(town):
    client, elsewhere = browser(town.submitter), browser(town.submitter)

    response = change(client)

    assert response.status_code == 302 and response["Location"] == DONE
    done = client.get(DONE)
    assert done.status_code == 200 and "Đã đổi mật khẩu" in done.content.decode()
    town.submitter.refresh_from_db()
    assert town.submitter.check_password(NEW)
    assert client.get("/my_dossiers/").status_code == 200
    assert elsewhere.get("/my_dossiers/").status_code == 302  # to the sign-in page


def test_the_change_is_in_the_audit_trail_without_the_password(town):
    change(browser(town.submitter))

    event = AuditEvent.objects.get(action="auth.password_changed")
    assert (event.actor, event.stream) == (town.submitter, f"auth:{town.submitter.username}")
    assert (event.object_type, event.object_id) == ("roles.user", str(town.submitter.pk))
    town.submitter.refresh_from_db()
    recorded = json.dumps([event.before, event.after, event.comment, event.object_repr])
    assert NEW not in recorded and town.submitter.password not in recorded
    assert event.before is None and event.after is None


def test_a_signed_out_visitor_is_sent_to_the_sign_in_page(db):
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
