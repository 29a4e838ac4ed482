"""Prices written as the locale writes them read back as the same amount, in every locale."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale

from desktop.widgets.price_text import UnreadablePrice, how_to_write, price_text, read_price
from domain.bookshelf.money import MAX_PRICE
from tests.desktop.conftest import LOCALES

CENTS = st.integers(min_value=0, max_value=MAX_PRICE * 100)


@pytest.mark.parametrize(("name", "shown"), [
    ("C", "1,000.00 USD"), ("en_US", "1,000.00 USD"), ("de_DE", "1.000,00 USD"),
    ("fr_FR", "1\u202f000,00 USD")])
def test_a_price_is_shown_with_its_thousands_grouped_as_the_locale_does(name, shown):
    locale = QLocale.c() if name == "C" else QLocale(name)
    assert price_text(1000.0, "USD", locale) == shown
    assert price_text(Decimal("1000.00"), "USD", locale) == shown


@pytest.mark.parametrize("name", LOCALES)
@given(cents=CENTS)
def test_every_price_shown_reads_back_as_the_same_amount(name, cents):
    locale = QLocale(name)
    amount = Decimal(cents) / 100
    assert read_price(price_text(amount, "EUR", locale), locale) == (float(amount), "EUR")


@pytest.mark.parametrize("name", LOCALES)
@given(text=st.text(max_size=20))
def test_any_text_is_a_price_nothing_or_refused_with_a_reason(name, text):
    try:
        price = read_price(text, QLocale(name))
    except UnreadablePrice as refused:
        # Every refusal says how this locale writes a price ("1.234" with three decimals too).
        assert how_to_write(QLocale(name)) in str(refused)
        return
    assert price is None or math.isfinite(price.amount)


def test_nothing_typed_is_no_price():
    assert read_price("   ", QLocale("en_US")) is None
