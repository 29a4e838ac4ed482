"""The status bar names a handler that has been running past the slow-handler threshold."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.widgets.slow_delivery_label import SlowDeliveryLabel

RUNNING = {"subscriber": "app.handlers.Mailer", "position": 41, "event_type": "Shop.Sent.v1",
           "started_at": "2026-12-01T10:03:04+00:00", "seconds": 6.2, "finished": 0}
FINISHED = {**RUNNING, "subscriber": "app.handlers.Tracker", "position": 7, "finished": 1}


def test_a_running_slow_delivery_is_named_with_its_event_and_start(qtbot: QtBot) -> None:
    records: list[dict[str, Any]] = [RUNNING, FINISHED]
    label = SlowDeliveryLabel(lambda: records)
    qtbot.addWidget(label)
    label.show()

    assert label.isVisible()
    assert label.text() == "⚠ Mailer is slow: running since 10:03:04 on event #41"
    assert "app.handlers.Mailer: event #41 (Shop.Sent.v1)" in label.toolTip()
    assert "Tracker" not in label.toolTip()


def test_the_label_hides_once_nothing_slow_is_running(qtbot: QtBot) -> None:
    records: list[dict[str, Any]] = [RUNNING]
    label = SlowDeliveryLabel(lambda: records)
    qtbot.addWidget(label)
    label.show()

    records[:] = [FINISHED]
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5_000)


def test_the_window_shows_the_store_s_slow_deliveries(window: MainWindow, qtbot: QtBot) -> None:
    window.engine.query(lambda store: store.failures.record_slow(
        "app.handlers.Mailer", 1, "e1", "Bookshelf.BookAdded.v1", "2026-12-01T10:03:04+00:00",
        6.0, finished=False)).result(timeout=10)

    label = window.findChild(SlowDeliveryLabel, "statusSlowDelivery")
    assert label is not None
    qtbot.waitUntil(lambda: label.isVisible(), timeout=5_000)
    assert "Mailer is slow" in label.text()
