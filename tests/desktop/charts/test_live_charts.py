"""The live charts follow the events the window's bridge delivers."""

from __future__ import annotations

import pytest

from desktop.charts.live_charts import LiveCharts
from desktop.main_window import MainWindow
from domain.simulation.settings import SimulationSettings
from tests.desktop.helpers import add_book

SAMPLE_MS = 50  # a test need not wait a quarter of a second for each sample


@pytest.fixture
def charts(qtbot, window: MainWindow) -> LiveCharts:
    charts = LiveCharts(sample_ms=SAMPLE_MS)
    qtbot.addWidget(charts)
    window.bridge.eventsDelivered.connect(charts.on_events)
    charts.resize(500, 400)
    charts.show()
    return charts


def last(charts: LiveCharts, name: str) -> float:
    curve = charts.rate_curves.get(name) or charts.order_curves.get(name)
    if curve is None:
        return 0.0
    _times, values = curve.getData()
    return 0.0 if values is None or not len(values) else float(values[-1])


def test_a_book_added_shows_as_a_rate_of_book_added_events(qtbot, window, charts):
    add_book(qtbot, window, "Dune")

    qtbot.waitUntil(lambda: last(charts, "BookAdded") > 0)
    times, _values = charts.rate_curves["BookAdded"].getData()
    assert times[-1] == 0.0  # the newest sample stands at the right edge: now


def test_a_simulated_run_shows_orders_moving_through_their_statuses(qtbot, window, charts):
    window.simulation_control.start(SimulationSettings(customers=5, speed=600.0))

    qtbot.waitUntil(lambda: last(charts, "OrderPlaced") > 0, timeout=10_000)
    qtbot.waitUntil(lambda: last(charts, "SHIPPED") > 0, timeout=15_000)
    assert set(charts.order_curves) == {"PENDING", "CONFIRMED", "SHIPPED"}


def test_hidden_charts_keep_sampling_but_draw_only_once_shown(qtbot, window, charts):
    charts.hide()
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: len(charts.rate_history.times) > 0)
    assert last(charts, "BookAdded") == 0.0  # sampled, not drawn

    charts.show()
    add_book(qtbot, window, "Emma")
    with qtbot.waitSignal(charts.drawn):
        pass
    assert last(charts, "BookAdded") > 0


def test_clearing_forgets_every_sample(qtbot, window, charts):
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: last(charts, "BookAdded") > 0)

    charts.clear()
    assert len(charts.rate_history.times) == 0
    assert last(charts, "BookAdded") == 0.0
