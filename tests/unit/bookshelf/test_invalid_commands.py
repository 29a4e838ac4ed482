"""Generated invalid commands are refused, and leave every table and the event log unchanged."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.bookshelf import (
    AddBook,
    Bookshelf,
    ConfirmOrder,
    OrderTransitionRefused,
    PlaceOrder,
    ShipOrder,
)
from domain.core import ObjectNotFoundError, ValidationError
from tests.unit.bookshelf.helpers import add_book, confirmed_order, place_order, table_counts

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

good_text = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=20)
too_long = lambda limit: st.text(min_size=limit + 1, max_size=limit + 20)  # noqa: E731
empty = st.sampled_from([None, ""])
non_numeric = st.sampled_from(["abc", "12,5", "1.2.3", "nan", "inf", [], {}, True])
negative = st.floats(max_value=-0.01, allow_nan=False, allow_infinity=False)
bad_currency = st.one_of(
    st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=3),
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2),
    st.text(alphabet=string.ascii_uppercase + string.digits, min_size=3, max_size=3).filter(
        lambda text: any(char.isdigit() for char in text)),
    st.text(min_size=4, max_size=8),
)
bad_isbn = st.one_of(
    st.text(alphabet=string.digits, min_size=1, max_size=9),
    st.text(alphabet=string.digits, min_size=11, max_size=12),
    st.just("9780743273566"), st.just("0306406153"),
    st.text(alphabet=string.ascii_letters, min_size=10, max_size=10),
)

BAD_ADD_BOOK = {
    "title": st.one_of(empty, too_long(200)),
    "author": st.one_of(empty, too_long(150)),
    "isbn": bad_isbn,
    "price_amount": st.one_of(empty, non_numeric, negative),
    "price_currency": bad_currency,
}


@st.composite
def invalid_add_book(draw: st.DrawFn) -> dict[str, Any]:
    """A valid AddBook's values with at least one field replaced by a bad value."""
    values: dict[str, Any] = {"title": draw(good_text), "author": draw(good_text), "isbn": "",
                              "price_amount": draw(st.floats(0, 1000)), "price_currency": "USD"}
    spoiled = draw(st.lists(st.sampled_from(sorted(BAD_ADD_BOOK)), min_size=1, unique=True))
    for name in spoiled:
        values[name] = draw(BAD_ADD_BOOK[name])
    return values


bad_quantity = st.one_of(st.integers(max_value=0), st.just(2.5), non_numeric, empty)


@st.composite
def invalid_place_order(draw: st.DrawFn, book_id: str) -> dict[str, Any]:
    """Bad customer names, bad quantities, no items, or book ids the catalog lacks."""
    kind = draw(st.sampled_from(["customer", "quantity", "no items", "unknown book"]))
    customer = draw(st.one_of(empty, too_long(150))) if kind == "customer" else "Ann"
    quantity = draw(bad_quantity) if kind == "quantity" else 1
    if kind == "unknown book":
        book_id = draw(st.one_of(st.uuids().map(str), good_text, st.integers()))
    items = [] if kind == "no items" else [{"book_id": book_id, "quantity": quantity}]
    return {"customer_name": customer, "items": items}


@pytest.fixture
def stocked(shop: Bookshelf) -> dict[str, str]:
    """A shop with a book and one order in each status."""
    book_id = add_book(shop)
    shipped = confirmed_order(shop)
    shop.process(ShipOrder(order_id=shipped))
    return {"book": book_id, "pending": place_order(shop, (book_id, 1)),
            "confirmed": confirmed_order(shop), "shipped": shipped}


def assert_refused_without_trace(shop: Bookshelf, errors: tuple[type[Exception], ...],
                                 build: Any) -> None:
    """Nothing is stored but the command's record, when it ran: one refused when it is
    built never ran."""
    before = table_counts(shop)
    ran = 0
    with pytest.raises(errors):
        command = build()
        ran = 1
        shop.process(command)
    assert table_counts(shop) == {**before, "commands": before["commands"] + ran}


@SETTINGS
@given(values=invalid_add_book())
def test_an_invalid_add_book_is_refused_and_stores_nothing(
    shop: Bookshelf, stocked: dict[str, str], values: dict[str, Any],
) -> None:
    assert_refused_without_trace(shop, (ValidationError,), lambda: AddBook(**values))


@SETTINGS
@given(data=st.data())
def test_an_invalid_place_order_is_refused_and_stores_nothing(
    shop: Bookshelf, stocked: dict[str, str], data: st.DataObject,
) -> None:
    values = data.draw(invalid_place_order(stocked["book"]))
    assert_refused_without_trace(shop, (ValidationError,), lambda: PlaceOrder(**values))


@SETTINGS
@given(command=st.sampled_from([ConfirmOrder, ShipOrder]),
       order_id=st.one_of(empty, st.just(2.5), st.just([]), st.uuids().map(str), good_text))
def test_confirming_or_shipping_a_bad_or_unknown_order_id_is_refused(
    shop: Bookshelf, stocked: dict[str, str], command: type, order_id: Any,
) -> None:
    assert_refused_without_trace(shop, (ValidationError, ObjectNotFoundError),
                                 lambda: command(order_id=order_id))


@SETTINGS
@given(case=st.sampled_from([(ConfirmOrder, "confirmed"), (ConfirmOrder, "shipped"),
                             (ShipOrder, "pending"), (ShipOrder, "shipped")]))
