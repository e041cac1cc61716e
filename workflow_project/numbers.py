"""Numbers and amounts written as Vietnamese write them: dots between thousands, a decimal comma.

An amount in đồng is read in one place, ``amount_parse``, for the screens' forms
(``workflow_project.forms.AmountField``) and the API (``workflow_project.api.AmountField``) alike.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The largest amount the database holds (a PositiveBigIntegerField).
AMOUNT_MAX = 2**63 - 1
# Whatever is longer is no amount anyone typed (and int() of a huge string is slow).
AMOUNT_MAX_LENGTH = 40
AMOUNT_INVALID = gettext_lazy("Enter the amount in đồng, for example 50.000.000 (dots between thousands, no decimals).")
# What the API's schema says a string amount looks like (ECMAScript and Python alike).
AMOUNT_PATTERN = r"^(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)$"

_PLAIN = re.compile(r"[0-9]+")
# Thousands grouped by one separator throughout: a dot, or a space (the non-breaking and narrow
# ones too, which word processors and spreadsheets paste). The first group has no leading zero:
# "0.500" would be read as a half elsewhere.
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?P<sep>[. \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*")


def amount_parse(text: str) -> int:
    """An amount in đồng as people type it: ``50.000.000``, ``50 000 000`` or ``50000000``.

    Anything that could be read two ways, or is not a whole number of đồng, raises ``ValueError``:
    ``50.000000`` (what a number input makes of 50.000.000), ``50.5``, ``50,5`` or ``50,000`` (a
    comma is a decimal comma here, and đồng have no decimals), a sign, letters, mixed separators.
    The range is the caller's to check (``AMOUNT_MAX``)."""
    if not isinstance(text, str) or len(text) > AMOUNT_MAX_LENGTH:
        raise ValueError(text)
    text = text.strip()
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
        return int(re.sub(r"[^0-9]", "", text))
    raise ValueError(text)


def grouped(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def dong(amount: int) -> str:
    """An amount in đồng: "50.000.000 đồng"."""
    return _("%(amount)s đồng") % {"amount": grouped(amount)}


def decimal_text(value) -> str:
    """A number cut (not rounded) to two decimals: "2,99", "3", "1.234,5". Cut, so that 2,999 is
    never shown as 3 beside "< 3"."""
    hundredths = math.floor(Fraction(value) * 100)
    sign = "-" if hundredths < 0 else ""
    whole, fraction = divmod(abs(hundredths), 100)
    text = sign + grouped(whole)
    if fraction:
        text += "," + f"{fraction:02d}".rstrip("0")
    return text
