"""The add-book form reads a price as the locale writes it, and refuses what it cannot read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from desktop.catalog.form import BookForm
from desktop.widgets.price_text import price_text
from domain.core import ValidationError


@pytest.fixture
def form(qtbot) -> BookForm:
    form = BookForm()
    qtbot.addWidget(form)
    return form


def type_book(qtbot, form: BookForm, price: str, currency: str = "USD") -> None:
    qtbot.keyClicks(form.line_edits["title"], "Dune")
    qtbot.keyClicks(form.line_edits["author"], "Frank Herbert")
    # As a paste puts it in: QTest cannot type a narrow no-break space (fr_FR's group).
    form.line_edits["price_amount"].insert(price)
    form.line_edits["price_currency"].setText(currency)
    form.validate()


def price_message(form: BookForm) -> str:
    message = form.messages["price_amount"]
    return "" if message.isHidden() else message.text()


# (locale, typed, amount): how each locale writes a price, separators and all.
READ = [
    ("en_US", "1,250", 1250.0),
    ("en_US", "1,250.50", 1250.5),
    ("en_US", "1.25", 1.25),
    ("en_US", "12", 12.0),
    ("de_DE", "1,25", 1.25),
    ("de_DE", "1.250,00", 1250.0),
    ("de_DE", "1.250", 1250.0),
    ("fr_FR", "1,25", 1.25),
    ("fr_FR", "1 250,00", 1250.0),
    ("fr_FR", "1\u00a0250,00", 1250.0),  # a no-break space, as copied from elsewhere
]


@pytest.mark.parametrize(("name", "typed", "amount"), READ)
def test_a_price_is_read_as_the_locale_writes_it(qtbot, form, use_locale, name, typed,
                                                 amount):
    use_locale(name)
    type_book(qtbot, form, typed)
    assert form.command().price_amount == amount
    assert price_message(form) == ""


def test_1_250_is_one_thousand_two_hundred_fifty_where_the_comma_groups_thousands(
        qtbot, form, use_locale):
    """It used to be stored as 1.25: every comma was taken for a decimal point."""
    use_locale("en_US")
    type_book(qtbot, form, "1,250")
    assert form.command().price_amount == 1250.0


# (locale, typed): what could be read two ways, or not at all.
REFUSED = [
    ("en_US", "1,25"),       # a comma groups thousands here: it cannot mark cents
    ("en_US", "1.250"),      # three digits after the decimal point: 1.25 or 1250?
    ("en_US", "1.250,00"),
    ("en_US", "1e3"),
    ("de_DE", "1,250"),      # three digits after the decimal comma
    ("de_DE", "1.25"),       # a point groups thousands here, by three
    ("de_DE", "1,000.00"),
    ("fr_FR", "1.250"),
    ("fr_FR", "inf"),
    ("fr_FR", "cheap"),
]


@pytest.mark.parametrize(("name", "typed"), REFUSED)
def test_what_cannot_be_read_one_way_only_is_refused_at_the_price_field(
        qtbot, form, use_locale, name, typed):
    use_locale(name)
    type_book(qtbot, form, typed)
    with pytest.raises(ValidationError) as refused:
        form.command()
    assert list(refused.value.messages) == ["price_amount"]
    shown = price_message(form)
    assert shown.startswith(f"“{typed}”")
    assert QLocale(name).toString(1.25, "f", 2) in shown  # it says how prices are written
    assert not form.add_button.isEnabled()


def test_the_tables_own_format_is_read_back_as_the_same_amount(qtbot, form, locale):
    shown = price_text(1000.0, "USD")
    type_book(qtbot, form, shown)
    assert form.command().price_amount == 1000.0
    assert price_message(form) == ""


def test_a_currency_after_the_price_must_be_the_books_currency(qtbot, form, locale):
    type_book(qtbot, form, price_text(1000.0, "EUR"))
    assert "ends in EUR" in price_message(form)
    form.line_edits["price_currency"].setText("EUR")
    form.validate()
    assert form.command().price_currency == "EUR"
    assert price_message(form) == ""


def test_an_unreadable_price_leaves_the_other_fields_messages_as_the_command_gives_them(
        qtbot, form, locale):
    form.line_edits["price_amount"].insert("1e3")
    form.submit()  # shows every field's problem
    assert form.messages["title"].text() == "is required"
    assert "is not a price here" in price_message(form)
