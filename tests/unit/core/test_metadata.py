"""`_metadata`: the chapter's flat names and Protean's nested ones, and how `process`
links a command to what caused it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain, IncorrectUsageError, current_domain, handle
from domain.core.fields import String
from domain.core.metadata import Metadata, type_version

relay = Domain("Relay")


@relay.aggregate
class Baton:
    leg = String(required=True)

    def pass_on(self) -> None:
        self.raise_(BatonPassed(baton_id=self.id, leg=self.leg))


@relay.event(part_of=Baton)
class BatonPassed:
    baton_id = String(required=True)
    leg = String(required=True)


@relay.command(part_of=Baton)
class Run:
    leg = String(required=True)


@relay.command(part_of=Baton)
class RunTwice:
    leg = String(required=True)


@relay.command_handler(part_of=Baton)
class Runner:
    @handle(Run)
    def run(self, command: Run) -> str:
        baton = Baton(leg=command.leg)
        baton.pass_on()
        current_domain.repository_for(Baton).add(baton)
        return str(baton.id)

    @handle(RunTwice)
    def run_twice(self, command: RunTwice) -> None:
        current_domain.process(issue(Run(leg=f"{command.leg} again")))


# Commands made before the race, for the handler to process when the first leg is run.
ready: dict[str, Run] = {}
given_correlation: list[str] = []
# The commands the handlers processed, in order.
issued: list[Run] = []


def issue(command: Run) -> Run:
    issued.append(command)
    return command


@relay.event_handler(part_of=Baton)
class NextLeg:
    @handle(BatonPassed)
    def on_passed(self, event: BatonPassed) -> None:
        if event.leg == "first":
            current_domain.process(issue(Run(leg="second")))
        elif event.leg == "second" and "third" in ready:
            current_domain.process(ready.pop("third"))
        elif event.leg == "fourth" and given_correlation:
            current_domain.process(Run(leg="fifth"), correlation_id=given_correlation[0])


@pytest.fixture
def domain(tmp_path: Path) -> Iterator[Domain]:
    relay.close()
    relay.config["database"] = str(tmp_path / "relay.db")
    relay.init()
    ready.clear()
    given_correlation.clear()
    issued.clear()
    yield relay
    relay.close()


def passed(domain: Domain) -> dict[str, Metadata]:
    """Each stored BatonPassed's metadata, by its leg."""
    return {stored.payload["leg"]: stored.metadata
            for stored in domain.session().store.load()}


# -- the names ---------------------------------------------------------------------------

def test_the_nested_names_read_the_same_facts_as_the_flat_ones(domain: Domain) -> None:
    domain.process(Run(leg="solo"))
    metadata = passed(domain)["solo"]

    assert metadata.headers.id == metadata.id
    assert metadata.headers.time == metadata.timestamp
    assert metadata.headers.time.tzinfo is not None
    assert metadata.headers.type == metadata.type == "Relay.BatonPassed.v1"
    assert metadata.headers.stream == metadata.stream
    assert metadata.stream is not None and metadata.stream.startswith("relay::baton-")
    assert metadata.domain.correlation_id == metadata.correlation_id
    assert metadata.domain.causation_id == metadata.causation_id
    assert metadata.domain.version == 1


def test_a_command_answers_the_nested_names_too() -> None:
    command = Run(leg="solo")

    assert command._metadata.headers.id == command._metadata.id
    assert command._metadata.headers.stream is None
    assert command._metadata.domain.correlation_id == command._metadata.id
    assert command._metadata.domain.causation_id is None


def test_the_version_is_read_from_the_end_of_the_type() -> None:
    assert type_version("Relay.BatonPassed.v1") == 1
    assert type_version("Relay.BatonPassed.v12") == 12
    assert type_version("Relay.BatonPassed") == 1


def test_a_name_neither_side_has_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = Run(leg="solo")._metadata.headers.traceparent  # type: ignore[attr-defined]


