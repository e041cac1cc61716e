"""The refusals a service can answer with.

Every service raises one of these, with a translated message, and changes nothing when it does.
Screens and the API turn them into a message or a status code (``http_status``); ``code`` is
stable and machine-readable.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: Any, *, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        # Field name -> list of messages, for forms and the API.
        self.fields = fields or {}

    def __str__(self) -> str:
        return str(self.message)


class NotFound(ServiceError):
    """The object does not exist or lies outside the actor's units (its existence does not leak)."""

    code = "not_found"
    http_status = 404


class Forbidden(ServiceError):
    """The actor may see the object but holds no role that allows this action."""

    code = "forbidden"
    http_status = 403


class Conflict(ServiceError):
    """The object is not in a state that allows this action (often: someone acted first)."""

    code = "invalid_state"
    http_status = 409


class Refused(ServiceError):
    """A rule of the process is not met: a missing document, a passed deadline, a failed vote."""

    code = "condition_failed"
    http_status = 422


class InvalidInput(ServiceError):
    """The input itself is wrong: a missing comment, a malformed decision number."""

    code = "invalid_input"
    http_status = 422
