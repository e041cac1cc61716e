"""Sign-ins, failed sign-ins and sign-outs are recorded with the client's address and request id."""

import pytest

from audit.models import AuditEvent
from audit.verify import verify_trail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


@pytest.fixture
def staff():
    user = UserFactory(username="can-bo", is_staff=True)
    user.save()
    return user


def sign_in(client, username, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
        **headers,
    )


def only_event(action):
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


def test_sign_in_is_recorded_with_ip_and_request_id(client, staff):
    response = sign_in(client, "can-bo", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    event = only_event("auth.login")
    assert event.actor == staff
    assert event.actor_username == "can-bo"
    assert event.stream == "auth:can-bo"
    assert event.ip == "203.0.113.7"
    assert event.request_id and event.request_id == response["X-Request-ID"]
    assert verify_trail().ok


def test_failed_sign_in_is_recorded_with_the_name_tried(client, staff):
    response = sign_in(client, "can-bo", "wrong-password")
    assert response.status_code == 200  # the form again, with its error
    event = only_event("auth.login_failed")
    assert event.actor is None
    assert event.actor_username == "can-bo"
    assert event.stream == "auth:can-bo"
    assert event.ip == "203.0.113.7"
    assert event.request_id == response["X-Request-ID"]
    assert "pass" not in str(event.after or "") + str(event.before or "")
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_failed_sign_in_of_an_unknown_user_is_recorded(client):
    response = sign_in(client, "ai-do", "whatever-1234")
    event = only_event("auth.login_failed")
    assert (event.actor, event.actor_username, event.stream) == (None, "ai-do", "auth:ai-do")
    assert event.request_id == response["X-Request-ID"]


def test_sign_out_is_recorded(client, staff):
    sign_in(client, "can-bo", PASSWORD)
    response = client.post("/admin/logout/", REMOTE_ADDR="198.51.100.2")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    event = only_event("auth.logout")
    assert event.actor == staff
    assert event.stream == "auth:can-bo"
    assert event.ip == "198.51.100.2"
    assert event.request_id == response["X-Request-ID"]
    login = only_event("auth.login")
    assert login.request_id != event.request_id
    # One stream per user: sign-in, then sign-out, chained.
    assert (login.seq, event.seq) == (1, 2) and event.prev_hash == login.hash
    assert verify_trail().ok


def test_a_well_formed_request_id_from_the_proxy_is_kept(client, staff):
    response = sign_in(client, "can-bo", PASSWORD, HTTP_X_REQUEST_ID="proxy-req.42")
    assert response["X-Request-ID"] == "proxy-req.42"
    assert only_event("auth.login").request_id == "proxy-req.42"


def test_a_malformed_request_id_is_replaced(client, staff):
    response = sign_in(client, "can-bo", PASSWORD, HTTP_X_REQUEST_ID="bad id; DROP TABLE")
    request_id = response["X-Request-ID"]
    assert request_id != "bad id; DROP TABLE" and len(request_id) == 32
    assert only_event("auth.login").request_id == request_id


def test_forwarded_for_is_ignored_unless_behind_a_proxy(client, staff, settings):
    settings.AUDIT_TRUST_X_FORWARDED_FOR = False
    sign_in(client, "can-bo", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert only_event("auth.login").ip == "203.0.113.7"


def test_forwarded_for_is_recorded_behind_a_proxy(client, staff, settings):
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    sign_in(client, "can-bo", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 10.0.0.1")
    assert only_event("auth.login").ip == "192.0.2.99"
