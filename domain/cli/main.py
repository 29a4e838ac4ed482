"""`bookshelf events | export | commands | trace | history | check | rebuild | failures |
demo | simulate`: the store from a terminal.

No Qt is imported on these paths; the domain never imports PySide6 or the desktop.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from domain.bookshelf import Bookshelf, bookshelf, open_bookshelf
from domain.cli.commands_listing import add_commands_parser, list_commands
from domain.cli.database_argument import Database, database_argument
from domain.cli.history_listing import add_history_parser, show_history
from domain.cli.settings import default_database_path
from domain.cli.store_copy import add_copy_parser, copy_store, remove_store
from domain.cli.trace_listing import add_trace_parser, print_trace
from domain.cli.versions import version_text
from domain.core import BookshelfError, StorageError
from domain.core.runtime.integrity import IntegrityReport
from domain.core.storage import Reader, open_snapshot, refuse_read_only_location
from domain.core.storage.location import shown
from domain.readside import (
    EventFilter,
    EventLog,
    EventRow,
    EventTable,
    ExportFormat,
    ProjectionQueries,
    SlowDelivery,
    utc_time,
)
from domain.readside.export import export_events, refuse_bad_target
from domain.readside.replay import replay_with

FOLLOW_INTERVAL_S = 0.5
ERROR_WIDTH = 60
EXIT_OK, EXIT_PROBLEMS, EXIT_STORAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a program Ctrl+C ended


# -- opening the file ------------------------------------------------------------------


def _must_exist(db: Database) -> None:
    """Before a command that writes: refuse a read-only location, then a missing file
    (creating a database nobody asked for would surprise); on a server, a database that
    holds no store (its snapshot says so)."""
    if isinstance(db, str):
        open_snapshot(db).close()
        return
    refuse_read_only_location(db)
    if not db.exists():
        raise StorageError(f"there is no bookshelf database at {db}")


@contextmanager
def reading(path: Database) -> Iterator[Reader]:
    """A reader of the event log and the projections. A read-only database is read as it
    is, nothing created beside it; when its newest commits cannot be read, it says so."""
    with Bookshelf(path) as opened:
        reader = opened.open_reader()
        if reader.unread_commits:
            print(f"bookshelf: warning: {reader.unread_commits}", file=sys.stderr)
        yield reader


def check_store(path: Database) -> IntegrityReport:
    """What `check` finds, from one snapshot of the store (its last position included)."""
    return Bookshelf(path).check()


# -- subcommands ---------------------------------------------------------------------------


def _selection(args: argparse.Namespace) -> EventFilter:
    return EventFilter(type=args.type, stream=args.stream, text=args.text or "",
                       since=args.since, until=args.until)


def run_events(args: argparse.Namespace) -> int:
    selection = _selection(args)
    with reading(args.db) as reader:
        log = EventLog(reader)
        table = EventTable.for_log(log)
        scope = log.scope(selection)
        if scope.note is not None:  # on stderr: the lines on stdout stay events only
            print(scope.note, file=sys.stderr)
        rows = log.page_after(args.after, args.limit, selection, scope)
        if not args.json:
            print(table.header())
        show: Callable[[EventRow], str] = EventRow.json_line if args.json else table.line
        for row in rows:
            print(show(row))
        if not args.follow:
            return EXIT_OK
        last = rows[-1].position if rows else max(args.after, log.last_position())
        try:
            while True:
                sys.stdout.flush()
                time.sleep(FOLLOW_INTERVAL_S)
                for row in log.page_after(last, None, selection, scope):
                    print(show(row))
                    last = row.position
        except KeyboardInterrupt:
            return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    refuse_bad_target(args.output)  # before the database is opened
    with reading(args.db) as reader:
        try:
            summary = export_events(EventLog(reader), args.output,
                                    ExportFormat(args.format), _selection(args))
        except KeyboardInterrupt:  # Ctrl+C: export_events has removed what it wrote
            print(f"Export cancelled: nothing was written to {args.output}.",
                  file=sys.stderr)
            return EXIT_INTERRUPTED
    if summary.note is not None:
        print(summary.note, file=sys.stderr)
    print(f"Exported {summary.written:,} events to {summary.target}.", file=sys.stderr)
    return EXIT_OK


def run_commands(args: argparse.Namespace) -> int:
    with reading(args.db) as reader:
        return list_commands(reader, args)


def run_history(args: argparse.Namespace) -> int:
    with reading(args.db) as reader:
        return show_history(reader, args, replay_with(bookshelf.registry))


def run_trace(args: argparse.Namespace) -> int:
    with reading(args.db) as reader:
        return print_trace(reader, args)


def run_copy(args: argparse.Namespace) -> int:
    # Read only: a read-only source is copied as it is.
    if isinstance(args.source, Path) and not args.source.exists():
        raise StorageError(f"there is no bookshelf database at {args.source}")
    source, target = shown(args.source), shown(args.target)
    runtime = Bookshelf(args.target).runtime  # names the tables a store of ours has
    counts = copy_store(args.source, args.target,
                        lambda path: Bookshelf(path, subscribers=()).open_reader(),
                        runtime.schema, runtime.registry.event_class)
    print(f"Copied {source} to {target}: {counts.events:,} events, up to "
          f"position {counts.last_position:,}")
    for problem in counts.problems:
        print(f"  ! {problem}")
    # The copy is a new store of ours: brought to this version's schema, and its
    # projections delivered, before it is checked (a source of an older version stays as
    # it was).
    open_bookshelf(args.target).close()
    report = check_store(args.target)
    print(f"Checked {target} ({report.last_position} events)")
    print_report(report)
    if report.ok and not counts.problems:
        return EXIT_OK
    remove_store(args.target)
    print(f"The copy did not verify and was removed, so that copy can run again; run "
          f"`bookshelf check --db {source}`: the source may hold the same problems.")
    return EXIT_PROBLEMS


def run_check(args: argparse.Namespace) -> int:
    report = check_store(args.db)
    print(f"Checked {shown(args.db)} ({report.last_position} events)")
    print_report(report)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def print_report(report: IntegrityReport, out: Callable[[str], Any] = print) -> None:
    for check in report.checks:
        problems = [each for each in report.problems if each.check == check]
        out(f"  {check:<12} {'PROBLEM' if problems else 'ok'}")
        for finding in report.findings:
            if finding.check == check:
                out(f"    {'!' if finding.problem else '-'} {finding.message}")
    if report.ok:
        out("The store is whole.")
    else:
        out(f"{len(report.problems)} problem(s) found.")


def run_rebuild(args: argparse.Namespace) -> int:
    _must_exist(args.db)
    Bookshelf(args.db).verify()  # a damaged file is refused before anything is written
    with open_bookshelf(args.db, durability=args.durability) as opened:
        last = opened.rebuild_projections()
        names = [each.name for each in opened.runtime.subscribers() if each.stateful]
    print(f"Rebuilt {', '.join(names) or 'no projections'} from {last} events.")
    return EXIT_OK


def run_failures(args: argparse.Namespace) -> int:
    if args.retry or args.skip:
        _must_exist(args.db)
        Bookshelf(args.db).verify()  # a damaged file is refused before anything is written
        with open_bookshelf(args.db, durability=args.durability) as opened:
            if args.retry:
                unparked, delivered, failing = opened.retry_failures()
                print(f"Unparked {unparked}; retried: {delivered} delivered, "
                      f"{failing} still failing.")
            else:
                print(skip_failure(opened, *args.skip))
    projections = _projection_names(args.db)
    with reading(args.db) as reader:
        failures = reader.failures()
        stops = ProjectionQueries(reader).stops(projections)
        slow = reader.slow_deliveries()
    print_failures(failures)
    for stop in stops:
        print(f"{stop.sentence}\n  {stop.remedy}.")
    print_slow_deliveries(slow)
    return EXIT_OK


def print_slow_deliveries(slow: list[dict[str, Any]]) -> None:
    """The deliveries that ran past the slow-handler threshold, those still running first."""
    if not slow:
        return
    deliveries = [SlowDelivery.from_row(each) for each in slow]
    width = max(len("subscriber"), *(len(each.subscriber) for each in deliveries))
    print(f"\nSlow deliveries (times in UTC):\n{'position':>8}  {'subscriber':<{width}}  "
          f"{'seconds':>8}  {'state':<11}  {'started':<19}  event")
    states = [each.state() for each in deliveries]
    for each, state in zip(deliveries, states, strict=True):
        print(f"{each.position:>8}  {each.subscriber:<{width}}  {each.seconds:>8.1f}  "
              f"{state:<11}  {each.started_at[:19].replace('T', ' '):<19}  {each.event_type}")
    if "interrupted" in states:
        print("interrupted: its program stopped before it finished; it is delivered again "
              "at the next start")
    if "unknown" in states:
        print("unknown: still running when its program last reported, which it no longer "
              "does (that program may have ended)")


def skip_failure(opened: Bookshelf, subscriber: str, position: int) -> str:
    """Skip one failed delivery; what happened, in a sentence."""
    if not opened.skip_failure(subscriber, position):
        raise BookshelfError(f"no failed delivery of event {position} to {subscriber} waits "
                             "to be skipped (see `bookshelf failures`)")
    if not any(each.stateful and each.name == subscriber
               for each in opened.runtime.subscribers()):
        return f"Skipped event {position} for {subscriber}: it is not retried again."
    store = opened.session().store
    at, last = store.position(subscriber), store.last_position()
    return f"Skipped event {position} for {subscriber}: it went on to event {at} of {last}."


def _projection_names(path: Database) -> list[str]:
    """The projections of the bookshelf (nothing is opened to name them)."""
    return [each.name for each in Bookshelf(path).runtime.subscribers() if each.stateful]


def print_failures(failures: list[dict[str, Any]]) -> None:
    if not failures:
        print("No failed deliveries.")
        return
    width = max(len("subscriber"), *(len(each["subscriber"]) for each in failures))
    print(f"{'position':>8}  {'subscriber':<{width}}  {'attempts':>8}  {'state':<8}  "
          f"{'last failed':<19}  {'skipped':<19}  error")
    for each in failures:
        error = each["error"].splitlines()[-1] if each["error"] else ""
        if len(error) > ERROR_WIDTH:
            error = error[:ERROR_WIDTH - 1] + "…"
        # An older file read as it is has no column skipped_at: nothing was skipped.
        skipped = each.get("skipped_at")
        state = "skipped" if skipped else "parked" if each["parked"] else "retrying"
        print(f"{each['position']:>8}  {each['subscriber']:<{width}}  {each['attempts']:>8}  "
              f"{state:<8}  {utc_time(each['last_failed_at']):<19}  "
              f"{utc_time(skipped) if skipped else '':<19}  {error}")


def run_demo(args: argparse.Namespace) -> int:
    from domain.cli.demo import run_chapter_flow

    with tempfile.TemporaryDirectory(prefix="bookshelf-demo-") as folder:
        path = Path(folder) / "demo.db"
        print(f"A throwaway database: {path}")
        with open_bookshelf(path) as opened:
            run_chapter_flow(opened)
        print("\nThe events it stored:")
        with reading(path) as reader:
            log = EventLog(reader)
            table = EventTable.for_log(log)
            print(table.header())
            for row in log.page_after(0, None):
                print(table.line(row))
        print("\nThe store checks itself:")
        print_report(check_store(path))
    return EXIT_OK


def run_simulate(args: argparse.Namespace) -> int:
    # Imported here: without the simulation package the rest of the CLI still works.
    try:
        simulation = importlib.import_module("domain.cli.simulate")
    except ImportError as error:
        print(f"bookshelf simulate is not available: {error}", file=sys.stderr)
        return EXIT_STORAGE
    parser = argparse.ArgumentParser(prog="bookshelf simulate",
                                     description="Run simulated people against the domain.")
    simulation.add_arguments(parser)  # --db among them
    options = parser.parse_args(args.rest)
    if options.db is None:
        options.db = default_database_path()
    return simulation.run(options)


# -- the parser ------------------------------------------------------------------------------


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=database_argument, default=None, metavar="PATH_OR_URL",
                        help="the database file, or a PostgreSQL address "
                             "postgresql://USER@HOST:PORT/DATABASE (default: bookshelf.db "
                             "in the user data folder)")


def add_durability_option(parser: argparse.ArgumentParser) -> None:
    """`--durability normal|full`, for every command that writes (and the window)."""
    parser.add_argument(
        "--durability", choices=("normal", "full"), default="normal",
        help="normal (the default): a commit survives a crash of the program, but power "
             "loss may undo the last ones; full: every commit is synced to disk (slower)")


def _at_least(lowest: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than `lowest`."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if number < lowest:
            raise argparse.ArgumentTypeError(f"must be at least {lowest}, not {number}")
        return number

    return parse


class SkipOption(argparse.Action):
    """`--skip SUBSCRIBER POSITION`: POSITION a whole number from 1."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        subscriber, text = values
        try:
            position = _at_least(1)(text)
        except argparse.ArgumentTypeError as error:
            parser.error(f"argument --skip: POSITION {error}")
        setattr(namespace, self.dest, (subscriber, position))


