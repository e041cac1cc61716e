"""What every app's API shares: one shape for every error, the token view, the URLs' wrapper."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import InvalidInput, ServiceError


def exception_handler(exc, context):
    """Every error as ``{"code", "detail", "fields"}``, with the message in the request's language:
    a service's refusal with its own status and code, DRF's own errors (401, 403, 404, 405, bad
    input) with theirs. ``fields`` names the wrong fields of the input, each with its messages."""
    if isinstance(exc, ServiceError):
        fields = {name: [str(message) for message in messages] for name, messages in exc.fields.items()}
        return Response({"code": exc.code, "detail": str(exc.message), "fields": fields}, status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, APIException):
        return response
    detail = exc.detail
    if isinstance(detail, dict):
        general = detail.get(api_settings.NON_FIELD_ERRORS_KEY) or [ValidationError.default_detail]
        fields = {name: messages for name, messages in detail.items() if name != api_settings.NON_FIELD_ERRORS_KEY}
        response.data = {"code": InvalidInput.code, "detail": " ".join(map(str, general)), "fields": fields}
    elif isinstance(detail, list):
        response.data = {"code": InvalidInput.code, "detail": " ".join(map(str, detail)), "fields": {}}
    else:
        response.data = {"code": detail.code, "detail": str(detail), "fields": {}}
    return response


class ChoiceSerializer(serializers.Serializer):
    """One of a field's choices: its code and its label, in the language asked for."""

    code = serializers.CharField()
    label = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """What every error answers (``exception_handler``)."""

    code = serializers.CharField(help_text="Machine-readable: not_found, permission_denied, invalid_input…")
    detail = serializers.CharField(help_text="The message, in the language asked for.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The wrong fields of the input (or filters), each with its messages.",
    )


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The schema's error responses for ``statuses`` (400, 401, 403, 404…), each an ``ErrorSerializer``."""
    descriptions = {
        400: "Invalid input: the fields name what is wrong.",
        401: "Not authenticated.",
        403: "The user's roles do not allow it.",
        404: "Not found, or outside the user's units.",
        409: "The object's state does not allow it now.",
        422: "A condition of the rules failed.",
    }
    return {status: OpenApiResponse(ErrorSerializer, description=descriptions[status]) for status in statuses}


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
