"""A message's correlation chain as a tree ordered by causation (`bookshelf trace`, Trace)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs

from domain.core.storage.commands import REFUSED
from domain.core.storage.reading import CommandRecord, EventFilter, EventRecord, Reader
from domain.core.storage.search_text import is_id
from domain.readside.commands import refusal_messages

COMMAND = "command"
EVENT = "event"


class TraceNotFound(LookupError):
    """No event, command or correlation of the store has this id."""

    def __init__(self, message_id: str) -> None:
        super().__init__(f"{message_id}: not found")
        self.message_id = message_id


@attrs.frozen
class TraceNode:
    """One command or event of a chain, with the messages it caused below it.

    `delay` is the time from its cause (None at a root); `outcome` and `messages` are a
    command's (accepted or refused, and a refusal's messages); `position` an event's;
    `stream` an event's; a command's first event's, or when it raised none its cause's
    (None for a command that raised none and has no cause in the chain).
    """

    kind: str
    id: str
    type: str
    stream: str | None
    timestamp: datetime
    causation_id: str | None
    delay: timedelta | None = None
    outcome: str | None = None
    messages: tuple[str, ...] = ()
    position: int | None = None
    children: tuple[TraceNode, ...] = ()

    @property
    def refused(self) -> bool:
        return self.outcome == REFUSED


@attrs.frozen
class Trace:
    """The chain of `correlation_id` (None: the message had none, the tree is that one
    node), its roots ordered by time: one, the command that started it, unless the
    messages before some are missing (an event raised outside any command)."""

    asked: str
    correlation_id: str | None
    roots: tuple[TraceNode, ...]

    def walk(self) -> Iterator[tuple[int, TraceNode]]:
        """Every node with its depth, each before the messages it caused."""
        stack = [(0, root) for root in reversed(self.roots)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, child) for child in reversed(node.children))


def trace(reader: Reader, message_id: str) -> Trace:
    """The chain `message_id` belongs to: an event's, a command's, or a correlation's id.

    Raises TraceNotFound when the store holds none of them. Every lookup goes through the
    search index (the events' and the commands' ids, correlations and causations), and the
    few messages newer than it one by one.
    """
    message_id = message_id.strip()
    if not is_id(message_id):
        raise TraceNotFound(message_id)
    try:
        return _trace(reader, message_id)
    except TraceNotFound:
        # Ids are stored as uuid4 prints them, in lower case; one typed or pasted in upper
        # case (as some tools show uuids) names the same message.
        if message_id.lower() == message_id:
            raise
    try:
        return _trace(reader, message_id.lower())
    except TraceNotFound:
        raise TraceNotFound(message_id) from None


def _trace(reader: Reader, message_id: str) -> Trace:
    related = reader.events(EventFilter(text=message_id))
    event = next((each for each in related if _metadata(each)["id"] == message_id), None)
    if event is not None:
        correlation = _metadata(event).get("correlation_id")
        if correlation is None:  # stored before ids were recorded: a tree of one node
            return Trace(message_id, None, (_event_node(event),))
    else:
        command = reader.command(message_id)
        if command is None:
            correlation = message_id  # a correlation's own id, perhaps
        elif command.correlation_id is None:
            return Trace(message_id, None, (_command_node(command),))
        else:
            correlation = command.correlation_id
    nodes = _chain(reader, correlation)
    if not nodes:
        raise TraceNotFound(message_id)
    return Trace(message_id, correlation, _tree(nodes))


def _chain(reader: Reader, correlation: str) -> list[TraceNode]:
    """Every command and event of the correlation, unlinked."""
    commands = {each.id: each for each in reader.commands_about(correlation)
                if each.correlation_id == correlation}  # a command run twice: its last run
    events = [each for each in reader.events(EventFilter(text=correlation))
              if _metadata(each).get("correlation_id") == correlation]
    return [*map(_command_node, commands.values()), *map(_event_node, events)]


def _tree(nodes: list[TraceNode]) -> tuple[TraceNode, ...]:
    """`nodes` linked by causation: each under its cause, siblings by time then position."""
    by_id = {node.id: node for node in nodes}
    caused: dict[str | None, list[TraceNode]] = {}
    for node in nodes:
        cause = node.causation_id if node.causation_id in by_id else None
        caused.setdefault(cause, []).append(node)

    def order(node: TraceNode) -> tuple[datetime, int, int]:
        # A command's events share its time to the microsecond at most: then by position.
        return node.timestamp, node.kind == EVENT, node.position or 0

    def linked(node: TraceNode, cause: TraceNode | None) -> TraceNode:
        children = sorted(caused.get(node.id, []), key=order)
        # A command names no stream: the aggregate it changed is its first event's; one
        # refused changed none, and the aggregate it was about is its cause's (the order
        # whose event a ConfirmOrder followed).
        stream = node.stream or next((child.stream for child in children
                                      if child.kind == EVENT), None) or (
            cause.stream if cause is not None else None)
        node = attrs.evolve(
            node, stream=stream,
            delay=None if cause is None else node.timestamp - cause.timestamp)
        return attrs.evolve(node, children=tuple(linked(child, node) for child in children))

    return tuple(linked(root, None) for root in sorted(caused.get(None, []), key=order))


def _metadata(event: EventRecord) -> dict[str, str | None]:
    return dict(json.loads(event.metadata))


def _event_node(event: EventRecord) -> TraceNode:
    metadata = _metadata(event)
    return TraceNode(EVENT, str(metadata["id"]), event.type, event.stream,
                     datetime.fromisoformat(event.timestamp), metadata.get("causation_id"),
                     position=event.position)


def _command_node(command: CommandRecord) -> TraceNode:
    return TraceNode(COMMAND, command.id, command.type, None,
                     datetime.fromisoformat(command.timestamp), command.causation_id,
                     outcome=command.outcome, messages=refusal_messages(command.errors))


def delay_text(delay: timedelta | None) -> str:
    """A node's delay from its cause as the trace shows it: `+0.153 s`, `+2 min 5.0 s`
    (empty at a root)."""
    if delay is None:
        return ""
    seconds = delay.total_seconds()
    sign = "-" if seconds < 0 else "+"  # a clock set back between cause and effect
    minutes, rest = divmod(abs(seconds), 60)
    if minutes:
        return f"{sign}{int(minutes)} min {rest:.1f} s"
    return f"{sign}{rest:.3f} s"
