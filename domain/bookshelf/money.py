"""Money, the chapter's value object, and exact arithmetic on its float amounts."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from domain.bookshelf.bounded_context import bookshelf
from domain.core.fields import Float, String

CURRENCY_PATTERN = re.compile(r"[A-Z]{3}")
CENT = Decimal("0.01")
# No book costs more; a ceiling also keeps every total exact to the cent in a Decimal.
MAX_PRICE = 1_000_000


def currency_problems(currency: object) -> list[str]:
    if isinstance(currency, str) and not CURRENCY_PATTERN.fullmatch(currency):
        return ["must be three capital letters, like USD"]
    return []


def price_problems(amount: object) -> list[str]:
    if isinstance(amount, bool) or not isinstance(amount, float | int):
        return []  # not a number: the field itself says so
    if isinstance(amount, float) and not math.isfinite(amount):
        return []  # NaN or infinity: the field itself says so
    if isinstance(amount, int) and amount.bit_length() > 1024:
        return []  # too large for a float: the field itself says so
    if amount < 0:
        return ["may not be negative"]
    if amount > MAX_PRICE:
        return [f"may be at most {MAX_PRICE:,}"]
    if Decimal(repr(amount)) != exact(amount):
        # 0.001 would show as 0.00 and make the lines disagree with the total.
        return ["may have at most two decimals (cents)"]
    return []


@bookshelf.value_object
class Money:
    currency = String(max_length=3, default="USD")
    amount = Float(required=True)

    def clean(self) -> dict[str, list[str]]:
        problems = {"currency": currency_problems(self.currency),
                    "amount": price_problems(self.amount)}
        return {name: texts for name, texts in problems.items() if texts}


def exact(amount: float) -> Decimal:
    """The decimal the user typed: a float's shortest repr, rounded to cents."""
    return Decimal(repr(amount)).quantize(CENT, rounding=ROUND_HALF_UP)


def cents(amount: float) -> int:
    """The amount in whole cents, as the projections store money (an integer sorts in SQL)."""
    return int(exact(amount) * 100)


def total(lines: Iterable[tuple[float, int]]) -> Decimal:
    """Sum of unit price times quantity, in cents, with no float drift."""
    return sum((exact(price) * quantity for price, quantity in lines), Decimal("0.00"))


def format_money(amount: Decimal | float, currency: str) -> str:
    value = amount if isinstance(amount, Decimal) else exact(amount)
    return f"{value:,.2f} {currency}"
