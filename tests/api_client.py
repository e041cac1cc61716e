"""The JSON API as the API tests call it: pytest-django's client asking for English, a user's token,
and the calls the dossier API tests share (an upload, a refusal's code).

``client`` overrides pytest-django's fixture of that name: a test module takes it by importing it
(``from tests.api_client import client``), so that the other modules keep pytest-django's own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import DocumentKind
from tests.factories import PDF

PASSWORD = "pass-1234-word"  # the factories' password
DOSSIERS = "/api/dossiers/"


@pytest.fixture
def client(client):
    """The API answers in the language asked for; these tests read it in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def token_for(client, user) -> str:
    response = client.post("/api/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def api(client, user):
    """A client sending ``user``'s token, as an integrating system does."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token_for(client, user)}"
    return client


def refusal(response, status_code, code):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert body["code"] == code
    return body


def upload(client, dossier, kind=DocumentKind.OTHER, name="bien-ban.pdf", content=PDF):
    return client.post(f"{DOSSIERS}{dossier.pk}/documents/", {"kind": kind, "file": SimpleUploadedFile(name, content)})
