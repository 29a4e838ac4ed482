"""An aggregate's history: its versions, the events each write raised, its state after each."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from itertools import groupby
from typing import Any

import attrs

from domain.core.errors import BookshelfError, ObjectNotFoundError
from domain.core.storage.reading import EventFilter, EventRecord, Reader, StateRecord
from domain.readside.short_names import is_uuid
from domain.readside.state_changes import ComparedField, Path, changed_paths, compared_fields

NOT_RECORDED = "state not recorded"
DID_NOT_EXIST = "did not exist"
# A short stream ("order-1a2b3c4d") is looked up among this many of its events: enough to
# meet a second stream it starts, if there is one.
SHORT_LOOKUP = 1_000

State = Mapping[str, Any]
# The state after each of `stream`'s events (given oldest first), replayed: how an
# event-sourced aggregate answers for the versions no state was recorded for (replay.py);
# None for a stream that is not event-sourced. Fewer states: the rest could not be replayed.
Replay = Callable[[str, Sequence[EventRecord]], Sequence[State] | None]


class HistoryNotFound(ObjectNotFoundError):
    """What was asked for names no aggregate's history (no stream, event or version)."""


class AmbiguousStream(BookshelfError):
    """A short stream that starts more than one stream's name."""


@attrs.frozen
class HistoryEvent:
    """One event of the stream, as the history lists it."""

    position: int
    sequence: int
    type: str
    timestamp: str
    event_id: str
    cause: str  # the command's id (its causation): one write's events share it

    @classmethod
    def from_record(cls, record: EventRecord) -> HistoryEvent:
        metadata = json.loads(record.metadata)
        return cls(record.position, int(metadata.get("sequence") or 0), record.type,
                   record.timestamp, str(metadata.get("id") or ""),
                   str(metadata.get("causation_id") or ""))


@attrs.frozen
class Version:
    """One write of the aggregate: the events it raised (one write's events share it) and
    the state it left, None when that was not recorded (written before step 6 of the
    schema). `number` is None for such a write whose number cannot be told."""

    number: int | None
    events: tuple[HistoryEvent, ...]
    state: State | None


@attrs.frozen
class Comparison:
    """A version's state beside the one before it, with the changed fields' paths.

    `before` is None when the aggregate did not exist before (version 0) or that state
    was not recorded; `before_missing` and `after_missing` say which, "" when present."""

    number: int
    before: State | None
    after: State | None
    before_missing: str
    after_missing: str
    changed: tuple[Path, ...]

    def rows(self) -> list[ComparedField]:
        """The fields of either state, each side's value, and whether it changed."""
        return compared_fields(self.before or {}, self.after or {}, self.changed)


@attrs.frozen
class History:
    """The versions of one aggregate's stream, oldest first."""

    stream: str
    versions: tuple[Version, ...]

    def version(self, number: int) -> Version:
        for version in self.versions:
            if version.number == number:
                return version
        if any(version.number is None for version in self.versions):
            # Written before numbers were kept: version `number` may be any of them.
            raise HistoryNotFound(f"not found: the version numbers of {self.stream} were "
                                  "not recorded in this file (before states were kept)")
        raise HistoryNotFound(f"not found: {self.stream} has no version {number}")

    def comparison(self, number: int) -> Comparison:
        """The state after version `number` beside the state before it."""
        after = self.version(number).state
        if number == 0:
            before, before_missing = None, DID_NOT_EXIST
        else:
            before = self.version(number - 1).state if self._has(number - 1) else None
            before_missing = NOT_RECORDED if before is None else ""
        changed = (changed_paths(before or {}, after)
                   if after is not None and (before is not None or number == 0) else ())
        return Comparison(number, before, after, before_missing,
                          NOT_RECORDED if after is None else "", changed)

    def _has(self, number: int) -> bool:
        return any(version.number == number for version in self.versions)


def read_history(reader: Reader, stream: str, replay: Replay | None = None) -> History:
    """The history of `stream` (a full stream name); HistoryNotFound when it has neither
    events nor recorded states.

    With `replay`, an event-sourced stream has a version for each event (as its aggregate
    counts them), the states not recorded replayed; otherwise a write is a version, and
    one with no recorded state has None: not recorded."""
    read = sorted(((HistoryEvent.from_record(record), record) for record in
                   reader.events(EventFilter(stream=stream)) if record.stream == stream),
                  key=lambda pair: pair[0].sequence)
    events = [event for event, _ in read]
    states = reader.states(stream)
    if not events and not states:
        raise HistoryNotFound(f"not found: no aggregate has the stream {stream}")
    recorded = {state.sequence: state for state in states if state.raised_events}
    if replay is not None and any(event.sequence not in recorded for event in events):
        replayed = replay(stream, [record for _, record in read])
        if replayed is not None:
            return History(stream, tuple(_event_versions(events, recorded, replayed)))
    versions = _versions(events, states, lambda: _current_version(reader, stream))
    return History(stream, tuple(versions))


