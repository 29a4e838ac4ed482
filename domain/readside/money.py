"""Money as the projections store it, in whole cents, read back as the amount it is."""

from __future__ import annotations

from decimal import Decimal


def from_cents(amount: int) -> Decimal:
    """Whole cents as the decimal amount they are: 1250 is 12.50."""
    return Decimal(amount).scaleb(-2)
