"""A simulation on a real file, run as fast as the engine goes."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import pytest

from domain.bookshelf import Bookshelf
from domain.core.runtime.engine import Engine
from domain.simulation import Simulation, SimulationSettings

WAIT_S = 30


@pytest.fixture
def engine(shop: Bookshelf) -> Iterator[Engine]:
    engine = Engine(shop.runtime).start()
    yield engine
    engine.stop()


@pytest.fixture
def simulate(engine: Engine) -> Iterator[Callable[..., Simulation]]:
    """Start a simulation with some settings replaced; it is stopped after the test."""
    started: list[Simulation] = []

    def start(**overrides: object) -> Simulation:
        settings = SimulationSettings(**{"speed": math.inf, "record_commands": True,
                                         "customers": 4, **overrides})
        simulation = Simulation(engine, settings).start()
        started.append(simulation)
        return simulation

    yield start
    for simulation in started:
        simulation.stop(WAIT_S)


def run_to_end(simulation: Simulation) -> Simulation:
    assert simulation.wait_finished(WAIT_S)
    simulation.stop(WAIT_S)
    assert simulation.error is None
    return simulation
