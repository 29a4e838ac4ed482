"""The live counters of a simulation run, as labels in three small groups."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from domain.bookshelf import (
    BookAdded,
    OrderConfirmed,
    OrderItemAdded,
    OrderPlaced,
    OrderShipped,
)
from domain.readside import short_type

EMPTY = "–"
ORDER_STATUSES = ("PENDING", "CONFIRMED", "SHIPPED")
# The event types a run causes, in the order they happen to an order.
EVENT_TYPES = tuple(event._type for event in (BookAdded, OrderItemAdded, OrderPlaced,
                                               OrderConfirmed, OrderShipped))


class SimulationStatsView(QWidget):
    """Shows one `Simulation.snapshot()`: commands, throughput, latency, orders and events.

    Every value label has an objectName (`simulationAccepted`, `simulationOrdersShipped`,
    `simulationEventsOrderPlaced`, ...), so tests and assistive tools can read them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulationStats")
        self.values: dict[str, QLabel] = {}

        commands = self._group("Commands", (
            ("clock", "simulationClock", "Simulated:"),
            ("accepted", "simulationAccepted", "Accepted:"),
            ("rejected", "simulationRejected", "Rejected:"),
            ("throughput", "simulationThroughput", "Throughput:"),
            ("p50", "simulationLatencyP50", "Latency p50:"),
            ("p99", "simulationLatencyP99", "Latency p99:"),
        ))
        orders = self._group("Orders by status", [
            (status, f"simulationOrders{status.title()}", f"{status.title()}:")
            for status in ORDER_STATUSES])
        events = self._group("Events by type", [
            (event_type, f"simulationEvents{short_type(event_type)}",
             f"{short_type(event_type)}:") for event_type in EVENT_TYPES])
        self.values["rejected"].setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(commands)
        layout.addWidget(orders)
        layout.addWidget(events)
        self.show_snapshot(None)

    def _group(self, title: str, rows: Any) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for key, name, label in rows:
            value = QLabel()
            value.setObjectName(name)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(label, value)
        return box

    def show_snapshot(self, snapshot: dict[str, Any] | None) -> None:
        """Show `snapshot`'s numbers, or dashes when there was no run yet."""
        if snapshot is None:
            for value in self.values.values():
                value.setText(EMPTY)
            return
        texts = {
            "clock": f"{format_duration(snapshot['simulated_seconds'])} in "
                     f"{format_duration(snapshot['seconds'])}",
            "accepted": f"{snapshot['commands_accepted']:,}",
            "rejected": rejected_text(snapshot),
            "throughput": f"{snapshot['commands_per_s']:,.1f} commands/s",
            "p50": f"{snapshot['latency_ms']['p50']:.2f} ms",
            "p99": f"{snapshot['latency_ms']['p99']:.2f} ms",
        }
        for status in ORDER_STATUSES:
            texts[status] = f"{snapshot['orders_by_status'].get(status, 0):,}"
        for event_type in EVENT_TYPES:
            texts[event_type] = f"{snapshot['events'].get(event_type, 0):,}"
        for key, text in texts.items():
            if self.values[key].text() != text:  # a relayout only when something changed
                self.values[key].setText(text)

    def text_of(self, key: str) -> str:
        return self.values[key].text()


def rejected_text(snapshot: dict[str, Any]) -> str:
    """The count, then the reasons: "12 (invalid input 9, ValidationError 3)"."""
    reasons = snapshot["rejected_by_reason"]
    text = f"{snapshot['commands_rejected']:,}"
    if reasons:
        text += " (" + ", ".join(f"{reason} {count:,}" for reason, count in reasons.items()) + ")"
    return text


def format_duration(seconds: float) -> str:
    """12.3 s, 4 min 05 s, 2 h 03 min: short enough for a narrow panel."""
    if math.isinf(seconds) or math.isnan(seconds):
        return EMPTY
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