def _event_versions(events: Sequence[HistoryEvent], recorded: Mapping[int, StateRecord],
                    replayed: Sequence[State]) -> list[Version]:
    """An event-sourced aggregate's versions: one an event, numbered from 0; each state
    as recorded with its write (the write's last event), else as replayed."""
    versions = []
    for index, event in enumerate(events):
        state = recorded.get(event.sequence)
        versions.append(Version(event.sequence - 1, (event,),
                                json.loads(state.state) if state is not None
                                else replayed[index] if index < len(replayed) else None))
    return versions


def _versions(events: Sequence[HistoryEvent], states: Sequence[StateRecord],
              current: Callable[[], int | None]) -> list[Version]:
    """A recorded version raised the events past the previous version's sequence. Those
    written before states were recorded are told apart by their command (one write a
    command), and numbered when they account for every version before the first
    recorded one (the aggregate's current version + 1 when none is)."""
    first = states[0] if states else None
    before_recorded = [event for event in events
                       if first is None or event.sequence <= first.sequence]
    groups = _by_cause(before_recorded) if first is None or first.version > 0 else []
    previous = 0
    if first is not None and groups and first.raised_events:
        previous = groups.pop()[0].sequence - 1  # the first recorded version's own command
    elif first is not None and first.version > 0:  # (a quiet write: all are older writes')
        previous = first.sequence
    unrecorded = first.version if first else _plus_one(current())
    numbered = unrecorded is not None and len(groups) == unrecorded
    versions = [Version(index if numbered else None, tuple(group), None)
                for index, group in enumerate(groups)]
    for state in states:
        raised = tuple(event for event in events if previous < event.sequence <= state.sequence)
        versions.append(Version(state.version, raised, json.loads(state.state)))
        previous = state.sequence
    if states:  # none past the last recorded write but from a program that recorded none
        versions += [Version(None, tuple(group), None) for group in
                     _by_cause([event for event in events if event.sequence > previous])]
    return versions


def _plus_one(version: int | None) -> int | None:
    return None if version is None else version + 1


def _by_cause(events: Sequence[HistoryEvent]) -> list[list[HistoryEvent]]:
    """Consecutive events of one command together (an event with no known cause alone)."""
    return [list(group) for _, group in groupby(
        events, key=lambda event: event.cause or f"#{event.position}")]


def _current_version(reader: Reader, stream: str) -> int | None:
    """The version of the aggregate's row, None when it has none (or no table)."""
    kind, _, aggregate_id = stream.partition("::")[2].partition("-")
    try:
        row = reader.aggregate_row(kind, aggregate_id)
    except BookshelfError:
        return None
    version = row.get("_version") if row else None
    return version if isinstance(version, int) else None


def find_stream(reader: Reader, text: str) -> str:
    """The stream `text` names: a stream, the short form the tables show
    (`order-1a2b3c4d`), an aggregate's id or an event's id. HistoryNotFound when it names
    none, AmbiguousStream when a short form starts several."""
    text = text.strip()
    found = _stream_named(reader, text)
    if found is None and text.lower() != text:
        # Streams and ids are stored in lower case; one typed in upper case (ORDER-1A2B3C4D,
        # an uuid as some tools print it) names the same aggregate.
        found = _stream_named(reader, text.lower())
    if found is None:
        raise HistoryNotFound(f"not found: {text or 'an empty name'} names no aggregate")
    return found


def _stream_named(reader: Reader, text: str) -> str | None:
    if "::" in text:
        if reader.states(text) or reader.events(EventFilter(stream=text), limit=1):
            return text
    elif is_uuid(text):
        found = reader.events(EventFilter(text=text), limit=SHORT_LOOKUP)
        for record in found:
            if json.loads(record.metadata).get("id") == text or record.stream.endswith(text):
                return record.stream
    elif text:
        streams = sorted({record.stream for record in
                          reader.events(EventFilter(stream=text), limit=SHORT_LOOKUP)})
        if len(streams) > 1:
            raise AmbiguousStream(f"{text} starts {len(streams)} streams or more: "
                                  f"{', '.join(streams[:3])}; give more of it")
        if streams:
            return streams[0]
    return None
