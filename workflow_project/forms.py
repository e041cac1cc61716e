"""What every app's screens share about forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .errors import ServiceError


def add_service_error(form: forms.Form, exc: ServiceError) -> None:
    """Show a refusal on the form: on its fields where the service names them, else on the form."""
    placed = False
    for field, errors in (exc.fields or {}).items():
        if field in form.fields:
            for message in errors:
                form.add_error(field, str(message))
            placed = True
    if not placed or exc.fields.keys() - form.fields.keys():
        form.add_error(None, str(exc))


class TickedIdsField(forms.Field):
    """The ids of the rows ticked in a table the template renders, sorted and without repeats.

    A subclass names what is ticked in its ``required`` and ``invalid`` messages.
    """

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        try:
            return sorted({int(item) for item in value or []})
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
