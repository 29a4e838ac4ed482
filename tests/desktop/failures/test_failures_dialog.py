"""The Failures dialog: Retry, Retry all (after saying how many) and Skip… (after a warning)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.failures.dialog import FailuresDialog
from domain.bookshelf import BookAdded, CatalogProjector
from tests.desktop.opened_bookshelf import WAIT_S, Breakdown, Opened, add_book, place_order

WAIT_MS = WAIT_S * 1000


def make_dialog(qtbot, opened: Opened) -> FailuresDialog:
    dialog = FailuresDialog(opened.bookshelf, opened.bridge, opened.reader)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def press(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer(qtbot, box: QMessageBox | None, yes: bool) -> None:
    """Press the question's action (yes) or Cancel."""
    assert box is not None and box.isVisible()
    button = (box.findChild(QPushButton, f"{box.objectName()}Yes") if yes
              else box.button(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def projection_status(dialog: FailuresDialog, name: str) -> str:
    model = dialog.projections.model
    statuses = {model.index(row, 0).data(): model.index(row, 1).data()
                for row in range(model.rowCount())}
    return str(statuses[name])


def said(dialog: FailuresDialog, start: str) -> bool:
    return dialog.message.text().startswith(start)


def test_with_nothing_failed_there_is_nothing_to_retry_or_skip(qtbot, opened: Opened) -> None:
    dialog = make_dialog(qtbot, opened)

    assert dialog.summary.text() == "No failed deliveries."
    assert not dialog.retry_button.isEnabled()
    assert not dialog.retry_all_button.isEnabled()
    assert not dialog.skip_button.isEnabled()


def test_a_failed_delivery_is_listed_with_its_event_error_and_attempts(
        qtbot, opened: Opened, breakdown: Breakdown) -> None:
    placed = place_order(opened.engine)
    dialog = make_dialog(qtbot, opened)

    failure = dialog.selected()
    assert failure is not None
    assert failure.key == ("projection.orders", placed)
    row = [dialog.model.index(0, column).data() for column in range(4)]
    assert row == ["projection.orders", f"#{placed:,}", "OrderPlaced",
                   "ConnectionError: the disk hiccuped"]
    assert failure.attempts >= 1
    assert dialog.summary.text().startswith("1 waiting")
    assert projection_status(dialog, "projection.orders") == f"stopped at event {placed:,}"
    assert projection_status(dialog, "projection.catalog") == "up to date"


def test_retry_delivers_the_selected_event_once_it_can_be(
        qtbot, opened: Opened, breakdown: Breakdown) -> None:
    placed = place_order(opened.engine)
    dialog = make_dialog(qtbot, opened)
    breakdown.mend()

    press(qtbot, dialog.retry_button)

    qtbot.waitUntil(lambda: said(dialog, "Event #"), timeout=WAIT_MS)
    assert dialog.message.text() == f"Event #{placed:,} was delivered to projection.orders."
    assert dialog.model.rowCount() == 0
    assert opened.reader.positions()["projection.orders"] >= placed
    assert projection_status(dialog, "projection.orders") == "up to date"


def test_retry_of_an_event_that_still_fails_says_so_and_keeps_it(
        qtbot, opened: Opened, breakdown: Breakdown) -> None:
    placed = place_order(opened.engine)
    dialog = make_dialog(qtbot, opened)

    press(qtbot, dialog.retry_button)

    qtbot.waitUntil(lambda: said(dialog, "Event #"), timeout=WAIT_MS)
    assert dialog.message.text() == f"Event #{placed:,} failed again for projection.orders."
    assert dialog.model.rowCount() == 1


def test_retry_all_says_how_many_deliveries_will_run_again_before_it_runs_them(
        qtbot, opened: Opened, breakdown: Breakdown, monkeypatch) -> None:
    added = CatalogProjector.book_added

    def catalog_fails(projector: CatalogProjector, event: BookAdded) -> None:
        if breakdown.broken:
            raise ValueError("no room on the shelf")
        added(projector, event)

    monkeypatch.setattr(CatalogProjector, "book_added", catalog_fails)
    place_order(opened.engine)  # the catalog stops at the book, the orders at the order
    dialog = make_dialog(qtbot, opened)
    assert dialog.model.rowCount() == 2

    press(qtbot, dialog.retry_all_button)
    assert dialog.question is not None
    assert dialog.question.text() == "Retry all: 2 failed deliveries will run again now."
    answer(qtbot, dialog.question, yes=False)
    assert dialog.message.text() == ""  # cancelled: nothing ran

    breakdown.mend()
    press(qtbot, dialog.retry_all_button)
    answer(qtbot, dialog.question, yes=True)

    qtbot.waitUntil(lambda: said(dialog, "Retried"), timeout=WAIT_MS)
    assert dialog.message.text() == "Retried: 2 delivered, 0 still failing."
    assert dialog.model.rowCount() == 0
    (book,) = opened.reader.projection_rows("projection_catalog", order_by="title")
    assert book["title"] == "Dune"


def test_skip_warns_first_then_lets_the_projection_go_on_past_the_event(
        qtbot, opened: Opened, breakdown: Breakdown) -> None:
    placed = place_order(opened.engine)
    add_book(opened.engine, "Emma")
    dialog = make_dialog(qtbot, opened)

    press(qtbot, dialog.skip_button)
    question = dialog.question
    assert question is not None
    assert question.text() == f"Skip event #{placed:,} for projection.orders?"
    assert "never show what this event changed" in question.informativeText()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    answer(qtbot, question, yes=True)

    qtbot.waitUntil(lambda: said(dialog, "Skipped"), timeout=WAIT_MS)
    assert dialog.message.text() == (
        f"Skipped: projection.orders went on past event #{placed:,}.")
    failure = dialog.model.failures()[0]
    assert failure.state == "skipped"
    assert not dialog.retry_button.isEnabled() and not dialog.skip_button.isEnabled()
    last = opened.reader.last_position()
    assert opened.reader.positions()["projection.orders"] == last
