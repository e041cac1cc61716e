"""Sign-ins and sign-outs are part of the trail, each in the user's own stream."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


def _user_stream(username: str) -> str:
    return f"auth:{username}"


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, stream=_user_stream(user.get_username()))


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", actor=user, stream=_user_stream(user.get_username()))


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    audit_record(action="auth.login_failed", actor_username=username, stream=_user_stream(username))
