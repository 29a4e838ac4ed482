"""Money: three capital letters of currency, no negative amounts, and totals exact to the cent."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from domain.bookshelf import Money, Order, OrderItem
from domain.bookshelf.money import format_money, total
from domain.core import ValidationError


def test_money_defaults_to_us_dollars() -> None:
    assert Money(amount=12.99).currency == "USD"


@pytest.mark.parametrize("currency", ["usd", "US", "U5D", "ÉUR", ""])
def test_a_currency_that_is_not_three_capital_letters_is_refused(currency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(amount=1, currency=currency)
    assert caught.value.messages == {"currency": ["must be three capital letters, like USD"]}


def test_a_four_letter_currency_is_refused_by_length_and_by_the_rule() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(amount=1, currency="USDX")
    assert len(caught.value.messages["currency"]) == 2


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(amount=-0.01)
    assert caught.value.messages == {"amount": ["may not be negative"]}


def test_a_zero_amount_is_accepted() -> None:
    assert Money(amount=0).amount == 0.0


def test_money_is_immutable_and_equal_by_value() -> None:
    price = Money(amount=12.99, currency="EUR")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        price.amount = 1.0  # type: ignore[misc]
    assert price == Money(amount="12.99", currency="EUR")


def test_a_total_has_no_float_drift() -> None:
    assert total([(0.1, 3), (0.2, 1)]) == Decimal("0.50")


def test_a_total_of_several_copies_is_exact_to_the_cent() -> None:
    assert total([(19.99, 3)]) == Decimal("59.97")


def test_a_total_is_shown_to_cents() -> None:
    assert format_money(total([(0.1, 3), (0.2, 1)]), "USD") == "0.50 USD"
    assert format_money(1234.5, "EUR") == "1,234.50 EUR"


def test_an_orders_total_adds_its_items_exactly() -> None:
    order = Order(customer_name="Ann", items=[
        OrderItem(book_title="A", quantity=3, unit_price=Money(amount=0.1)),
        OrderItem(book_title="B", quantity=1, unit_price=Money(amount=0.2)),
    ])
    assert order.total == Decimal("0.50")
    assert str(order.total) == "0.50"


def test_an_order_of_three_copies_at_19_99_totals_59_97() -> None:
    order = Order(customer_name="Ann", items=[
        OrderItem(book_title="A", quantity=3, unit_price=Money(amount=19.99))])
    assert str(order.total) == "59.97"


def test_an_order_mixing_currencies_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Order(customer_name="Ann", items=[
            OrderItem(book_title="A", quantity=1, unit_price=Money(amount=1, currency="USD")),
            OrderItem(book_title="B", quantity=1, unit_price=Money(amount=1, currency="EUR"))])
    assert set(caught.value.messages) == {"items"}


@pytest.mark.parametrize("amount", [0.001, 12.999, 1_000_000.01])
def test_a_price_with_fractions_of_a_cent_or_above_the_ceiling_is_refused(amount: float) -> None:
    with pytest.raises(ValidationError) as refused:
        Money(amount=amount)
    assert list(refused.value.messages) == ["amount"]


@pytest.mark.parametrize("amount", [0, 0.1, 12.99, 1_000_000])
def test_a_price_in_whole_cents_up_to_the_ceiling_is_accepted(amount: float) -> None:
    assert Money(amount=amount).amount == amount
