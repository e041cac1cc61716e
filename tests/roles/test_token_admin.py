"""The JSON API's tokens in the admin: making and revoking one is recorded, without its key."""

import pytest
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    superuser.save()
    client.force_login(superuser)
    return client


@pytest.fixture
def holder():
    user = UserFactory(username="can-bo")
    user.save()
    return user


def token_events(action):
    return list(AuditEvent.objects.filter(action=action, stream="auth:can-bo"))


def test_revoking_a_token_is_recorded_without_its_key(admin_client, holder):
    token = Token.objects.create(user=holder)
    response = admin_client.post(f"/admin/authtoken/tokenproxy/{holder.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=holder).exists()
    [event] = token_events("auth.token_revoked")
    assert (event.actor_username, event.role) == ("quan-tri", "administrator")
    assert token.key not in repr(vars(event))


def test_making_a_token_is_recorded_without_its_key(admin_client, holder):
    response = admin_client.post("/admin/authtoken/tokenproxy/add/", {"user": holder.pk})
    assert response.status_code == 302
    token = Token.objects.get(user=holder)
    [event] = token_events("auth.token_created")
    assert token.key not in repr(vars(event))
