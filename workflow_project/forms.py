"""What every app's screens share about forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .errors import ServiceError
from .numbers import AMOUNT_INVALID, AMOUNT_MAX, amount_parse, grouped


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


class AmountInput(forms.TextInput):
    """An amount in đồng typed as text, never as ``<input type="number">`` (which Chromium turns
    50.000.000 into 50.000000 with), with a phone's digit keyboard. It shows the amount with dots
    between thousands, and ``approvals/amounts.js`` regroups the digits as they are typed; the
    server reads what is sent without it."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "data-amount": True, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return grouped(value)
        return super().format_value(value)


class AmountField(forms.IntegerField):
    """An amount in đồng, read by ``workflow_project.numbers.amount_parse``: ``50.000.000``,
    ``50 000 000`` and ``50000000`` are fifty million; what is ambiguous is refused with a message
    naming the expected form."""

    widget = AmountInput
    default_error_messages = {"invalid": AMOUNT_INVALID}

    def __init__(self, *, min_value=0, max_value=AMOUNT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return amount_parse(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
