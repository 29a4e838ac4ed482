"""The window's responsiveness (offscreen): Add-to-visible latency, GUI stalls under a flood
and under a simulation at Maximum speed, with the live charts shown and without.

Prints JSON. Baselines from the same run: the engine alone (submit to committed, no GUI)
for the latency, the same 5 ms timer on an idle window for the stall, and the same
simulation with the charts hidden and disconnected for the charts' stall (the two
alternate in slices of one run, so both see the database grow alike).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget  # noqa: E402

from desktop.app import create_main_window, freeze_startup_objects  # noqa: E402
from desktop.charts.live_charts import LiveCharts  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from domain.bookshelf import AddBook  # noqa: E402
from domain.simulation.settings import SimulationSettings  # noqa: E402

ADDS = int(os.environ.get("BENCH_UI_ADDS", 200))
FLOOD_RATE = int(os.environ.get("BENCH_UI_RATE", 2500))  # commands (= events) per second
FLOOD_SECONDS = float(os.environ.get("BENCH_UI_SECONDS", 5))
SIMULATION_SLICE_S = float(os.environ.get("BENCH_UI_SIMULATION_SLICE", 4))
SIMULATION_SLICES = 2
SETTLE_S = 0.5  # of each: without charts, with charts, without, with
TICK_MS = 5


def pump(app: QApplication, until, timeout: float = 10.0) -> None:
    """Run the event loop until `until()` holds, sleeping in Qt (no busy loop)."""
    deadline = time.perf_counter() + timeout
    while not until():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row_visible(window: MainWindow, title: str) -> bool:
    """The book is in the table, selected, and inside the viewport."""
    panel = window.catalog_panel
    rows = panel.table.selectionModel().selectedRows()
    if not rows or rows[0].data() != title:
        return False
    rect = panel.table.visualRect(rows[0])
    return panel.table.viewport().rect().intersects(rect)


def add_latency(app: QApplication, window: MainWindow) -> dict[str, float]:
    form, samples = window.catalog_panel.form, []
    for number in range(ADDS):
        title = f"Latency {number:04d}"
        form.edits["title"].setText(title)
        form.edits["author"].setText("Bench Writer")
        form.edits["price_amount"].setText("10.00")
        form.validate()
        button = form.add_button
        pump(app, button.isEnabled)
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(5, 5))
        pump(app, lambda title=title: row_visible(window, title))
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 2),
            "p99_ms": round(percentile(samples, 0.99), 2),
            "max_ms": round(max(samples), 2)}


def engine_latency(window: MainWindow) -> dict[str, float]:
    """Baseline: the same command through the engine, waiting on its future only."""
    samples = []
    for number in range(ADDS):
        started = time.perf_counter()
        window.engine.submit(AddBook(title=f"Engine {number}", author="Bench Writer",
                                     price_amount=10.0)).result()
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 2),
            "p99_ms": round(percentile(samples, 0.99), 2)}


def timer_lateness(app: QApplication, seconds: float) -> list[float]:
    """How late each tick of a 5 ms timer fires, in ms, while the loop runs `seconds`."""
    lateness: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    timer.stop()
    return lateness


def flood(window: MainWindow, stop: threading.Event, sent: list[int]) -> None:
    """Submit AddBook at FLOOD_RATE from a background thread, in 10 ms slices."""
    started, number = time.perf_counter(), 0
    while not stop.is_set():
        due = int((time.perf_counter() - started) * FLOOD_RATE)
        while number < due:
            window.engine.submit(AddBook(title=f"Flood {number}", author="Bench Writer",
                                         price_amount=1.0))
            number += 1
        time.sleep(0.01)
    sent.append(number)


def stall_under_flood(app: QApplication, window: MainWindow) -> dict[str, float]:
    delivered = [0]
    window.bridge.eventsDelivered.connect(lambda rows: delivered.__setitem__(
        0, delivered[0] + len(rows)))
    idle = timer_lateness(app, 1.0)
    stop, sent = threading.Event(), []
    worker = threading.Thread(target=flood, args=(window, stop, sent))
    started = time.perf_counter()
    worker.start()
    busy = timer_lateness(app, FLOOD_SECONDS)
    stop.set()
    worker.join()
    elapsed = time.perf_counter() - started
    pump(app, lambda: window.engine.backlog == 0, timeout=60)
    return {
        "events_per_s_submitted": round(sent[0] / elapsed),
        "events_per_s_delivered_to_gui": round(delivered[0] / elapsed),
        "max_stall_ms": round(max(busy), 2),
        "p99_stall_ms": round(percentile(busy, 0.99), 2),
        "idle_max_stall_ms": round(max(idle), 2),
        "idle_p99_stall_ms": round(percentile(idle, 0.99), 2),
        "log_rows": window.event_log_model.rowCount(),
    }


def charts_of(window: MainWindow) -> tuple[LiveCharts, QDockWidget]:
    """The window's own charts and their dock, hidden to start with (a hidden chart counts
    what arrives but draws nothing)."""
    dock = window.findChild(QDockWidget, "chartsDock")
    assert dock is not None
    dock.setFloating(False)
    dock.hide()
    return window.charts, dock


def stall_under_simulation(app: QApplication, window: MainWindow) -> dict[str, Any]:
    """Longest stall while a simulation runs at Maximum speed, charts live or not."""
    charts, dock = charts_of(window)
    control = window.simulation_control
    settings = window.simulation_panel.settings()
    settings = SimulationSettings(seed=settings.seed, customers=settings.customers,
                                  rate=settings.rate, speed=math.inf,
                                  invalid_share=settings.invalid_share)
    control.start(settings)
    pump(app, lambda: control.state == "running" and control.transition is None)
    stalls: dict[str, list[float]] = {"without_charts": [], "with_charts": []}
    drawn = [0]
    charts.drawn.connect(lambda: drawn.__setitem__(0, drawn[0] + 1))
    events_before = window.event_log_model.last_position
    started = time.perf_counter()
    for _ in range(SIMULATION_SLICES):
        for live in (False, True):
            if live:
                dock.show()
                dock.raise_()
            # Showing or hiding the dock lays the whole window out once: not the steady cost.
            timer_lateness(app, SETTLE_S)
            busy = timer_lateness(app, SIMULATION_SLICE_S)
            if live:
                dock.hide()
            stalls["with_charts" if live else "without_charts"].append(max(busy))
    elapsed = time.perf_counter() - started
    delivered = window.event_log_model.last_position - events_before
    control.stop()
    pump(app, lambda: control.state == "stopped" and control.transition is None, timeout=60)
    with_charts, without = max(stalls["with_charts"]), max(stalls["without_charts"])
    return {
        "events_per_s_delivered_to_gui": round(delivered / elapsed),
        "ratio_max_stall_with_charts_to_without": round(with_charts / max(without, 1e-6), 2),
        "chart_redraws_per_s": round(drawn[0] / (elapsed / 2), 1),
        "max_stall_ms_without_charts": round(without, 2),
        "max_stall_ms_with_charts": round(with_charts, 2),
        "slices_max_stall_ms": {key: [round(value, 2) for value in values]
                                for key, values in stalls.items()},
    }


def main() -> int:
    app = QApplication.instance() or QApplication(["bench-ui"])
    with tempfile.TemporaryDirectory() as folder:
        window = create_main_window(Path(folder) / "bench.db")
        window.resize(1500, 950)
        window.show()
        freeze_startup_objects()  # as desktop.app.main does once the window is up
        pump(app, window.isVisible)
        try:
            latency = add_latency(app, window)
            baseline = engine_latency(window)
            stall = stall_under_flood(app, window)
            simulation = stall_under_simulation(app, window)
        finally:
            window.close()
    result = {
        "benchmark": "bench/ui.py",
        "adds": ADDS,
        "add_to_visible": latency,
        "engine_only_baseline": baseline,
        "ratio_p50_to_engine": round(latency["p50_ms"] / max(baseline["p50_ms"], 1e-6), 2),
        "flood": stall,
        "simulation_at_maximum_speed": simulation,
        "targets": {"add_to_visible_p99_ms": 50, "max_stall_ms": 50, "events_per_s": 2000},
        "met": latency["p99_ms"] <= 50 and stall["max_stall_ms"] <= 50
        and stall["events_per_s_delivered_to_gui"] >= 2000
        and simulation["max_stall_ms_with_charts"] <= 50,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