def test_the_stored_form_stays_flat(domain: Domain) -> None:
    domain.process(Run(leg="solo"))

    assert set(passed(domain)["solo"].to_dict()) == {
        "id", "timestamp", "type", "stream", "sequence", "correlation_id", "causation_id"}


def test_a_stored_event_knows_its_place_in_the_log_as_protean_names_it(domain: Domain) -> None:
    domain.process(Run(leg="first"))
    domain.process(Run(leg="second"))

    stored = domain.session().store.load()
    assert [each.metadata.event_store.global_position for each in stored] == [
        each.position for each in stored]
    assert [each.metadata.event_store.position for each in stored] == [
        each.metadata.sequence for each in stored]
    assert Run(leg="not yet")._metadata.event_store.global_position is None


def test_the_place_in_the_log_is_not_part_of_an_event_s_equality(domain: Domain) -> None:
    domain.process(Run(leg="solo"))
    (stored,) = domain.session().store.load()
    again = Metadata.from_dict(stored.metadata.to_dict())

    assert again.global_position is None and again == stored.metadata


# -- process and correlation -------------------------------------------------------------

def test_process_keeps_the_correlation_id_it_is_given(domain: Domain) -> None:
    command = Run(leg="solo")

    domain.process(command, correlation_id="audit-trail-dep-9921")

    assert command._metadata.correlation_id == "audit-trail-dep-9921"
    event = passed(domain)["solo"]
    assert event.domain.correlation_id == "audit-trail-dep-9921"
    assert event.causation_id == command._metadata.id


def test_a_command_processed_from_an_event_handler_shares_the_events_correlation(
        domain: Domain) -> None:
    domain.process(Run(leg="first"), correlation_id="race-1")

    first, second = passed(domain)["first"], passed(domain)["second"]
    (command,) = issued
    assert command._metadata.correlation_id == first.correlation_id == "race-1"
    assert command._metadata.causation_id == first.id
    assert second.correlation_id == "race-1"
    assert second.causation_id == command._metadata.id


def test_a_command_made_elsewhere_and_processed_by_a_handler_is_linked_there(
        domain: Domain) -> None:
    third = Run(leg="third")  # made outside any handler: a correlation of its own
    assert third._metadata.correlation_id == third._metadata.id
    ready["third"] = third

    domain.process(Run(leg="first"), correlation_id="race-2")

    assert third._metadata.correlation_id == "race-2"
    assert third._metadata.causation_id == passed(domain)["second"].id
    assert passed(domain)["third"].correlation_id == "race-2"


def test_a_correlation_id_given_inside_a_handler_wins(domain: Domain) -> None:
    given_correlation.append("a new trail")

    domain.process(Run(leg="fourth"), correlation_id="race-3")

    assert passed(domain)["fourth"].correlation_id == "race-3"
    assert passed(domain)["fifth"].correlation_id == "a new trail"


def test_a_command_processed_by_a_command_handler_is_caused_by_that_command(
        domain: Domain) -> None:
    outer = RunTwice(leg="relay")

    domain.process(outer, correlation_id="race-4")

    (inner,) = issued
    assert inner._metadata.causation_id == outer._metadata.id
    assert inner._metadata.correlation_id == "race-4"
    assert passed(domain)["relay again"].causation_id == inner._metadata.id


def test_a_command_processed_outside_any_handler_keeps_its_own_correlation(
        domain: Domain) -> None:
    command = Run(leg="solo")
    before = command._metadata

    domain.process(command)

    assert command._metadata is before  # nothing to link: left as it was


@pytest.mark.parametrize("bad", ["", 42])
def test_a_correlation_id_that_is_not_a_non_empty_text_is_refused(
        domain: Domain, bad: object) -> None:
    with pytest.raises(IncorrectUsageError, match="correlation_id must be a non-empty str"):
        domain.process(Run(leg="solo"), correlation_id=bad)  # type: ignore[arg-type]

    assert domain.session().store.last_position() == 0
