"""The knobs of a simulation run: people, rates, delays, speed and seed."""

from __future__ import annotations

import math

import attrs

# Orders per simulated minute per customer, by name (the CLI's --rate accepts these).
RATE_PRESETS = {"low": 1.0, "medium": 6.0, "high": 30.0}


def parse_rate(text: str) -> float:
    """A preset name or a non-negative number of orders per simulated minute per customer."""
    if text.lower() in RATE_PRESETS:
        return RATE_PRESETS[text.lower()]
    rate = float(text)
    if rate < 0 or math.isnan(rate):
        raise ValueError(f"a rate must be zero or more, not {text}")
    return rate


def parse_speed(text: str) -> float:
    """Simulated seconds per real second; "max" runs as fast as the engine goes."""
    if text.lower() == "max":
        return math.inf
    speed = float(text)
    if not speed > 0:
        raise ValueError(f"a speed must be more than zero, not {text}")
    return speed


@attrs.define
class SimulationSettings:
    """Everything that shapes a run; the same settings and seed give the same run."""

    seed: int = 1
    customers: int = 10
    rate: float = RATE_PRESETS["medium"]
    speed: float = 60.0  # simulated seconds per real second; math.inf: as fast as possible
    invalid_share: float = 0.05  # share of customer orders sent with invalid input
    confirm_delay: float = 30.0  # simulated seconds from OrderPlaced to ConfirmOrder
    ship_delay: float = 60.0  # simulated seconds from OrderConfirmed to ShipOrder
    initial_books: int = 20
    book_interval: float = 20.0  # simulated seconds between two books of the clerk
    # Actors see a command's events this many simulated seconds after it was sent: the run
    # then depends on simulated time only, never on how fast the engine delivered.
    reaction_lag: float = 1.0
    until: float | None = None  # simulated seconds to run; None runs until stopped
    record_commands: bool = False  # keep the command log (for comparing runs)
    # Keep the ids of the accepted commands, so that the checks after a run count only the
    # events its own commands caused (another program may write to the same file). They
    # grow with the run: `bookshelf simulate` keeps them, the window's runs do not.
    track_own_commands: bool = False
