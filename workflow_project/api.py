"""What every app's API shares: the answer to a service's refusal, and the URLs under /api/."""

from __future__ import annotations

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


def api_patterns(patterns):
    """``patterns`` answered by DRF, which authenticates by session or token: the site-wide
    LoginRequiredMiddleware, which knows sessions only, leaves them to DRF's own permissions (an
    anonymous call answers 401 or 403 instead of a redirect to the sign-in page)."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


