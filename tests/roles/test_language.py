"""The screens speak Vietnamese whatever the browser asks for, until the user chooses English with
the switch; the choice is kept on the user and follows them to another browser. The API follows
Accept-Language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from roles.models import User
from tests.api_client import PASSWORD, token_for

QUEUE = "/awarddossier/queue/"
LOGIN = reverse("login")


def english_browser() -> Client:
    """A browser set to English, as on many office PCs, on which nobody has chosen a language yet."""
    return Client(headers={"accept-language": "en-US,en;q=0.9"})


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return client


def choose(client, language, next_url=QUEUE):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return response


def language_of(response) -> str:
    """The language a screen is written in: what it says it is, and what its menu or form shows."""
    assert response.status_code == 200
    html = response.content.decode()
    words = {"vi": ("Hàng chờ", "Đăng nhập"), "en": ("Queue", "Log in")}
    (shown,) = {language for language, found in words.items() if any(word in html for word in found)}
    assert response["Content-Language"] == shown
    return shown


def language_cookie(client) -> str:
    cookie = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else ""


def saved_language(user) -> str:
    user.refresh_from_db()
    return user.language


def test_an_english_browser_gets_vietnamese_screens(town):
    client = english_browser()

    assert language_of(client.get(LOGIN)) == "vi"
    sign_in(client, town.reviewer)
    assert language_of(client.get(QUEUE)) == "vi"
    # viewflow's web components take their strings from the JavaScript catalogue: the same rule.
    assert client.get(reverse("javascript-catalog"))["Content-Language"] == "vi"


def test_choosing_english_in_the_menu_turns_the_screens_to_english_and_keeps_it_on_the_user(town):
    client = sign_in(english_browser(), town.reviewer)
    assert 'name="language" value="en"' in client.get(QUEUE).content.decode()

    choose(client, "en")

    assert language_of(client.get(QUEUE)) == "en"
    assert saved_language(town.reviewer) == "en"
    assert language_cookie(client) == ""  # kept on the user, not on this browser


def test_the_choice_follows_the_user_to_a_new_browser(town):
    choose(sign_in(english_browser(), town.reviewer), "en")

    elsewhere = english_browser()
    assert language_of(elsewhere.get(LOGIN)) == "vi"  # nobody is signed in there yet
    sign_in(elsewhere, town.reviewer)

    assert language_of(elsewhere.get(QUEUE)) == "en"


def test_switching_back_to_vietnamese_is_kept_as_well(town):
    client = sign_in(english_browser(), town.reviewer)
    choose(client, "en")
    choose(client, "vi")

    assert language_of(client.get(QUEUE)) == "vi"
    assert saved_language(town.reviewer) == "vi"
    assert language_of(sign_in(english_browser(), town.reviewer).get(QUEUE)) == "vi"


def test_english_chosen_on_the_sign_in_page_is_saved_on_the_user_at_sign_in(town):
    client = english_browser()
    choose(client, "en", next_url=LOGIN)
    assert language_of(client.get(LOGIN)) == "en"
    assert language_cookie(client) == "en"

    sign_in(client, town.reviewer)

    assert language_of(client.get(QUEUE)) == "en"
    assert saved_language(town.reviewer) == "en"
    assert language_cookie(client) == ""
    assert language_of(sign_in(english_browser(), town.reviewer).get(QUEUE)) == "en"


def test_a_choice_on_the_sign_in_page_replaces_the_one_saved_before(town):
    User.objects.filter(pk=town.reviewer.pk).update(language="en")
    client = english_browser()
    choose(client, "en", next_url=LOGIN)
    choose(client, "vi", next_url=LOGIN)

    sign_in(client, town.reviewer)

    assert language_of(client.get(QUEUE)) == "vi"
    assert saved_language(town.reviewer) == "vi"


def test_after_signing_out_the_browser_speaks_vietnamese_and_the_next_user_their_own_language(town):
    client = sign_in(english_browser(), town.reviewer)
    choose(client, "en")

    client.post(reverse("logout"))

    assert language_of(client.get(LOGIN)) == "vi"
    sign_in(client, town.reviewer_2)
    assert language_of(client.get(QUEUE)) == "vi"
    assert saved_language(town.reviewer_2) == ""  # the first user's choice is not theirs
    client.post(reverse("logout"))
    sign_in(client, town.reviewer)
    assert language_of(client.get(QUEUE)) == "en"


def test_the_cookie_of_an_earlier_choice_is_dropped_at_sign_out(town):
    client = sign_in(english_browser(), town.reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # left over from before the user signed in

    client.post(reverse("logout"))

    assert language_cookie(client) == ""
    assert language_of(client.get(LOGIN)) == "vi"


def test_a_language_the_site_does_not_offer_is_ignored(town):
    client = sign_in(english_browser(), town.reviewer)

    choose(client, "fr")

    assert saved_language(town.reviewer) == ""
    assert language_of(client.get(QUEUE)) == "vi"


@pytest.mark.parametrize(
    ("saved", "asked", "detail"), [("en", "vi", "Không tìm thấy hồ sơ."), ("vi", "en", "No such dossier.")]
)
def test_the_api_follows_accept_language_not_the_users_choice(town, saved, asked, detail):
    User.objects.filter(pk=town.submitter.pk).update(language=saved)
    client = APIClient(HTTP_ACCEPT_LANGUAGE=asked)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client, town.submitter)}")

    response = client.get("/api/dossiers/999999/")

    assert response.json()["detail"] == detail
    assert response["Content-Language"] == asked
    assert saved_language(town.submitter) == saved


def test_the_api_speaks_vietnamese_when_nothing_is_asked_for(town):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client, town.submitter)}")

    assert client.get("/api/dossiers/999999/").json()["detail"] == "Không tìm thấy hồ sơ."
