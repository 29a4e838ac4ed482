"""The live charts widget: events per second by type, and orders by status, over time.

Drawn with pyqtgraph rather than QtCharts. QtCharts comes only with PySide6-Addons, which
adds 417 MB to the environment (and must be pinned to the Essentials' exact version);
pyqtgraph with numpy adds 83 MB. Both drew a frame of 8 lines of 600 points in about 15 ms
(offscreen, 600×300), so the size decided. Its curves take whole numpy arrays: a redraw is
one `setData` per line, never a point at a time through Python.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.charts.history import History
from desktop.charts.order_statuses import STATUSES, OrderStatuses
from desktop.charts.rates import EventRates
from domain.readside import EventRow

# Four redraws a second: the lines move smoothly enough to watch, and a redraw (a few ms)
# never adds up to a stall of the GUI thread however fast events arrive.
SAMPLE_MS = 250
RATE_WINDOW_S = 1.0  # a rate is the events of about the last second
HISTORY_S = 120.0  # the charts show the last two minutes
# Okabe and Ito's colors: told apart with every common color blindness, on light and dark.
COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999")
STATUS_COLORS = {"PENDING": COLORS[1], "CONFIRMED": COLORS[0], "SHIPPED": COLORS[2]}


class LiveCharts(QWidget):
    """Two charts fed by `on_events` (connect it to Bridge.eventsDelivered).

    Delivered rows are only counted when they arrive; every SAMPLE_MS a timer takes a
    sample of the rates and the order counts and, if the widget is shown and something
    moved, redraws both charts with the last HISTORY_S seconds. A hidden widget keeps
    sampling (its history stays whole) but draws nothing.

    Signals:
        drawn(): both charts were redrawn with a new sample.
    """

    drawn = Signal()

    def sizeHint(self) -> QSize:
        """Modest: the plots' own hints (almost a screen high) would claim the room of the
        tables beside them when the window shares its height out."""
        return QSize(480, 280)

    def __init__(self, parent: QWidget | None = None, *, sample_ms: int = SAMPLE_MS,
                 history_s: float = HISTORY_S) -> None:
        super().__init__(parent)
        self.setObjectName("liveCharts")
        samples = max(2, round(history_s * 1000 / sample_ms))
        self.rates = EventRates(window=max(1, round(RATE_WINDOW_S * 1000 / sample_ms)))
        self.orders = OrderStatuses()
        self.rate_history = History(samples)
        self.order_history = History(samples, STATUSES)
        self._started = time.monotonic()
        self._moved = False  # orders changed since the last sample

        self.rate_plot = _plot("liveChartsRates", "Events per second, by type", history_s)
        self.order_plot = _plot("liveChartsOrders",
                                "Orders by status (placed while the charts watched)", history_s)
        self.rate_curves: dict[str, pg.PlotDataItem] = {}
        self.order_curves = {status: _curve(self.order_plot, status.title(), color)
                             for status, color in STATUS_COLORS.items()}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rate_plot)
        layout.addWidget(self.order_plot)

        self.timer = QTimer(self)
        self.timer.setObjectName("liveChartsSample")
        self.timer.setInterval(sample_ms)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    @Slot(list)
    def on_events(self, rows: list[EventRow]) -> None:
        """Count a batch of delivered events; they are drawn at the next sample."""
        self.rates.count(rows)
        self._moved = self.orders.apply(rows) or self._moved

    @Slot()
    def sample(self) -> None:
        """Take a sample, and redraw if it moved anything and the charts are shown."""
        if self.rates.settled and not self._moved:
            return  # idle: the lines would only grow flat, and nothing is redrawn
        now = time.monotonic() - self._started
        self.rate_history.append(now, self.rates.sample(now))
        self.order_history.append(now, self.orders.counts())
        self._moved = False
        if self.isVisible():
            self.redraw(now)

    def redraw(self, now: float) -> None:
        """Both charts, in seconds before `now` (0 at the right edge)."""
        times, rates = self.rate_history.arrays()
        for name, values in rates.items():
            curve = self.rate_curves.get(name)
            if curve is None:
                color = COLORS[len(self.rate_curves) % len(COLORS)]
                curve = self.rate_curves[name] = _curve(self.rate_plot, name, color)
            curve.setData(times - now, values)
        _fit_height(self.rate_plot, rates.values())
        times, counts = self.order_history.arrays()
        for status, values in counts.items():
            self.order_curves[status].setData(times - now, values)
        _fit_height(self.order_plot, counts.values())
        self.drawn.emit()

    def clear(self) -> None:
        """Forget every sample and count (another database was opened)."""
        self.rates.clear()
        self.orders.clear()
        self.rate_history.clear()
        self.order_history.clear()
        for curve in (*self.rate_curves.values(), *self.order_curves.values()):
            curve.setData([], [])

    def stop(self) -> None:
        """No more samples (the window is closing)."""
        self.timer.stop()


def _plot(name: str, title: str, history_s: float) -> pg.PlotWidget:
    plot = pg.PlotWidget(title=title)
    plot.setObjectName(name)
    plot.setBackground(None)  # the dock's own background, light or dark
    plot.setLabel("bottom", "seconds (0 is now)")
    # Fixed ranges, not pyqtgraph's auto-range: an axis whose range moved draws its ticks
    # and labels again (7 ms each at 1500 px), and auto-range moved both at every sample.
    plot.setXRange(-history_s, 0, padding=0)
    plot.setYRange(0, 1, padding=0)
    # One row of names across the top: a column of them would hide a short chart's lines.
    plot.addLegend(offset=(40, 2), colCount=5, brush=plot.palette().window())
    # Short enough that, tabbed with the forms on a 700-pixel screen, the charts leave the
    # event log its rows (test_layout.py); a taller dock draws them taller.
    plot.setMinimumHeight(90)
    # Zooming with the mouse would stop the axes following the data: it is not offered.
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    return plot


def _fit_height(plot: pg.PlotWidget, series: Iterable[npt.NDArray[np.float64]]) -> None:
    """Make the vertical axis reach just above the highest value, in steps of 1, 2 or 5:
    it changes when the lines outgrow it or fall far below it, not at every sample."""
    highest = max((float(values.max()) for values in series if len(values)), default=0.0)
    top = nice_ceiling(highest)
    if plot.getViewBox().viewRange()[1][1] != top:
        plot.setYRange(0, top, padding=0)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value` (and at least 1)."""
    if value <= 1:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _curve(plot: pg.PlotWidget, name: str, color: object) -> pg.PlotDataItem:
    # Without antialiasing: the raster engine draws these lines in a fraction of the time.
    return plot.plot(name=name, pen=pg.mkPen(color, width=2), antialias=False,
                     skipFiniteCheck=True)
