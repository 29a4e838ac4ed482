"""An event-sourced aggregate's states replayed from its stream: what its history shows at
the versions no state was recorded for."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import domain.core.event_sourcing as event_sourcing
from domain.core.elements import BaseAggregate
from domain.core.registry import Registry
from domain.core.storage.decoding import rebuild
from domain.core.storage.reading import EventRecord
from domain.readside.history import Replay, State

log = logging.getLogger(__name__)


def replay_with(registry: Registry) -> Replay:
    """How a history replays a stream with `registry`'s event-sourced aggregates: the
    state after each of its events (given oldest first), or None for a stream no
    event-sourced aggregate of the registry has."""

    def replay(stream: str, events: Sequence[EventRecord]) -> list[State] | None:
        aggregate_cls = event_sourced_class(registry, stream)
        return None if aggregate_cls is None else replayed_states(aggregate_cls, registry,
                                                                  events)

    return replay


def event_sourced_class(registry: Registry, stream: str) -> type[BaseAggregate] | None:
    """The event-sourced aggregate class whose streams `stream` is one of, if any."""
    for aggregate_cls in registry.aggregates.values():
        if aggregate_cls._event_sourced and stream.startswith(aggregate_cls.stream_name("")):
            return aggregate_cls
    return None


def replayed_states(aggregate_cls: type[BaseAggregate], registry: Registry,
                    events: Sequence[EventRecord]) -> list[State]:
    """The aggregate's state after each event, replayed through its @apply methods, as
    `to_dict()` gives it (as its writes record it). The replay stops at an event it cannot
    decode or apply: the versions from there on are not replayed (fewer states)."""
    aggregate = aggregate_cls._blank()
    states: list[State] = []
    for record in events:
        try:
            event = rebuild(registry.event_class, record.position, record.type,
                            record.payload, record.metadata).event
            event_sourcing.replay(aggregate, [event])
        except Exception as error:  # the @apply methods are the domain's code: anything
            log.warning("the history of %s is not replayed past position %d: %s",
                        record.stream, record.position, error)
            break
        states.append(aggregate.to_dict())
    return states
