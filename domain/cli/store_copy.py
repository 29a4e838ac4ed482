"""`bookshelf copy --from PATH --to PATH` (issue 16, item 5, for SQLite stores): a new store
with the source's events, aggregates, positions and read models as of one moment, taken
while others write, then verified: its events counted against the source's same span, and
`check` run on it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import attrs

from domain.cli.database_argument import database_argument
from domain.core import StorageError
from domain.core.storage import Reader, save_copy

PAGE = 5_000  # events held at once while the source's are counted


def add_copy_parser(commands: Any, run: Callable[[argparse.Namespace], int]) -> None:
    """Add `copy`, run by `run`, to the subcommands (argparse's subparsers action)."""
    parser = commands.add_parser(
        "copy", help="copy a store to a new file, while others write to it; the copy is "
                     "checked")
    parser.add_argument("--from", dest="source", type=database_argument, required=True,
                        metavar="PATH", help="the store to copy")
    parser.add_argument("--to", dest="target", type=database_argument, required=True,
                        metavar="PATH", help="the new store (never an existing file)")
    parser.set_defaults(run=run)


@attrs.frozen
class CopyCounts:
    """What the copy holds, and whether the source holds the same up to its last event."""

    events: int
    last_position: int
    by_type: dict[str, int]
    source_by_type: dict[str, int]

    @property
    def problems(self) -> list[str]:
        found = []
        if self.events != self.last_position:
            found.append(f"the copy has {self.events:,} events up to position "
                         f"{self.last_position:,}: some are missing")
        if self.by_type != self.source_by_type:
            found.append(f"the copy's events by type {self.by_type} differ from the "
                         f"source's up to position {self.last_position:,}: "
                         f"{self.source_by_type}")
        return found


def remove_store(path: Path) -> None:
    """The file and what SQLite keeps beside it."""
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        each.unlink(missing_ok=True)


def copy_store(source: Path, target: Path, open_reader: Callable[[Path], Reader]
               ) -> CopyCounts:
    """Copy `source` to the new file `target` and count both; StorageError, nothing made,
    when `target` exists or either cannot be used."""
    if target.exists():
        raise StorageError(f"{target} exists: copy makes a new store and never replaces one")
    save_copy(str(source), target)
    with closing(open_reader(target)) as copied, closing(open_reader(source)) as original:
        last = copied.last_position()
        by_type = copied.type_counts()
        # The source's same span, a page at a time (a store may hold millions), its later
        # events left out: the log is append-only, so what it held up to `last` is what
        # the copy took, whatever was written since.
        source_by_type: dict[str, int] = {}
        after = 0
        while page := original.events(after=after, before=last + 1, limit=PAGE):
            for record in page:
                source_by_type[record.type] = source_by_type.get(record.type, 0) + 1
            after = page[-1].position
        return CopyCounts(events=sum(by_type.values()), last_position=last,
                          by_type=by_type, source_by_type=source_by_type)
