"""`bookshelf simulate`: run the simulated people for a while, print a summary, check invariants."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from typing import Any

from domain.bookshelf import Bookshelf
from domain.cli.database_argument import database_argument
from domain.cli.progress import ProgressBar
from domain.cli.settings import scratch_database_path
from domain.core.errors import StorageError
from domain.core.storage.location import shown
from domain.simulation.invariants import check_run
from domain.simulation.settings import SimulationSettings, parse_rate, parse_speed
from domain.simulation.simulation import Simulation

EXIT_OK, EXIT_INVARIANT, EXIT_STORAGE = 0, 1, 2
TICK_S = 0.1
# Orders per simulated minute per customer. Far above it, the gap between two orders falls
# below what a float adds to the clock: customers reschedule forever and never order.
MAX_RATE = 600.0


def _rate(text: str) -> float:
    try:
        rate = parse_rate(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if rate > MAX_RATE:
        raise argparse.ArgumentTypeError(
            f"a rate is at most {MAX_RATE:g} orders per simulated minute per customer, "
            f"not {text}")
    return rate


def _speed(text: str) -> float:
    try:
        return parse_speed(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a share is a number between 0 and 1, not {text}"
        ) from None
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"a share is between 0 and 1, not {text}")
    return share


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type: a finite number of `kind` greater than zero."""

    def parse(text: str) -> float:
        try:
            number = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(f"expected a finite number, not {text}")
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
        return number

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `bookshelf simulate`."""
    defaults = SimulationSettings()
    parser.add_argument("--customers", type=_positive(int), default=defaults.customers, metavar="N",
                        help=f"simulated customers (default {defaults.customers})")
    parser.add_argument("--rate", type=_rate, default=defaults.rate, metavar="R",
                        help="orders per simulated minute per customer, or low, medium, high "
                             "(default medium)")
    parser.add_argument("--seconds", type=_positive(float), default=10.0, metavar="S",
                        help="how long to run, in real seconds (default 10)")
    parser.add_argument("--seed", type=int, default=defaults.seed, metavar="X",
                        help="the same seed gives the same run (default 1)")
    parser.add_argument("--speed", type=_speed, default=defaults.speed, metavar="F",
                        help="simulated seconds per real second, or max (default 60)")
    parser.add_argument("--invalid-share", type=_share, default=defaults.invalid_share,
                        metavar="P", help="share of orders sent with invalid input (0.05)")
    parser.add_argument("--db", type=database_argument, default=None, metavar="PATH_OR_URL",
                        help="the database file, or a PostgreSQL address (default: a new "
                             "scratch database in the user cache folder, named by the date "
                             "and time, kept after the run)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument(
        "--durability", choices=("normal", "full"), default="normal",
        help="normal (the default): power loss may undo the last commits; full: every "
             "commit is synced to disk (slower)")


def run(args: argparse.Namespace) -> int:
    """Run the simulation on its own engine; 1 when an invariant failed, 2 on a bad file."""
    if args.db is None:
        # Simulated people never write into the user's own database unless asked to.
        location = str(scratch_database_path())
        print(f"bookshelf simulate: writing to the scratch database {location}", file=sys.stderr)
    else:
        location = str(args.db)
    settings = SimulationSettings(
        seed=args.seed, customers=args.customers, rate=args.rate, speed=args.speed,
        invalid_share=args.invalid_share, track_own_commands=True)
    opened = Bookshelf(location, durability=args.durability)
    try:
        opened.verify()  # a damaged file is refused before anything is written
        engine = opened.start_engine(mailbox_full="block")  # its worker opens the file
    except StorageError as error:
        print(f"bookshelf simulate: {error}", file=sys.stderr)
        return EXIT_STORAGE
    try:
        simulation = Simulation(engine, settings).start()
        interrupted = _run_for(simulation, args.seconds)
        simulation.stop()
        subscribers = [subscriber.name for subscriber in opened.runtime.subscribers()]
        engine.stop()  # delivers and writes every position before the checks read them
        problems = check_run(opened, simulation.stats, simulation.start_position,
                             [*subscribers, "simulation"])
        if simulation.error is not None:
            problems.insert(0, f"the simulation stopped on an error: {simulation.error!r}")
    finally:
        engine.stop()
        opened.close()
    where = shown(location)  # a server's address without its password
    summary = {**_summary(simulation.snapshot(), problems, interrupted), "database": where}
    print(json.dumps(summary) if args.json else _text(summary, where))
    return EXIT_OK if not problems else EXIT_INVARIANT


def _run_for(simulation: Simulation, seconds: float) -> bool:
    """Let `simulation` run for `seconds`; True when Ctrl-C (SIGINT) ended it sooner.

    An interrupted run ends as a timed one does: stopped, summarized and checked.
    """
    bar = ProgressBar(seconds)
    started = time.monotonic()
    try:
        while not simulation.wait_finished(TICK_S):
            done = time.monotonic() - started
            bar.update(min(done, seconds), simulation.stats.snapshot())
            if done >= seconds:
                break
    except KeyboardInterrupt:
        return True
    finally:
        bar.close()
    return False


def _summary(snapshot: dict[str, Any], problems: list[str],
             interrupted: bool = False) -> dict[str, Any]:
    """What the run did, from its last snapshot, and whether its invariants held.

    Counts and throughput cover the whole run; the latency percentiles cover its last
    `latency_samples` answered commands (at most LATENCY_WINDOW, the run's steady end
    rather than its start-up; a shorter run is covered whole).
    """
    keys = ("commands_accepted", "commands_rejected", "events", "orders_by_status",
            "commands_per_s", "latency_ms", "latency_samples", "rejected_by_reason",
            "accepted_by_type", "simulated_seconds", "seconds")
    return {**{key: snapshot[key] for key in keys}, "interrupted": interrupted,
            "invariants_ok": not problems, "problems": problems}


def _text(summary: dict[str, Any], location: str) -> str:
    lines = [
        f"Simulated {summary['simulated_seconds']:.0f} s in {summary['seconds']:.1f} s on "
        f"{location}" + (" (interrupted)" if summary["interrupted"] else ""),
        f"Commands accepted: {summary['commands_accepted']}  rejected: "
        f"{summary['commands_rejected']}  "
        + ", ".join(f"{reason} {count}" for reason, count in
                    summary["rejected_by_reason"].items()),
        "Events: " + ", ".join(f"{name.split('.')[1]} {count}"
                               for name, count in summary["events"].items()),
        "Orders: " + ", ".join(f"{status} {count}"
                               for status, count in summary["orders_by_status"].items()),
        f"Throughput: {summary['commands_per_s']:.0f} commands/s  submit-to-commit latency "
        f"p50 {summary['latency_ms']['p50']:.2f} ms, p99 {summary['latency_ms']['p99']:.2f} ms"
        f" (last {summary['latency_samples']} commands)",
    ]
    if summary["invariants_ok"]:
        lines.append("Invariants: all hold")
    else:
        lines.append("Invariants FAILED:")
        lines.extend(f"  - {problem}" for problem in summary["problems"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bookshelf simulate")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
