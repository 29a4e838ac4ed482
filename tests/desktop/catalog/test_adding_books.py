"""Adding a book through the form: catalog, selection, event log, and field messages."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from desktop.widgets.roles import KEY_ROLE, RECORD_ROLE
from tests.desktop.helpers import add_book, click, find, log_types, type_into


def test_a_typed_book_shows_in_the_catalog_and_a_book_added_row_in_the_log(qtbot, window):
    add_book(qtbot, window, "Dune")

    table = find(window, "catalogTable")
    index = table.model().index(0, 0)
    assert index.data() == "Dune"
    qtbot.waitUntil(lambda: "Bookshelf.BookAdded.v1" in log_types(window))
    book_added = window.event_log_model.row_at(0)
    assert book_added.payload["title"] == "Dune"


def test_after_a_success_the_form_clears_and_the_new_book_is_selected(qtbot, window):
    add_book(qtbot, window, "Dune")
    add_book(qtbot, window, "Emma", author="Jane Austen")

    assert find(window, "bookTitle").text() == ""
    assert find(window, "bookCurrency").text() == "USD"
    table = find(window, "catalogTable")
    qtbot.waitUntil(lambda: table.selectionModel().hasSelection())
    selected = table.selectionModel().selectedRows()[0]
    assert selected.data() == "Emma"
    assert window.catalog_model.row_of(selected.data(KEY_ROLE)) is not None


def test_enter_in_a_field_submits_the_form(qtbot, window):
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "9.99")
    qtbot.keyClick(find(window, "bookPrice"), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 1)


def test_invalid_input_shows_each_fields_message_and_stores_nothing(qtbot, window,
                                                                   database_path):
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookIsbn", "12345")
    type_into(qtbot, window, "bookPrice", "cheap")
    find(window, "bookCurrency").clear()
    type_into(qtbot, window, "bookCurrency", "x")

    assert not find(window, "bookAdd").isEnabled()
    assert "10 or 13 characters" in find(window, "bookIsbnMessage").text()
    assert "is not a price here" in find(window, "bookPriceMessage").text()
    assert "three capital letters" in find(window, "bookCurrencyMessage").text()
    assert find(window, "bookTitleMessage").isHidden()
    # Enter on the invalid form names the untouched required field too.
    qtbot.keyClick(find(window, "bookTitle"), Qt.Key.Key_Return)
    assert find(window, "bookAuthorMessage").text() == "is required"

    window.shutdown()
    with sqlite3.connect(database_path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0
        assert connection.execute("SELECT COUNT(*) FROM book").fetchone()[0] == 0


def test_fixing_the_field_hides_its_message_and_enables_add(qtbot, window):
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "-1")
    assert "may not be negative" in find(window, "bookPriceMessage").text()

    find(window, "bookPrice").clear()
    type_into(qtbot, window, "bookPrice", "1")
    assert find(window, "bookPriceMessage").isHidden()
    click(qtbot, window, "bookAdd")
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 1)


def test_the_filter_box_narrows_the_catalog(qtbot, window):
    add_book(qtbot, window, "Dune")
    add_book(qtbot, window, "Emma", author="Jane Austen")

    table = find(window, "catalogTable")
    type_into(qtbot, window, "catalogFilter", "austen")
    # Once typing pauses (other refreshes may come first: the window watches the file).
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table.model().index(0, 0).data() == "Emma"


def test_add_waits_for_the_answer_then_the_message_says_what_was_added(qtbot, window):
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "9.99")

    click(qtbot, window, "bookAdd")
    assert not find(window, "bookAdd").isEnabled()  # no double add while it is on its way

    message = find(window, "catalogMessage")
    qtbot.waitUntil(lambda: message.text() == "Added “Dune” by Frank Herbert.")
    assert message.property("kind") == "info"
    # The answer comes before the events (the bridge says so): the row follows them.
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 1)


def test_the_catalog_model_gives_a_whole_book_to_whoever_picks_it(qtbot, window):
    add_book(qtbot, window, "Dune", price="9.99")

    book = window.catalog_model.index(0, 0).data(RECORD_ROLE)
    assert book == window.catalog_model.book(0)
    assert (book["title"], book["price_cents"], book["price_currency"]) == (
        "Dune", 999, "USD")
