"""Checks after a run: orders moved in order; accepted commands stored and delivered events."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import TYPE_CHECKING

from domain.bookshelf import OrderConfirmed, OrderPlaced, OrderShipped
from domain.core.runtime.integrity import check_integrity
from domain.core.storage.sqlite.connection import connect
from domain.core.storage.sqlite.snapshot import SqliteSnapshot

if TYPE_CHECKING:
    from domain.core.registry import Registry
    from domain.simulation.stats import SimulationStats

ORDER_STEPS = {OrderPlaced._type: "PENDING", OrderConfirmed._type: "CONFIRMED",
               OrderShipped._type: "SHIPPED"}
FOLLOWS = {"PENDING": None, "CONFIRMED": "PENDING", "SHIPPED": "CONFIRMED"}
EXAMPLES = 3


def check_run(location: str, registry: Registry, stats: SimulationStats, start_position: int,
              subscribers: list[str]) -> list[str]:
    """Every broken invariant, as a readable sentence; empty when the run was sound.

    Call it after the simulation and the engine stopped, on a database file.
    """
    connection = connect(location, read_only=True)
    try:
        return [
            *shipped_orders_were_confirmed_first(connection),
            *events_match_accepted_commands(connection, stats, start_position),
            *checkpoints_reached_the_end(connection, subscribers),
            *store_problems(location, connection, registry),
        ]
    finally:
        connection.close()


def shipped_orders_were_confirmed_first(connection: sqlite3.Connection) -> list[str]:
    """In the event log and in the order_transition projection alike."""
    problems = []
    for source, rows in (
        ("events", connection.execute(
            "SELECT stream, type FROM events WHERE type IN (?, ?, ?) ORDER BY position",
            tuple(ORDER_STEPS))),
        ("order_transition", (
            (order_id, status) for order_id, status in connection.execute(
                "SELECT order_id, status FROM order_transition ORDER BY position"))),
    ):
        status: dict[str, str] = {}
        wrong = []
        for order, step in rows:
            step = ORDER_STEPS.get(step, step)
            if status.get(order) != FOLLOWS[step]:
                wrong.append(f"{order} went from {status.get(order, 'nothing')} to {step}")
            status[order] = step
        if wrong:
            problems.append(f"{len(wrong)} order(s) skipped a status in {source}: "
                            + "; ".join(wrong[:EXAMPLES]))
    return problems


def events_match_accepted_commands(connection: sqlite3.Connection, stats: SimulationStats,
                                   start_position: int) -> list[str]:
    stored = Counter(dict(connection.execute(
        "SELECT type, count(*) FROM events WHERE position > ? GROUP BY type", (start_position,))))
    problems = []
    for type_name, expected in stats.expected_events().items():
        if stored[type_name] != expected:
            problems.append(f"the accepted commands should have stored {expected} "
                            f"{type_name}, but {stored[type_name]} are stored")
        if stats.events[type_name] != stored[type_name]:
            problems.append(f"{stored[type_name]} {type_name} are stored, but the simulation "
                            f"was delivered {stats.events[type_name]}")
    return problems


def checkpoints_reached_the_end(connection: sqlite3.Connection,
                                subscribers: list[str]) -> list[str]:
    last = connection.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
    positions = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    return [f"the checkpoint of {name} is {positions.get(name, 0)}, not the last position {last}"
            for name in subscribers if positions.get(name, 0) != last]


def store_problems(location: str, connection: sqlite3.Connection, registry: Registry
                   ) -> list[str]:
    """What `bookshelf check` finds (domain.core.runtime.integrity)."""
    snapshot = SqliteSnapshot(location, connection)
    try:
        report = check_integrity(snapshot, registry)
    finally:
        snapshot.close()
    return [f"bookshelf check: {finding.check}: {finding.message}" for finding in report.problems]
