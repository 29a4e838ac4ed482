"""An event-sourced stream's states replayed from its events, for versions no write recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import domain.core.event_sourcing as event_sourcing
from domain.core.elements import BaseAggregate, BaseEvent
from domain.core.process_manager import BaseProcessManager
from domain.core.registry import Registry
from domain.core.storage.decoding import rebuild
from domain.core.storage.reading import EventRecord
from domain.readside.history import Replay, State

log = logging.getLogger(__name__)

# The state a stream is in after one more of its events.
Step = Callable[[BaseEvent], State]
Owner = TypeVar("Owner", type[BaseAggregate], type[BaseProcessManager])


def replay_with(registry: Registry) -> Replay:
    """How a history replays a stream with `registry`'s classes: the state after each of
    its events (given oldest first) for an event-sourced aggregate's or a process
    manager's stream, None for any other."""

    def replay(stream: str, events: Sequence[EventRecord]) -> list[State] | None:
        step = _stepper(registry, stream)
        return None if step is None else replayed_states(registry, events, step)

    return replay


def event_sourced_class(registry: Registry, stream: str) -> type[BaseAggregate] | None:
    """The event-sourced aggregate class whose streams `stream` is one of, if any."""
    return _owner(registry.aggregates.values(), stream, lambda each: each._event_sourced)


def _stepper(registry: Registry, stream: str) -> Step | None:
    aggregate_cls = event_sourced_class(registry, stream)
    if aggregate_cls is not None:
        aggregate = aggregate_cls._blank()

        def applied(event: BaseEvent) -> State:  # through its @apply methods
            event_sourcing.replay(aggregate, [event])
            return aggregate.to_dict()

        return applied
    manager_cls = _owner(registry.process_managers.values(), stream, lambda each: True)
    if manager_cls is not None:
        # Each transition holds the manager's whole state, as it was recorded.
        return lambda event: manager_cls._from_stored(
            getattr(event, "state", None) or {}).to_dict()
    return None


def _owner(classes: Iterable[Owner], stream: str, eligible: Callable[[Owner], bool]
           ) -> Owner | None:
    """The class among `classes` whose streams `stream` is one of (`<domain>::<class>-`)."""
    for each in classes:
        if eligible(each) and stream.startswith(each.stream_name("")):
            return each
    return None


def replayed_states(registry: Registry, events: Sequence[EventRecord], step: Step
                    ) -> list[State]:
    """The state after each event, as `step` leaves it (as the writes record it). The
    replay stops at an event it cannot decode or apply: the versions from there on are
    not replayed (fewer states)."""
    states: list[State] = []
    for record in events:
        try:
            event = rebuild(registry.event_class, record.position, record.type,
                            record.payload, record.metadata).event
            states.append(step(event))
        except Exception as error:  # the @apply methods are the domain's code: anything
            log.warning("the history of %s is not replayed past position %d: %s",
                        record.stream, record.position, error)
            break
    return states