def test_a_transition_from_the_wrong_status_is_refused_and_stores_nothing(
    shop: Bookshelf, stocked: dict[str, str], case: tuple[type, str],
) -> None:
    command, status = case
    assert_refused_without_trace(shop, (OrderTransitionRefused,),
                                 lambda: command(order_id=stocked[status]))


# -- hostile input: refused when the command is built, a readable message per field ---------

with_a_bad_character = st.builds(
    lambda before, bad, after: before + bad + after,
    st.text(alphabet=string.ascii_letters, max_size=5),
    st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff"]),
    st.text(alphabet=string.ascii_letters, max_size=5))
huge_number = st.sampled_from([10**400, -(10**400), 10**4999, "9" * 5000])
not_finite = st.sampled_from([float("nan"), float("inf"), float("-inf"), "nan", "-inf"])
long_junk = st.builds(lambda seed, length: (seed * length)[:length],  # past every limit
                      st.text(alphabet=string.ascii_letters + ",.-", min_size=1, max_size=20),
                      st.integers(10_001, 10_100))
HOSTILE = {"text": st.one_of(with_a_bad_character, long_junk),
           "number": st.one_of(huge_number, not_finite, long_junk),
           "id": st.one_of(with_a_bad_character, huge_number, long_junk)}


def good_commands(book_id: str) -> dict[type, dict[str, Any]]:
    line = {"book_id": book_id, "quantity": 1}
    return {
        AddBook: {"title": "Dune", "author": "Frank Herbert", "isbn": "", "price_amount": 9.5,
                  "price_currency": "USD", "description": ""},
        PlaceOrder: {"customer_name": "Ann", "items": [line]},
        ConfirmOrder: {"order_id": "an-order"},
        ShipOrder: {"order_id": "an-order"},
    }


# Every field of every command, by the kind of hostile value it is given; an order's line
# is spoiled in its book id or its quantity.
HOSTILE_FIELDS = [(AddBook, "title", "text"), (AddBook, "author", "text"),
                  (AddBook, "isbn", "text"), (AddBook, "price_amount", "number"),
                  (AddBook, "price_currency", "text"), (AddBook, "description", "text"),
                  (PlaceOrder, "customer_name", "text"), (PlaceOrder, "book_id", "id"),
                  (PlaceOrder, "quantity", "number"), (ConfirmOrder, "order_id", "id"),
                  (ShipOrder, "order_id", "id")]


def assert_readable(messages: dict[str, list[str]], field: str, value: Any) -> None:
    assert list(messages) == [field]
    for message in messages[field]:
        assert len(message) <= 200
        if isinstance(value, str) and len(value) > 80:
            assert value[:81] not in message  # at most about 80 characters of it
        assert "\x00" not in message and not any("\ud800" <= char <= "\udfff"
                                                  for char in message)


@SETTINGS
@given(data=st.data(), case=st.sampled_from(HOSTILE_FIELDS))
def test_every_command_refuses_hostile_input_when_it_is_built_with_a_readable_message(
    shop: Bookshelf, stocked: dict[str, str], data: st.DataObject, case: tuple[type, str, str],
) -> None:
    command, field, kind = case
    value = data.draw(HOSTILE[kind])
    values = good_commands(stocked["book"])[command]
    if field in ("book_id", "quantity"):
        values["items"][0][field] = value
    else:
        values[field] = value
    with pytest.raises(ValidationError) as caught:
        command(**values)
    assert_readable(caught.value.messages, "items" if field in ("book_id", "quantity") else field,
                    value)


def test_an_order_line_that_is_none_is_refused_by_its_place() -> None:
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=[{"book_id": "b", "quantity": 1}, None])
    assert caught.value.messages == {"items": ["item 2: is empty (None)"]}


def test_a_lone_surrogate_in_a_title_is_refused_when_the_command_is_built() -> None:
    with pytest.raises(ValidationError) as caught:
        AddBook(title="\ud800", author="Ann", price_amount=1)
    assert caught.value.messages == {
        "title": ["may not contain a lone surrogate (\\ud800 at character 1)"]}


def test_a_nul_in_a_book_id_is_refused_when_the_order_is_built() -> None:
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=[{"book_id": "a\x00b", "quantity": 1}])
    assert caught.value.messages == {
        "items": ["item 1: book_id: may not contain a NUL character (at character 2)"]}


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), float("-inf")])
def test_a_price_that_is_not_finite_gets_one_message(amount: float) -> None:
    with pytest.raises(ValidationError) as caught:
        AddBook(title="Dune", author="Ann", price_amount=amount)
    assert caught.value.messages == {"price_amount": [f"'{amount}' is not a finite number"]}


@pytest.mark.parametrize("amount", [10**400, 10**4999], ids=["10**400", "10**4999"])
def test_a_price_too_large_for_a_float_gets_one_message(amount: int) -> None:
    with pytest.raises(ValidationError) as caught:
        AddBook(title="Dune", author="Ann", price_amount=amount)
    (message,) = caught.value.messages["price_amount"]
    assert message.endswith("digits) is not a finite number")


def test_an_order_id_of_five_thousand_digits_is_refused_when_the_command_is_built() -> None:
    with pytest.raises(ValidationError) as caught:
        ConfirmOrder(order_id=10**4999)
    assert caught.value.messages == {
        "order_id": ["may be at most 255 characters long (this is 5,000 digits)"]}
