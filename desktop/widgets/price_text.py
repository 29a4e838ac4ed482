"""Prices as the current locale writes them and reads them back: one format both ways."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import NamedTuple

from PySide6.QtCore import QLocale

from domain.bookshelf.money import exact

# A currency code after the amount, as the tables write it: "1,000.00 USD".
WITH_CURRENCY = re.compile(r"(?P<amount>.*[^A-Za-z\s])\s*(?P<currency>[A-Za-z]{3})")
CENTS = 2


class UnreadablePrice(ValueError):
    """Typed text that is not a price in the locale, or could be read two ways."""


class TypedPrice(NamedTuple):
    """A price as typed: its amount, and the currency written after it, if any."""

    amount: float
    currency: str | None


def display_locale(locale: QLocale | None = None) -> QLocale:
    """`locale` (the default one when None) grouping thousands even where it would not
    (the C locale): "1,000.00" reads better than "1000.00" and reads back the same."""
    shown = QLocale() if locale is None else QLocale(locale)
    shown.setNumberOptions(shown.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return shown


def price_text(amount: Decimal | float, currency: str, locale: QLocale | None = None) -> str:
    """`1,000.00 USD` in en_US, `1.000,00 USD` in de_DE: what the tables show, and what
    `read_price` reads back as the same amount."""
    value = amount if isinstance(amount, Decimal) else exact(amount)
    return f"{display_locale(locale).toString(float(value), 'f', CENTS)} {currency}"


def read_price(text: str, locale: QLocale | None = None) -> TypedPrice | None:
    """The price `text` writes in `locale` (the default one when None), None when empty.

    QLocale reads the number, separators and all, and refuses a separator out of place
    ("1,25" where a comma groups thousands). Two more refusals keep it unambiguous: more
    than two digits after the decimal separator ("1.250" is 1250 in German), and letters
    (QLocale takes "1e3", "inf" and "nan"). A currency code may follow, as tables show it.

    Raises UnreadablePrice, whose message says how this locale writes a price.
    """
    text = text.strip()
    if not text:
        return None
    locale = locale if locale is not None else QLocale()
    currency = None
    found = WITH_CURRENCY.fullmatch(text)
    if found:
        text, currency = found["amount"], found["currency"].upper()
    if locale.groupSeparator().isspace():
        # Any space groups where one does (QLocale takes an ordinary one, but not U+00A0).
        text = re.sub(r"\s", locale.groupSeparator(), text)
    amount, ok = locale.toDouble(text)
    if not ok or not math.isfinite(amount) or any(char.isalpha() for char in text):
        raise UnreadablePrice(f"“{text}” is not a price here: {how_to_write(locale)}")
    decimals = text.rpartition(locale.decimalPoint())[2] if locale.decimalPoint() in text else ""
    if len(decimals) > CENTS:
        raise UnreadablePrice(
            f"“{text}” has {len(decimals)} digits after “{locale.decimalPoint()}”:"
            f" {how_to_write(locale)}")
    return TypedPrice(amount, currency)


def how_to_write(locale: QLocale) -> str:
    """`“,” groups thousands (1,250) and “.” marks the cents (1.25)`, as the locale does."""
    shown = display_locale(locale)
    group = shown.groupSeparator()
    groups = "a space groups" if group.isspace() else f"“{group}” groups"
    return (f"{groups} thousands ({shown.toString(1250.0, 'f', 0)}) and"
            f" “{shown.decimalPoint()}” marks the cents ({shown.toString(1.25, 'f', CENTS)})")
