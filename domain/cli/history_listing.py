"""`bookshelf history STREAM [--at VERSION]`: an aggregate's versions, or one beside the last."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from domain.core.storage import Reader
from domain.readside import short_type, utc_time
from domain.readside.history import (
    Comparison,
    History,
    Replay,
    Version,
    find_stream,
    read_history,
)
from domain.readside.state_changes import path_text

EXIT_OK = 0
CHANGED, SAME = "*", " "


def add_history_parser(commands: Any, add_db_option: Callable[[argparse.ArgumentParser], None],
                       at_least: Callable[[int], Callable[[str], int]],
                       run: Callable[[argparse.Namespace], int]) -> None:
    """Add `history`, run by `run`, to the subcommands (argparse's subparsers action)."""
    parser = commands.add_parser(
        "history", help="an aggregate's versions and events; --at: its state before and after")
    parser.add_argument("stream", metavar="STREAM",
                        help="a stream (full, or order-1a2b3c4d as shown), an aggregate's id "
                             "or an event's id")
    add_db_option(parser)
    parser.add_argument("--at", type=at_least(0), metavar="VERSION",
                        help="the state after VERSION beside the state before it, the "
                             "changed fields marked *")
    parser.set_defaults(run=run)


def show_history(reader: Reader, args: argparse.Namespace, replay: Replay | None = None
                 ) -> int:
    """Print the history `args` asks for; a name of no aggregate, or a version it does
    not have, is not found (HistoryNotFound). `replay`: how an event-sourced aggregate's
    states not recorded are replayed."""
    history = read_history(reader, find_stream(reader, args.stream), replay)
    lines = versions_lines(history) if args.at is None else comparison_lines(
        history.comparison(args.at), history.version(args.at))
    print(history.stream)
    for line in lines:
        print(line)
    return EXIT_OK


def versions_lines(history: History) -> list[str]:
    """One line an event under its version; a version that raised none says so."""
    lines = [f"{'version':<8}  {'time (UTC)':<26}  {'position':>8}  {'seq':>4}  event"]
    for version in history.versions:
        number = "?" if version.number is None else str(version.number)
        note = "" if version.state is not None else "  (state not recorded)"
        if not version.events:
            lines.append(f"{number:<8}  {'':<26}  {'':>8}  {'':>4}  (no event){note}")
        for index, event in enumerate(version.events):
            lines.append(f"{number if index == 0 else '':<8}  {utc_time(event.timestamp):<26}"
                         f"  {event.position:>8}  {event.sequence:>4}  {short_type(event.type)}"
                         f"{note if index == 0 else ''}")
    return lines


def comparison_lines(comparison: Comparison, version: Version) -> list[str]:
    """The fields before and after, the changed ones marked `*`."""
    raised = ", ".join(short_type(event.type) for event in version.events) or "no event"
    rows = comparison.rows()
    width = max([len("field"), *(len(path_text(row.path)) for row in rows)])
    column = max([len("before"), len(comparison.before_missing),
                  *(len(row.before.text()) for row in rows)])
    lines = [f"version {comparison.number} ({raised})",
             f"  {'field':<{width}}  {'before':<{column}}  after"]
    if comparison.before_missing or comparison.after_missing:
        lines.append(f"  {'':<{width}}  {comparison.before_missing:<{column}}  "
                     f"{comparison.after_missing}")
    for row in rows:
        mark = CHANGED if row.changed else SAME
        lines.append(f"{mark} {path_text(row.path):<{width}}  {row.before.text():<{column}}"
                     f"  {row.after.text()}".rstrip())
    return lines
