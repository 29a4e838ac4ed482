"""The status bar's health: figures that follow the engine, and a click to the failures."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.health.widget import HealthWidget
from domain.bookshelf import AddBook
from tests.desktop.helpers import hold_worker
from tests.desktop.opened_bookshelf import WAIT_S, Breakdown, Opened, add_book, place_order

WAIT_MS = WAIT_S * 1000


def make_widget(qtbot, opened: Opened) -> HealthWidget:
    widget = HealthWidget(opened.bookshelf, opened.bridge, opened.reader)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def measure(qtbot, widget: HealthWidget):
    with qtbot.waitSignal(widget.measured, timeout=WAIT_MS) as signal:
        widget.refresh()
    return signal.args[0]


def test_a_quiet_engine_shows_no_traffic_no_lag_and_no_failures(qtbot, opened: Opened) -> None:
    widget = make_widget(qtbot, opened)

    health = measure(qtbot, widget)

    assert widget.button.text() == "0 cmd/s · 0 ev/s · mailbox 0 · up to date · no failures"
    assert health.behind == 0 and health.failures == 0
    assert widget.button.property("alert") is False


def test_commands_and_events_per_second_rise_after_commands(qtbot, opened: Opened) -> None:
    widget = make_widget(qtbot, opened)
    measure(qtbot, widget)

    for number in range(5):
        add_book(opened.engine, f"Book {number}")
    health = measure(qtbot, widget)

    assert health.commands_per_s > 0 and health.events_per_s > 0
    assert not widget.button.text().startswith("0 cmd/s")


def test_the_mailbox_counts_the_commands_waiting_for_the_worker(qtbot, opened: Opened) -> None:
    widget = make_widget(qtbot, opened)
    gate = hold_worker(opened.engine)
    try:
        for number in range(3):
            opened.engine.submit(AddBook(title=f"Held {number}", author="A", price_amount=1.0))
        health = measure(qtbot, widget)
    finally:
        gate.set()

    assert health.mailbox == 3
    assert "mailbox 3" in widget.button.text()


def test_a_stopped_projection_shows_its_lag_and_the_failure(
        qtbot, opened: Opened, breakdown: Breakdown) -> None:
    widget = make_widget(qtbot, opened)
    placed = place_order(opened.engine)
    add_book(opened.engine, "After the stop")
    assert opened.engine.wait_delivered(WAIT_S)  # every lane, the search index's too

    health = measure(qtbot, widget)

    assert health.failures == 1
    lags = {lag.subscriber: lag.behind for lag in health.lags}
    assert lags["projection.orders"] == 2  # the OrderPlaced it stopped at, and the book after
    assert lags["projection.catalog"] == 0
    assert "lag 2 (orders)" in widget.button.text()
    assert "⚠ 1 failed" in widget.button.text()
    assert widget.button.property("alert") is True  # in the style sheet's error color
    assert "projection.orders: 2 events behind" in widget.button.toolTip()
    qtbot.waitUntil(widget.stop_label.isVisible, timeout=WAIT_MS)
    assert f"stopped at event {placed}" in widget.stop_label.text()


def test_a_click_opens_the_failures_dialog(qtbot, opened: Opened) -> None:
    widget = make_widget(qtbot, opened)

    qtbot.mouseClick(widget.button, Qt.MouseButton.LeftButton)

    assert widget.dialog is not None
    qtbot.waitUntil(widget.dialog.isVisible, timeout=WAIT_MS)
    widget.stop()
