"""`bookshelf trace ID`: the correlation chain of an event, command or correlation id as a tree."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from domain.core.errors import ObjectNotFoundError
from domain.core.storage import Reader
from domain.readside import short_stream, short_type, utc_time
from domain.readside.trace import TraceNode, TraceNotFound, delay_text, trace

EXIT_OK = 0
INDENT = "  "


def add_trace_parser(commands: Any, add_db_option: Callable[[argparse.ArgumentParser], None],
                     run: Callable[[argparse.Namespace], int]) -> None:
    """Add `trace`, run by `run`, to the subcommands (argparse's subparsers action)."""
    parser = commands.add_parser(
        "trace", help="the chain an event or command belongs to, each message under its cause")
    parser.add_argument("id", metavar="ID", type=message_id,
                        help="an event, command or correlation id")
    add_db_option(parser)
    parser.set_defaults(run=run)


def message_id(text: str) -> str:
    """ID as typed, its spaces dropped; a blank one is refused as argparse refuses bad input
    (a usage error, exit code 2), rather than searched for and not found."""
    if not text.strip():
        raise argparse.ArgumentTypeError("no id given: give an event, command or correlation id")
    return text.strip()


def print_trace(reader: Reader, args: argparse.Namespace) -> int:
    """Print the tree of `args.id`, one message a line; an id not stored is not found."""
    try:
        found = trace(reader, args.id)
    except TraceNotFound as error:
        raise ObjectNotFoundError(
            f"{error.message_id} not found (no event, command or correlation has this id)"
        ) from error
    for depth, node in found.walk():
        print(INDENT * depth + line(node))
    return EXIT_OK


def line(node: TraceNode) -> str:
    """kind, type, aggregate, time (UTC), +delay, a command's outcome and messages."""
    parts = [f"{node.kind:<7}", short_type(node.type),
             short_stream(node.stream) if node.stream else "-",
             utc_time(node.timestamp.isoformat()) + f".{node.timestamp.microsecond // 1000:03d}"]
    if node.delay is not None:
        parts.append(delay_text(node.delay))
    if node.outcome is not None:
        parts.append(node.outcome)
    if node.position is not None:
        parts.append(f"#{node.position}")
    return "  ".join(parts) + "".join(f"  {message}" for message in node.messages)
