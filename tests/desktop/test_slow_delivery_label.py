"""The status bar names a handler that has been running past the slow-handler threshold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.widgets.slow_delivery_label import SlowDeliveryLabel


def started_ago(seconds: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def running() -> dict[str, Any]:
    """Reported a moment ago, after 6.2 s of running."""
    return {"subscriber": "app.handlers.Mailer", "position": 41, "event_type": "Shop.Sent.v1",
            "started_at": started_ago(6.4), "seconds": 6.2, "finished": 0}


def finished() -> dict[str, Any]:
    return {**running(), "subscriber": "app.handlers.Tracker", "position": 7, "finished": 1}


def test_a_running_slow_delivery_is_named_with_its_event_and_start(qtbot: QtBot) -> None:
    records: list[dict[str, Any]] = [running(), finished()]
    label = SlowDeliveryLabel(lambda: records)
    qtbot.addWidget(label)
    label.show()

    started = str(records[0]["started_at"])
    assert label.isVisible()
    assert label.text() == f"⚠ Mailer is slow: running since {started[11:19]} UTC on event #41"
    assert "app.handlers.Mailer: event #41 (Shop.Sent.v1)" in label.toolTip()
    assert "Tracker" not in label.toolTip()


def test_the_label_hides_once_nothing_slow_is_running(qtbot: QtBot) -> None:
    records: list[dict[str, Any]] = [running()]
    label = SlowDeliveryLabel(lambda: records)
    qtbot.addWidget(label)
    label.show()

    records[:] = [finished()]
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5_000)


def test_the_window_shows_the_store_s_slow_deliveries(window: MainWindow, qtbot: QtBot) -> None:
    window.engine.query(lambda store: store.failures.record_slow(
        "app.handlers.Mailer", 1, "e1", "Bookshelf.BookAdded.v1", started_ago(6.5), 6.0,
        finished=False)).result(timeout=10)

    label = window.findChild(SlowDeliveryLabel, "statusSlowDelivery")
    assert label is not None
    qtbot.waitUntil(lambda: label.isVisible(), timeout=5_000)
    assert "Mailer is slow" in label.text()


def test_a_delivery_whose_program_stopped_reporting_is_not_said_to_run(qtbot: QtBot) -> None:
    # Its program recorded it running 60 s ago and never again: it may have ended.
    records: list[dict[str, Any]] = [{**running(), "started_at": started_ago(66.2)}]
    label = SlowDeliveryLabel(lambda: records)
    qtbot.addWidget(label)
    label.show()
    label.refresh()

    assert not label.isVisible()


def test_the_window_shows_what_runs_here_now_before_the_store_s_records() -> None:
    from types import SimpleNamespace

    from desktop.health.widget import slow_deliveries

    now = {**running(), "subscriber": "projection.orders", "position": 9}
    stored = [{**running(), "subscriber": "projection.orders", "position": 9, "seconds": 6.0},
              finished()]
    engine = SimpleNamespace(runtime=SimpleNamespace(
        delivery=SimpleNamespace(slow_now=lambda: [now])))
    reader = SimpleNamespace(slow_deliveries=lambda: stored)

    shown = slow_deliveries(engine, reader)  # type: ignore[arg-type]

    assert [(each["subscriber"], each["position"]) for each in shown] == [
        ("projection.orders", 9), ("app.handlers.Tracker", 7)]
    assert shown[0] is now
