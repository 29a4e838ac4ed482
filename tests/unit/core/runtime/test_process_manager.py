"""A process manager is delivered to after each commit: its instance found by correlation (or
started), its step run, its state stored as a transition event of its own stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain, HandlersFailedAfterCommit, StoredEvent, ValidationError
from domain.core.process_manager import BaseProcessManager
from domain.core.runtime.integrity import check_integrity
from domain.core.runtime.process_manager import ProcessManagerSubscriber
from domain.core.storage import open_snapshot
from tests.unit.core.conftest import BACKENDS, fresh_store
from tests.unit.core.errands import (
    Errand,
    ErrandClosed,
    ErrandFlow,
    ErrandOpened,
    OpenErrand,
    Payment,
    PaymentTaken,
    TakePayment,
    errands,
)


@pytest.fixture(params=BACKENDS)
def domain(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    errands.close()
    errands.config["database"] = fresh_store(request, tmp_path, "errands.db")
    errands.init()
    ErrandFlow.failing = set()
    yield errands
    errands.close()
    ErrandFlow.failing = set()


def flow(domain: Domain) -> ProcessManagerSubscriber:
    found = [each for each in domain.runtime.subscribers()
             if isinstance(each, ProcessManagerSubscriber)]
    assert len(found) == 1
    return found[0]


def instance(domain: Domain, errand_id: str) -> BaseProcessManager | None:
    return flow(domain).load(domain.session().store, errand_id)


def transitions(domain: Domain, errand_id: str) -> list[StoredEvent]:
    return domain.session().store.load_stream(ErrandFlow.stream_name(errand_id))


def test_a_start_event_starts_an_instance_that_runs_the_process_to_its_end(
        domain: Domain) -> None:
    errand_id = domain.process(OpenErrand(title="Post a letter", price=3))

    manager = instance(domain, str(errand_id))
    assert manager is not None
    assert manager.is_complete
    assert (manager.errand_id, manager.title, manager.paid) == (errand_id, "Post a letter", 3)
    assert manager.steps == ["opened", "paid", "closed"]
    assert manager.id == errand_id  # the correlation value, as Protean sets it
    assert domain.repository_for(Errand).get(errand_id).status == "CLOSED"


def test_each_handled_event_stores_one_transition_in_the_process_manager_s_stream(
        domain: Domain) -> None:
    errand_id = str(domain.process(OpenErrand(title="Post a letter", price=3)))

    stored = transitions(domain, errand_id)
    assert [each.stream for each in stored] == [f"errands::errandflow-{errand_id}"] * 3
    assert [each.metadata.sequence for each in stored] == [1, 2, 3]
    assert [each.payload["handler_name"] for each in stored] == ["opened", "paid_for", "closed"]
    assert [each.payload["is_complete"] for each in stored] == [False, False, True]
    assert stored[-1].payload["state"]["steps"] == ["opened", "paid", "closed"]
    assert stored[0].type == "Errands._ErrandFlowTransition.v1"


def test_a_mapping_correlates_by_the_event_field_it_names(domain: Domain) -> None:
    errand_id = str(domain.process(OpenErrand(title="Post a letter", price=3)))

    paid = transitions(domain, errand_id)[1]
    assert paid.payload["handler_name"] == "paid_for"  # PaymentTaken has errand_ref only
    assert paid.payload["state"]["paid"] == 3


def test_an_event_no_instance_correlates_to_is_passed_over_unless_its_step_starts_one(
        domain: Domain) -> None:
    domain.process(TakePayment(errand_ref="no-such-errand", amount=2))

    assert transitions(domain, "no-such-errand") == []
    assert domain.session().store.failures.listing() == []


def test_an_event_for_a_completed_instance_is_ignored(domain: Domain) -> None:
    errand_id = str(domain.process(OpenErrand(title="Post a letter", price=3)))

    domain.process(TakePayment(errand_ref=errand_id, amount=5))

    assert len(transitions(domain, errand_id)) == 3
    manager = instance(domain, errand_id)
    assert manager is not None and manager.paid == 3


def test_the_commands_it_issues_carry_the_correlation_of_the_event_that_caused_them(
        domain: Domain) -> None:
    command = OpenErrand(title="Post a letter", price=3)
    errand_id = str(domain.process(command))

    opened = [each for each in domain.session().store.load()
              if isinstance(each.event, ErrandOpened)][0]
    issued = domain.session().store.execute(
        "SELECT type, correlation_id, causation_id FROM commands WHERE type LIKE "
        "'%TakePayment%'").fetchall()
    assert [tuple(row) for row in issued] == [
        ("Errands.TakePayment.v1", command._metadata.id, opened.metadata.id)]
    first = transitions(domain, errand_id)[0]
    assert (first.metadata.correlation_id, first.metadata.causation_id) == (
        command._metadata.id, opened.metadata.id)


def test_its_state_is_read_back_from_the_file_after_it_is_reopened(
        domain: Domain, tmp_path: Path) -> None:
    ErrandFlow.failing = {"closed"}  # stops the process before its end
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(OpenErrand(title="Post a letter", price=3))
    errand_id = str(domain.repository_for(Errand).query.all().first.id)
    domain.close()
    ErrandFlow.failing = set()

    errands.init()  # a new runtime on the same file
    reopened = instance(errands, errand_id)
    assert reopened is not None and not reopened.is_complete
    assert reopened.steps == ["opened", "paid"]
    errands.session().dispatcher.retry(errands.session().store.failures.due(now=2**40))
    done = instance(errands, errand_id)
    assert done is not None and done.is_complete
    assert done.steps == ["opened", "paid", "closed"]


def test_a_failing_step_stores_neither_its_state_nor_its_commands_and_is_retried(
        domain: Domain) -> None:
    ErrandFlow.failing = {"paid"}

    with pytest.raises(HandlersFailedAfterCommit) as raised:
        domain.process(OpenErrand(title="Post a letter", price=3))

    errand_id = str(domain.repository_for(Errand).query.all().first.id)
    assert [each.handler for each in raised.value.failures] == [flow(domain).name]
    assert [each.payload["handler_name"] for each in transitions(domain, errand_id)] == [
        "opened"]
    assert domain.repository_for(Errand).get(errand_id).status == "OPEN"  # no CloseErrand
    ErrandFlow.failing = set()
    domain.session().dispatcher.retry(domain.session().store.failures.due(now=2**40))
    manager = instance(domain, errand_id)
    assert manager is not None and manager.steps == ["opened", "paid", "closed"]
    assert domain.repository_for(Errand).get(errand_id).status == "CLOSED"


def test_a_command_its_step_issues_that_is_refused_rolls_the_step_back(
        domain: Domain) -> None:
    with pytest.raises(HandlersFailedAfterCommit) as raised:
        domain.process(OpenErrand(title="Free errand", price=0))  # a payment of 0 is refused

    assert isinstance(raised.value.failures[0].error, ValidationError)
    errand_id = str(domain.repository_for(Errand).query.all().first.id)
    assert transitions(domain, errand_id) == []
    assert instance(domain, errand_id) is None


def test_an_event_delivered_again_is_not_handled_twice(domain: Domain) -> None:
    errand_id = str(domain.process(OpenErrand(title="Post a letter", price=3)))
    closed = [each for each in domain.session().store.load()
              if isinstance(each.event, ErrandClosed)]
    opened = [each for each in domain.session().store.load()
              if isinstance(each.event, ErrandOpened)]

    with domain.session().activate():
        flow(domain).receive(domain.session().store, closed)
        flow(domain).receive(domain.session().store, opened)

    assert len(transitions(domain, errand_id)) == 3


def test_an_event_delivered_again_to_an_open_instance_is_not_handled_twice(
        domain: Domain) -> None:
    # Its position may not have been saved when the process stopped: the events come again.
    ErrandFlow.failing = {"closed"}  # the instance stays open
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(OpenErrand(title="Post a letter", price=3))
    errand_id = str(domain.repository_for(Errand).query.all().first.id)
    again = [each for each in domain.session().store.load()
             if isinstance(each.event, ErrandOpened | PaymentTaken)]

    with domain.session().activate():
        flow(domain).receive(domain.session().store, again[:1])
        flow(domain).receive(domain.session().store, again[1:2])

    assert [each.payload["handler_name"] for each in transitions(domain, errand_id)] == [
        "opened", "paid_for"]
    assert len(domain.repository_for(Payment).query.all()) == 1  # no second TakePayment


def test_its_streams_are_whole_to_the_integrity_check(domain: Domain) -> None:
    domain.process(OpenErrand(title="Post a letter", price=3))
    domain.close()

    snapshot = open_snapshot(str(errands.config["database"]))
    try:
        report = check_integrity(snapshot, errands.registry)
    finally:
        snapshot.close()

    assert report.ok, report


def test_with_async_event_processing_it_runs_on_a_delivery_lane_to_the_same_end(
        tmp_path: Path) -> None:
    errands.close()
    errands.config["database"] = str(tmp_path / "lanes.db")
    errands.config["event_processing"] = "async"
    errands.init()
    try:
        errand_id = str(errands.process(OpenErrand(title="Post a letter", price=3)))
        # Each step's commands are handed to the lanes again: wait until the chain ends.
        for _ in range(10):
            assert errands.runtime.delivery is not None
            assert errands.runtime.delivery.wait_delivered(10)
            if len(transitions(errands, errand_id)) == 3:
                break
        manager = instance(errands, errand_id)
        assert manager is not None and manager.is_complete
        assert errands.repository_for(Errand).get(errand_id).status == "CLOSED"
    finally:
        errands.close()
        errands.config["event_processing"] = "sync"
