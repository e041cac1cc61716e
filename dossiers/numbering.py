"""The numbers and dates of official documents (số văn bản): decisions, submissions, letters and
lists, each numbered per issuing unit and year, and dated no later than today."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow_project.errors import Conflict, InvalidInput, Refused

# "123/QĐ-UBND", "45/TTr-UBND", "17/2016/QĐ-UBND": a number, an optional year, the document type
# and the issuing body's abbreviation.
DOCUMENT_NUMBER = r"^\d{1,6}(/\d{4})?/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ0-9&]+)+$"
decision_number_validator = RegexValidator(
    DOCUMENT_NUMBER, gettext_lazy("Enter a decision number such as 123/QĐ-UBND."), code="invalid_decision_number"
)
submission_number_validator = RegexValidator(
    DOCUMENT_NUMBER, gettext_lazy("Enter a submission number such as 45/TTr-LĐTBXH."), code="invalid_submission_number"
)


def not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise InvalidInput(
            _("The date cannot be in the future."), fields={field: [_("The date cannot be in the future.")]}
        )


def clean_number(number: str, field: str, validator=decision_number_validator) -> str:
    number = (number or "").strip()
    try:
        validator(number)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], fields={field: exc.messages}) from exc
    return number


def create_numbered(model, duplicate: str, code: str, *, unique: dict, year: int, **fields):
    """Create a numbered record (a decision, a submission, a letter, a list) whose number is unique
    per unit and year. A number in use is refused (422) on the form's number field; one taken a
    moment ago by someone else, which the database refuses, is a conflict (409)."""
    message = duplicate % {"number": unique["number"], "year": year}
    if model.objects.filter(year=year, **unique).exists():
        raise Refused(message, code=code, fields={"number": [message]})
    try:
        with transaction.atomic():
            return model.objects.create(**unique, **fields)
    except IntegrityError as exc:
        raise Conflict(message, code=code, fields={"number": [message]}) from exc
