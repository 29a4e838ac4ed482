"""Pause, resume, stop, and changing the rate, the customers and the invalid share while running."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.simulation import Simulation, SimulationSettings
from tests.unit.simulation.conftest import WAIT_S, run_to_end


def orders_between(simulation: Simulation, start: float, end: float) -> int:
    return sum(1 for at, _actor, command, *_ in simulation.command_log
               if command == "PlaceOrder" and start <= at < end)


def test_a_paused_simulation_sends_nothing_until_resumed(
        simulate: Callable[..., Simulation]) -> None:
    simulation = simulate()
    assert simulation.wait_for(lambda: simulation.stats.submitted > 100, WAIT_S)
    simulation.pause()
    sent, moment = len(simulation.command_log), simulation.clock.now()
    assert simulation.paused
    assert not simulation.wait_for(lambda: len(simulation.command_log) > sent, timeout=0.3)
    assert simulation.clock.now() == moment
    simulation.resume()
    assert simulation.wait_for(lambda: len(simulation.command_log) > sent + 50, WAIT_S)


def test_a_new_rate_applies_from_the_moment_it_is_set(
        simulate: Callable[..., Simulation]) -> None:
    simulation = simulate(rate=1.0, customers=5)
    assert simulation.wait_for(lambda: simulation.clock.now() > 300, WAIT_S)
    simulation.pause()
    simulation.set_rate(30.0)
    changed = simulation.clock.now()
    simulation.resume()
    assert simulation.wait_for(lambda: simulation.clock.now() > changed + 240, WAIT_S)
    simulation.stop(WAIT_S)
    before = orders_between(simulation, changed - 240, changed)
    after = orders_between(simulation, changed, changed + 240)
    assert before < 60 < after  # about 20 before, about 600 after


def test_customers_can_come_and_go_while_running(simulate: Callable[..., Simulation]) -> None:
    simulation = simulate(customers=2)
    assert simulation.wait_for(lambda: simulation.clock.now() > 120, WAIT_S)
    simulation.set_customers(6)
    assert [customer.name for customer in simulation.customers][-1] == "customer-5"
    assert simulation.wait_for(lambda: any(actor == "customer-5"
                                           for _, actor, *_ in simulation.command_log), WAIT_S)
    simulation.set_customers(0)
    simulation.pause()
    sent = len(simulation.command_log)
    simulation.resume()
    assert simulation.wait_for(lambda: simulation.clock.now() > 2_000, WAIT_S)
    later = [actor for _, actor, *_ in simulation.command_log[sent:]]
    assert later and not any(actor.startswith("customer") for actor in later)


def test_a_new_invalid_share_applies_to_present_and_later_customers(
        simulate: Callable[..., Simulation]) -> None:
    simulation = simulate(customers=2, invalid_share=0.0)
    assert simulation.wait_for(lambda: simulation.clock.now() > 300, WAIT_S)
    simulation.pause()
    simulation.set_invalid_share(1.0)
    simulation.set_customers(4)
    changed = len(simulation.command_log)
    simulation.resume()
    assert simulation.wait_for(lambda: simulation.clock.now() > 900, WAIT_S)
    simulation.stop(WAIT_S)

    def mistakes(log: list) -> list[str | None]:
        return [mistake for _at, actor, _command, _fields, mistake in log
                if actor.startswith("customer")]

    before, after = mistakes(simulation.command_log[:changed]), mistakes(
        simulation.command_log[changed:])
    assert before and not any(before)
    assert after and all(after)
    assert {customer.invalid_share for customer in simulation.customers} == {1.0}
    assert {"customer-2", "customer-3"} <= {actor for _, actor, *_ in
                                            simulation.command_log[changed:]}


def test_an_invalid_share_outside_zero_to_one_is_refused(
        simulate: Callable[..., Simulation]) -> None:
    simulation = simulate()
    with pytest.raises(ValueError, match="between 0 and 1"):
        simulation.set_invalid_share(1.5)
    assert simulation.settings.invalid_share == SimulationSettings().invalid_share


def test_stop_waits_until_every_sent_command_was_delivered(
        simulate: Callable[..., Simulation]) -> None:
    simulation = simulate()
    assert simulation.wait_for(lambda: simulation.stats.submitted > 200, WAIT_S)
    simulation.stop(WAIT_S)
    snapshot = simulation.stats.snapshot()
    assert simulation.finished
    answered = snapshot["commands_accepted"] + snapshot["rejected_by_reason"].get(
        "ValidationError", 0)
    assert answered == snapshot["commands_submitted"]
    assert sum(snapshot["events"].values()) == sum(simulation.stats.expected_events().values())


def test_a_run_with_an_end_finishes_by_itself(simulate: Callable[..., Simulation]) -> None:
    simulation = run_to_end(simulate(until=60))
    assert simulation.finished and simulation.clock.now() == 60
