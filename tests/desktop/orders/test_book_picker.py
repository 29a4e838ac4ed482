"""The order form's book picker searches the catalog as one types, and never lists it whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.orders.book_picker import MATCHES, BookPicker
from desktop.widgets.roles import RECORD_ROLE
from domain.bookshelf import AddBook, open_bookshelf
from tests.desktop.helpers import click, find

WAIT_MS = 5_000


def shelved(path: Path, *books: tuple[str, str]) -> None:
    with open_bookshelf(path) as other:
        for title, author in books:
            other.process(AddBook(title=title, author=author, price_amount=5.0))


def picker_on(open_window, path: Path, *books: tuple[str, str]
              ) -> tuple[MainWindow, BookPicker]:
    """A window on a store of these books (title, author), its picker focused."""
    shelved(path, *books)
    window: MainWindow = open_window(path)
    picker = find(window, "orderBook", BookPicker)
    picker.setFocus()
    return window, picker


def listed(picker: BookPicker) -> list[str]:
    return [picker.matches.item(row).data(RECORD_ROLE)["title"]
            for row in range(picker.matches.rowCount())]


def test_typing_lists_the_books_whose_title_or_author_matches_by_title(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    _, picker = picker_on(open_window, database_path, ("Dune", "Frank Herbert"),
                          ("Emma", "Jane Austen"), ("Children of Dune", "Frank Herbert"),
                          ("Persuasion", "Jane Austen"))

    qtbot.keyClicks(picker, "dune")
    qtbot.waitUntil(lambda: listed(picker) == ["Children of Dune", "Dune"], timeout=WAIT_MS)
    picker.clear()
    qtbot.keyClicks(picker, "AUSTEN")
    qtbot.waitUntil(lambda: listed(picker) == ["Emma", "Persuasion"], timeout=WAIT_MS)


def test_a_large_catalog_is_never_listed_whole(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    _, picker = picker_on(open_window, database_path,
                          *((f"Book {number:04}", "Ann Author") for number in range(300)))

    qtbot.keyClick(picker, Qt.Key.Key_Down)  # nothing typed: the first books, by title
    assert len(listed(picker)) == MATCHES and listed(picker)[0] == "Book 0000"
    qtbot.keyClicks(picker, "Book 02")
    qtbot.waitUntil(lambda: listed(picker)[:1] == ["Book 0200"], timeout=WAIT_MS)
    assert len(listed(picker)) == MATCHES  # 100 match; the list asks for more typing


def test_percent_and_underscore_are_taken_literally(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    _, picker = picker_on(open_window, database_path, ("100% Pure", "A"), ("1000 Pure", "B"),
                          ("snake_case", "C"), ("snakeXcase", "D"))

    picker.setText("0%")
    picker.search()
    assert listed(picker) == ["100% Pure"]
    picker.setText("e_c")
    picker.search()
    assert listed(picker) == ["snake_case"]


def test_choosing_a_match_adds_that_book_and_editing_the_text_unpicks_it(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    window, picker = picker_on(open_window, database_path, ("Dune", "Frank Herbert"),
                               ("Emma", "Jane Austen"))
    add_line = find(window, "orderAddLine")
    assert not add_line.isEnabled()

    qtbot.keyClicks(picker, "emm")
    qtbot.waitUntil(lambda: listed(picker) == ["Emma"], timeout=WAIT_MS)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == "Emma" and add_line.isEnabled()

    click(qtbot, window, "orderAddLine")
    lines = find(window, "orderLines").model()
    assert [lines.index(row, 0).data() for row in range(lines.rowCount())] == ["Emma"]
    qtbot.keyClicks(picker, "x")  # no longer names the book picked
    assert not add_line.isEnabled()


def test_the_book_added_is_always_the_one_the_field_names(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    window, picker = picker_on(open_window, database_path, ("Dune", "Frank Herbert"),
                               ("Dune Messiah", "Frank Herbert"))
    popup = picker.completer().popup()
    qtbot.keyClicks(picker, "dune")
    qtbot.waitUntil(lambda: listed(picker) == ["Dune", "Dune Messiah"], timeout=WAIT_MS)
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.book()["title"] == "Dune"

    qtbot.keyClick(picker, Qt.Key.Key_Down)  # the list again: highlight the other, Escape
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    click(qtbot, window, "orderAddLine")

    lines = find(window, "orderLines").model()
    assert picker.text() == lines.index(0, 0).data() == "Dune Messiah"


def test_tab_on_a_highlighted_book_or_its_title_typed_out_picks_it(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    window, picker = picker_on(open_window, database_path, ("Dune", "Frank Herbert"),
                               ("Emma", "Jane Austen"))
    popup = picker.completer().popup()
    qtbot.keyClicks(picker, "emm")
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert picker.book()["title"] == "Emma"

    picker.clear()
    picker.setFocus()
    qtbot.keyClicks(picker, "Dune")
    qtbot.waitUntil(lambda: picker.book() is not None, timeout=WAIT_MS)
    assert picker.book()["title"] == "Dune" and find(window, "orderAddLine").isEnabled()


def test_a_title_in_any_script_or_case_is_found(
        open_window, database_path: Path, qtbot: QtBot) -> None:
    _, picker = picker_on(open_window, database_path, ("Émile", "Jean-Jacques Rousseau"),
                          ("a quiet garden", "B"), ("Zorba", "C"), ("ספר", "D"))

    for text, expected in (("émile", ["Émile"]), ("ÉMILE", ["Émile"]), ("ספ", ["ספר"]),
                           ("", ["a quiet garden", "Zorba", "Émile", "ספר"])):
        picker.setText(text)
        picker.search()
        assert listed(picker) == expected, text
