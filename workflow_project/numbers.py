"""Numbers and amounts written as Vietnamese write them: dots between thousands, a decimal comma."""

from __future__ import annotations

import math
from fractions import Fraction

from django.utils.translation import gettext as _


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
