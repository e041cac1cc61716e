"""What every app's API shares: the answer to a service's refusal, and the URLs under /api/."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError


def exception_handler(exc, context):
    """A service's refusal as ``{"code", "detail", "fields"}`` with its status and translated
    message; anything else as DRF answers it."""
    if isinstance(exc, ServiceError):
        fields = {name: [str(message) for message in messages] for name, messages in exc.fields.items()}
        return Response({"code": exc.code, "detail": str(exc.message), "fields": fields}, status=exc.http_status)
    return drf_exception_handler(exc, context)


class TokenObtainView(ObtainAuthToken):
    """The user's token for their username and password, to send as ``Authorization: Token <key>``.
    The same token until an administrator revokes it; each one given counts as a sign-in."""

    def post(self, request, *args, **kwargs):
        # A sign-in, as on the sign-in page: recorded in the audit trail and as the last login (a
        # wrong password is recorded by ``authenticate`` already).
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response({"token": token.key})


def api_patterns(patterns):
    """``patterns`` answered by DRF, which authenticates by session or token: the site-wide
    LoginRequiredMiddleware, which knows sessions only, leaves them to DRF's own permissions (an
    anonymous call answers 401 or 403 instead of a redirect to the sign-in page)."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


