"""What every app's API shares: one shape for every error, the token view, the URLs' wrapper."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import InvalidInput, ServiceError
from .numbers import AMOUNT_INVALID, AMOUNT_MAX, AMOUNT_PATTERN, amount_parse


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


# What each refusal means, in the schema.
ERRORS = {
    400: "Invalid input: the fields name what is wrong.",
    401: "Not authenticated.",
    403: "The user's roles do not allow it.",
    404: "Not found, or outside the user's units.",
    409: "The object's state does not allow it now (often: someone acted first).",
    422: "A condition of the rules failed.",
}


class AutoSchema(openapi.AutoSchema):
    """Every operation describes the refusals any call may meet, each answered as ``ErrorSerializer``:
    400 (bad input or filters), 401 (no credentials), 403, 404; and, for a change, 409 (a wrong state
    or a lost race) and 422 (a rule not met)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = [400, 401, 403, 404] + ([] if self.method == "GET" else [409, 422])
        for code in codes:
            if str(code) not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERRORS[code])
                responses[str(code)] = self._get_response_for_code(error, str(code), direction=direction)
        return responses


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "format": "int64", "minimum": 0, "maximum": AMOUNT_MAX},
            {"type": "string", "pattern": AMOUNT_PATTERN, "example": "50.000.000"},
        ]
    }
)
class AmountField(serializers.Field):
    """An amount in đồng: a JSON integer, or a string as the screens read it
    (``workflow_project.numbers.amount_parse``: ``"50.000.000"``, ``"50 000 000"``,
    ``"50000000"``). What is ambiguous (``"50.000000"``, ``"50,5"``), a negative, a fraction or a
    boolean is refused, naming the expected form. An empty string is no amount, where null is."""

    default_error_messages = {
        "invalid": AMOUNT_INVALID,
        "max_value": serializers.IntegerField.default_error_messages["max_value"],
    }

    def validate_empty_values(self, data):
        if self.allow_null and isinstance(data, str) and not data.strip():
            return True, None
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, str):
            try:
                data = amount_parse(data)
            except ValueError:
                self.fail("invalid")
        if data < 0:
            self.fail("invalid")
        if data > AMOUNT_MAX:
            self.fail("max_value", max_value=AMOUNT_MAX)
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file sent in a multipart form, declared in the schema as binary, as a client generated from
    it sends a file (a plain ``FileField`` shares its component with the answers, as a URI)."""


class IdFilter(django_filters.Filter):
    """An object named by its id: a whole number a database id can be (anything else answers 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


def exception_handler(exc, context):
    """Every error as ``{"code", "detail", "fields"}``, with the message in the request's language:
    a service's refusal with its own status and code, DRF's own errors (401, 403, 404, 405, bad
    input) with theirs. ``fields`` names the wrong fields of the input, each with its messages."""
    if isinstance(exc, ServiceError):
        fields = {name: [str(message) for message in messages] for name, messages in exc.fields.items()}
        return Response({"code": exc.code, "detail": str(exc.message), "fields": fields}, status=exc.http_status)
    if isinstance(exc, Http404):  # the message of a Django 404 names a model: the API's own instead
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
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


def validated(serializer: serializers.Serializer) -> dict:
    """The serializer's data, or a refusal naming each wrong field (``nominee.name`` for a nested
    one, ``ballots.1.outcome`` for a list's entry), as the services refuse bad input."""
    if serializer.is_valid():
        return serializer.validated_data
    fields = {}

    def flatten(found, prefix=""):
        for name, messages in found.items() if isinstance(found, dict) else enumerate(found):
            if isinstance(messages, dict) or any(not isinstance(message, str) for message in messages):
                flatten(messages, f"{prefix}{name}.")  # a nested object's fields, a list's entries
            elif messages:
                fields[f"{prefix}{name}"] = [str(message) for message in messages]

    flatten(serializer.errors)
    general = fields.pop(api_settings.NON_FIELD_ERRORS_KEY, None)
    raise InvalidInput(" ".join(general) if general else exceptions.ValidationError.default_detail, fields=fields)


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


@csrf_exempt  # nothing to protect, and a POST answers 404 like any other method
def not_found(request, *args, **kwargs):
    """Any other path under /api/: 404 in the API's shape, not the site's page."""
    error = exceptions.NotFound()
    return JsonResponse({"code": error.default_code, "detail": str(error.detail), "fields": {}}, status=404)


def api_patterns(patterns):
    """``patterns`` answered by DRF, which authenticates by session or token: the site-wide
    LoginRequiredMiddleware, which knows sessions only, leaves them to DRF's own permissions (an
    anonymous call answers 401 or 403 instead of a redirect to the sign-in page)."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns
