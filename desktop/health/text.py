"""The engine's health in words: the status bar's line and its tooltip."""

from __future__ import annotations

from desktop.widgets.slow_delivery_label import short
from domain.readside import Health


def health_line(health: Health) -> str:
    """`12 cmd/s · 40 ev/s · mailbox 0 · up to date · no failures`."""
    parts = [f"{health.commands_per_s:,.0f} cmd/s", f"{health.events_per_s:,.0f} ev/s",
             f"mailbox {health.mailbox:,}"]
    if health.behind:
        parts.append(f"lag {health.behind:,} ({short(health.lags[0].subscriber)})")
    else:
        parts.append("up to date")
    if health.failures:
        parked = f", {health.parked:,} parked" if health.parked else ""
        parts.append(f"⚠ {health.failures:,} failed{parked}")
    else:
        parts.append("no failures")
    return " · ".join(parts)


def health_tooltip(health: Health) -> str:
    """Every subscriber's lag, and what a click opens."""
    lags = [f"{lag.subscriber}: " + (f"{lag.behind:,} events behind" if lag.behind
                                     else "up to date") for lag in health.lags]
    return "\n".join([
        f"Commands per second: {health.commands_per_s:,.1f}",
        f"Events per second: {health.events_per_s:,.1f}",
        f"Waiting in the engine's mailbox: {health.mailbox:,}",
        "Delivery (events behind the newest):", *(f"  {each}" for each in lags),
        f"Failed deliveries waiting: {health.failures:,} ({health.parked:,} parked)",
        "", "Click for the failed deliveries and the projections."])
