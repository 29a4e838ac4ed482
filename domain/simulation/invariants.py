"""Checks after a run: orders moved in order; accepted commands stored and delivered events."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from domain.bookshelf import Bookshelf, OrderConfirmed, OrderPlaced, OrderShipped
from domain.core.storage import Reader
from domain.readside.projections import ProjectionQueries

if TYPE_CHECKING:
    from domain.simulation.stats import SimulationStats

ORDER_STEPS = {OrderPlaced._type: "PENDING", OrderConfirmed._type: "CONFIRMED",
               OrderShipped._type: "SHIPPED"}
FOLLOWS = {"PENDING": None, "CONFIRMED": "PENDING", "SHIPPED": "CONFIRMED"}
EXAMPLES = 3
PAGE = 10_000


def check_run(opened: Bookshelf, stats: SimulationStats, start_position: int,
              subscribers: list[str]) -> list[str]:
    """Every broken invariant, as a readable sentence; empty when the run was sound.

    Call it after the simulation and the engine stopped, on a database file.
    """
    reader = opened.open_reader()
    try:
        stored, last = own_events(reader, stats, start_position)
        return [
            *shipped_orders_were_confirmed_first(reader),
            *events_match_accepted_commands(stored, stats),
            *positions_reached(reader, subscribers, last),
            *store_problems(opened),
        ]
    finally:
        reader.close()


def _order_steps(reader: Reader) -> Iterator[tuple[str, str]]:
    """(stream, status) of every order event in the log, oldest first, a page at a time."""
    after = 0
    while page := reader.events(after=after, limit=PAGE):
        for record in page:
            if record.type in ORDER_STEPS:
                yield record.stream, ORDER_STEPS[record.type]
        after = page[-1].position


def shipped_orders_were_confirmed_first(reader: Reader) -> list[str]:
    """In the event log and in the orders projection's transitions alike."""
    problems = []
    transitions = ((str(row["order_id"]), str(row["status"])) for row in
                   ProjectionQueries(reader).all_transitions())
    sources: tuple[tuple[str, Iterable[tuple[str, str]]], ...] = (
        ("events", _order_steps(reader)), ("the orders projection", transitions))
    for source, rows in sources:
        status: dict[str, str] = {}
        wrong = []
        for order, step in rows:
            if status.get(order) != FOLLOWS[step]:
                wrong.append(f"{order} went from {status.get(order, 'nothing')} to {step}")
            status[order] = step
        if wrong:
            problems.append(f"{len(wrong)} order(s) skipped a status in {source}: "
                            + "; ".join(wrong[:EXAMPLES]))
    return problems


def own_events(reader: Reader, stats: SimulationStats, start_position: int
               ) -> tuple[Counter[str], int]:
    """How many events of each type the run's own commands caused, and the last position
    of one of them; every event past `start_position` when their ids were not kept."""
    counts: Counter[str] = Counter()
    last = 0
    after = start_position
    while page := reader.events(after=after, limit=PAGE):
        for record in page:
            # By its cause, the command that raised it: the warehouse's commands carry on
            # the correlation of an order's placing.
            if stats.is_own(json.loads(record.metadata).get("causation_id")):
                counts[record.type] += 1
                last = record.position
        after = page[-1].position
    return counts, last


def events_match_accepted_commands(stored: Counter[str], stats: SimulationStats) -> list[str]:
    problems = []
    for type_name, expected in stats.expected_events().items():
        if stored[type_name] != expected:
            problems.append(f"the accepted commands should have stored {expected} "
                            f"{type_name}, but {stored[type_name]} are stored")
        if stats.own_events[type_name] != stored[type_name]:
            problems.append(f"{stored[type_name]} {type_name} are stored, but the simulation "
                            f"was delivered {stats.own_events[type_name]}")
    return problems


def positions_reached(reader: Reader, subscribers: list[str], last: int) -> list[str]:
    """Every subscriber got at least to `last` (the run's last event; another program may
    still be writing beyond it)."""
    positions = reader.positions()
    return [f"the position of {name} is {positions.get(name, 0)}, not past the run's last "
            f"event {last}" for name in subscribers if positions.get(name, 0) < last]


def store_problems(opened: Bookshelf) -> list[str]:
    """What `bookshelf check` finds (domain.core.runtime.integrity)."""
    report = opened.check()
    return [f"bookshelf check: {finding.check}: {finding.message}" for finding in report.problems]