MOMENT_FORMS = ("use ISO 8601: 2026-12-01, 2026-12-01T14:30, 2026-12-01T14:30:00+02:00 or "
                "2026-12-01T12:30Z (without an offset it is local time)")


def _moment(text: str) -> str:
    """An ISO 8601 date or date and time, as EventFilter's `since` and `until` take it."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time; {MOMENT_FORMS}") from None
    try:
        if when.tzinfo is None:
            _exists_once_locally(text, when)
        return EventFilter.moment(when)
    except (ValueError, OverflowError):  # in UTC, before year 1 or after 9999
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: a moment between the years 1 and 9999 in UTC"
            ) from None


def _exists_once_locally(text: str, when: datetime) -> None:
    """Refuse a local time a clock change skips or repeats: it names no single moment."""
    earlier, later = when.replace(fold=0).astimezone(), when.replace(fold=1).astimezone()
    if earlier.utcoffset() == later.utcoffset():
        return
    if earlier.replace(tzinfo=None) != when:  # a moment that exists shows as typed
        raise argparse.ArgumentTypeError(
            f"{text!r} does not exist in local time (a clock change skips it); give an "
            f"offset, like {later.isoformat(timespec='minutes')}")
    raise argparse.ArgumentTypeError(
        f"{text!r} happens twice in local time (a clock change); give an offset: "
        f"{earlier.isoformat(timespec='minutes')} or {later.isoformat(timespec='minutes')}")


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters of `events` and `export`: --type, --stream, --text, --since, --until."""
    parser.add_argument("--type", help="only this event type (BookAdded or its full name)")
    parser.add_argument("--stream", help="only this stream (full, or order-1a2b3c4d as shown)")
    parser.add_argument("--text", help="only events whose type name or payload values contain "
                                       "TEXT, whatever its case and accents; a uuid is looked "
                                       "up as an event, correlation, causation or aggregate id")
    parser.add_argument("--since", type=_moment, metavar="WHEN",
                        help="only events at or after WHEN: ISO 8601 (2026-12-01, "
                             "2026-12-01T14:30, or with an offset like +02:00 or Z); "
                             "without an offset, local time, as the window shows times")
    parser.add_argument("--until", type=_moment, metavar="WHEN",
                        help="only events before WHEN (the same forms as --since)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bookshelf", description="Bookshelf Events: the event store from a terminal.",
        epilog="`bookshelf` alone, or `bookshelf --db PATH`, opens the window instead.")
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    events = commands.add_parser("events", help="the stored events in global order")
    _add_db_option(events)
    _add_filter_options(events)
    events.add_argument("--after", type=_at_least(0), default=0, metavar="N",
                        help="positions past N")
    events.add_argument("--limit", type=_at_least(1), default=None, metavar="N",
                        help="at most N events")
    events.add_argument("--json", action="store_true", help="one JSON object per line")
    events.add_argument("--follow", action="store_true", help="keep showing new events (Ctrl-C)")
    events.set_defaults(run=run_events)

    export = commands.add_parser(
        "export", help="write the events (those the filters keep) as JSON Lines or CSV")
    export.add_argument("output", type=Path, metavar="OUTPUT", help="the file to write")
    export.add_argument("--format", choices=[each.value for each in ExportFormat],
                        required=True, help="jsonl: one JSON object a line; csv: RFC 4180")
    _add_db_option(export)
    _add_filter_options(export)
    export.set_defaults(run=run_export)
    add_commands_parser(commands, _add_db_option, _at_least(1), run_commands)
    add_history_parser(commands, _add_db_option, _at_least, run_history)
    add_trace_parser(commands, _add_db_option, run_trace)

    check = commands.add_parser("check", help="check that the store is whole; exit 1 if not")
    _add_db_option(check)
    check.set_defaults(run=run_check)

    add_copy_parser(commands, run_copy)

    rebuild = commands.add_parser("rebuild", help="rebuild the projections from the events")
    _add_db_option(rebuild)
    add_durability_option(rebuild)
    rebuild.set_defaults(run=run_rebuild)

    failures = commands.add_parser(
        "failures", help="failed deliveries, and where projections stopped")
    _add_db_option(failures)
    act = failures.add_mutually_exclusive_group()
    act.add_argument("--retry", action="store_true", help="unpark and retry them now")
    act.add_argument("--skip", nargs=2, action=SkipOption, metavar=("SUBSCRIBER", "POSITION"),
                     help="skip one failed event for good (recorded with when): a "
                          "projection stopped there goes on past it")
    add_durability_option(failures)
    failures.set_defaults(run=run_failures)

    demo = commands.add_parser("demo", help="run the chapter's flow on a throwaway database")
    demo.set_defaults(run=run_demo, db=None)  # never a real file: it has no --db

    # Options of `simulate` belong to domain.cli.simulate, parsed when it runs.
    simulate = commands.add_parser("simulate", help="run simulated customers and staff",
                                   add_help=False, prefix_chars="\0")
    simulate.add_argument("rest", nargs=argparse.REMAINDER)
    simulate.set_defaults(run=run_simulate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; 0 when all is well, 1 when a check finds problems, 2 on a bad file."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "db", "") is None:  # `simulate` and `copy` have their own
        args.db = default_database_path()
    try:
        return args.run(args)
    except BrokenPipeError:
        # Whoever read the output stopped (`bookshelf events | head`): end quietly.
        _quiet_stdout()
        return EXIT_OK
    except StorageError as error:
        print(f"bookshelf: {error}", file=sys.stderr)
        return EXIT_STORAGE
    except BookshelfError as error:
        print(f"bookshelf: {error}", file=sys.stderr)
        return EXIT_PROBLEMS


def _quiet_stdout() -> None:
    """Point stdout at the null device: flushing it at exit would raise once more."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass  # not a real file (captured): nothing is flushed to a pipe at exit


if __name__ == "__main__":
    sys.exit(main())
