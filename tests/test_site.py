"""Every demo user signs in on the site's own page (the admin's admits staff only)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent


@pytest.mark.django_db
def test_a_visitor_is_sent_to_the_sign_in_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"
    page = client.get(response["Location"]).content.decode()
    assert "Hồ sơ đề nghị khen thưởng" in page and "Viewflow" not in page


def test_a_commune_submitter_signs_in_and_lands_on_their_units_dossiers_in_vietnamese(client, town):
    response = client.post(reverse("login"), {"username": town.submitter.username, "password": "pass-1234-word"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert page.wsgi_request.user == town.submitter
    assert page.redirect_chain == [(reverse("my_dossiers:index"), 302)]
    assert "Hồ sơ của đơn vị" in page.content.decode()
    assert AuditEvent.objects.filter(action="auth.login", actor=town.submitter).count() == 1


def test_a_wrong_password_is_refused_and_recorded(client, town):
    response = client.post(reverse("login"), {"username": town.submitter.username, "password": "wrong"})

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_username=town.submitter.username).exists()


def test_the_menus_language_switch_turns_the_screens_to_english_and_back(client, town):
    client.force_login(town.reviewer)
    queue = "/awarddossier/queue/"
    page = client.get(queue).content.decode()
    assert "Hàng chờ" in page
    assert 'name="language" value="en"' in page and "English" in page

    response = client.post(reverse("set_language"), {"language": "en", "next": queue})

    assert response.status_code == 302 and response["Location"] == queue
    page = client.get(queue).content.decode()
    assert "Queue" in page and "Hàng chờ" not in page
    assert 'name="language" value="vi" lang="vi"' in page
    client.post(reverse("set_language"), {"language": "vi", "next": queue})
    assert "Hàng chờ" in client.get(queue).content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_english(client):
    page = client.get(reverse("login")).content.decode()

    assert 'name="language" value="en"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in" in client.get(response["Location"]).content.decode()
