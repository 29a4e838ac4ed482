"""Profiles every thread of a benchmark (worker, delivery lanes, submitter) with yappi."""

from __future__ import annotations

import sys
from typing import Any


def start() -> Any:
    """yappi, started with CPU time: `pip install yappi` first (not a project dependency)."""
    import yappi  # type: ignore[import-not-found]

    yappi.set_clock_type("cpu")
    yappi.start()
    return yappi


def stop_and_print(yappi: Any, top: int = 40) -> None:
    """The functions by their own time, then the threads by theirs, on stderr."""
    yappi.stop()
    stats = yappi.get_func_stats()
    stats.sort("tsub")
    stats.print_all(out=sys.stderr, columns={
        0: ("name", 80), 1: ("ncall", 12), 2: ("tsub", 8), 3: ("ttot", 8)})
    yappi.get_thread_stats().print_all(out=sys.stderr)
    yappi.clear_stats()
