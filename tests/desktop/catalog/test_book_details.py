"""The selected book in full, ISBN and description read from its own row; none: an empty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from desktop.catalog.details import EMPTY, GONE, BookDetailsPane
from desktop.catalog.model import CatalogModel
from desktop.catalog.panel import CatalogPanel
from desktop.main_window import MainWindow
from domain.bookshelf import AddBook
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import DetailsQueries, ProjectionQueries
from tests.desktop.helpers import click, find, type_into


@pytest.fixture
def pane(qtbot, shop_reader: SqliteReader) -> BookDetailsPane:
    pane = BookDetailsPane(DetailsQueries(shop_reader).book)
    qtbot.addWidget(pane)
    return pane


def shown(pane: BookDetailsPane) -> dict[str, str]:
    texts = {field: label.text() for field, label in pane.values.items()}
    return {**texts, "description": pane.description.toPlainText()}


def test_nothing_selected_says_what_the_pane_is_for(pane):
    pane.show()
    assert pane.empty.isVisible() and pane.empty.text() == EMPTY
    assert not pane.values["title"].isVisible()


def test_a_book_shows_its_isbn_description_and_price(pane, shop, locale):
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", isbn="9780441172719",
                                   price_amount=1250.5, price_currency="EUR",
                                   description="Spice.\nSand."))
    pane.show()
    pane.show_book(book_id)
    price = {"en_US": "1,250.50 EUR", "de_DE": "1.250,50 EUR",
             "fr_FR": "1\u202f250,50 EUR"}[locale]
    assert shown(pane) == {"title": "Dune", "author": "Frank Herbert", "isbn": "9780441172719",
                           "price": price, "description": "Spice.\nSand."}
    assert not pane.empty.isVisible()


def test_a_book_without_isbn_or_description_says_so(pane, shop):
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    pane.show_book(book_id)
    assert pane.values["isbn"].text() == "none given"
    assert pane.description.toPlainText() == ""
    assert pane.description.placeholderText() == "No description"


def test_a_title_is_shown_as_text_never_as_markup(pane, shop):
    book_id = shop.process(AddBook(title="<b>Bold</b> & <i>Brave</i>", author="A. Writer",
                                   price_amount=9.0))
    pane.show_book(book_id)
    label = pane.values["title"]
    assert label.text() == "<b>Bold</b> & <i>Brave</i>"
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_an_unknown_book_and_then_none_show_why_nothing_is_shown(pane):
    pane.show()
    pane.show_book("no-such-book")
    assert pane.empty.isVisible() and pane.empty.text() == GONE
    pane.show_book(None)
    assert pane.empty.text() == EMPTY and pane.book_id is None


@pytest.fixture
def panel(qtbot, window: MainWindow) -> CatalogPanel:
    """A catalog panel with its details pane, on the window's bridge and reader."""
    model = CatalogModel(ProjectionQueries(window.reader).books())
    panel = CatalogPanel(window.bridge, model, BookDetailsPane(DetailsQueries(window.reader).book))
    qtbot.addWidget(panel)
    panel.resize(700, 800)
    panel.show()
    return panel


def test_an_added_book_is_selected_and_shown_in_full_as_typed(qtbot, window, use_locale):
    use_locale("en_US")
    type_into(qtbot, window, "bookTitle", "Clean Architecture")
    type_into(qtbot, window, "bookAuthor", "Robert C. Martin")
    type_into(qtbot, window, "bookIsbn", "978-0-13-449416-6")
    type_into(qtbot, window, "bookPrice", "1,250")
    type_into(qtbot, window, "bookDescription", "Boundaries.")
    click(qtbot, window, "bookAdd")

    details = find(window, "bookDetails", BookDetailsPane)  # in its dock, Book details
    qtbot.waitUntil(lambda: details.book_id is not None)
    assert find(window, "bookDetailsIsbn", QLabel).text() == "9780134494166"
    assert find(window, "bookDetailsPrice", QLabel).text() == "1,250.00 USD"
    assert find(window, "bookDetailsDescription", QPlainTextEdit).toPlainText() == "Boundaries."


def test_selecting_another_book_shows_it_and_clearing_the_selection_empties_the_pane(
        qtbot, panel, window):
    for title in ("Dune", "Emma"):
        window.bookshelf.engine.submit(AddBook(title=title, author="A. Writer",
                                                price_amount=9.0)).result()
    panel.model.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    details = panel.details
    assert details is not None

    panel.select(panel.model.index(1, 0))
    assert details.values["title"].text() == "Emma"
    panel.select(panel.model.index(0, 0))
    assert details.values["title"].text() == "Dune"
    panel.table.clearSelection()
    assert details.book_id is None and details.empty.text() == EMPTY


def test_a_filter_that_hides_the_selected_book_empties_the_pane(qtbot, panel, window):
    window.bookshelf.engine.submit(AddBook(title="Dune", author="A. Writer",
                                           price_amount=9.0)).result()
    panel.model.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.select(panel.model.index(0, 0))
    assert panel.details is not None and panel.details.values["title"].text() == "Dune"

    panel.model.set_text("no such title")
    assert panel.details.book_id is None
