"""`bookshelf copy --from PATH_OR_URL --to PATH_OR_URL` (issue 16, item 5): a new store with
the source's events, aggregates, positions and read models as of one moment, taken while
others write, then verified: its events counted against the source's same span, and
`check` run on it. File to file, SQLite's backup copies the file; any other pair is copied
table by table (storage/copying.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from domain.cli.database_argument import Database, database_argument
from domain.core.storage import Reader, is_server, save_copy
from domain.core.storage.copying import CopyCounts
from domain.core.storage.port import EventResolver, Schema
from domain.core.storage.sqlite.copying import refuse_existing
from domain.core.storage.store_copy import copy_store as copy_between
from domain.core.storage.store_copy import remove_copy

PAGE = 5_000  # events held at once while the source's are counted

__all__ = ["CopyCounts", "add_copy_parser", "copy_store", "remove_store"]


def add_copy_parser(commands: Any, run: Callable[[argparse.Namespace], int]) -> None:
    """Add `copy`, run by `run`, to the subcommands (argparse's subparsers action)."""
    parser = commands.add_parser(
        "copy", help="copy a store to a new file or an empty PostgreSQL database, while "
                     "others write to it; the copy is checked")
    parser.add_argument("--from", dest="source", type=database_argument, required=True,
                        metavar="PATH_OR_URL", help="the store to copy")
    parser.add_argument("--to", dest="target", type=database_argument, required=True,
                        metavar="PATH_OR_URL",
                        help="the new store (never an existing file, nor a database whose "
                             "tables hold rows)")
    parser.set_defaults(run=run)


def remove_store(target: Database) -> None:
    """Undo a copy: the file and what SQLite keeps beside it, or the database emptied."""
    remove_copy(str(target))


def copy_store(source: Database, target: Database, open_reader: Callable[[str], Reader],
               schema: Schema, resolve_event: EventResolver) -> CopyCounts:
    """Copy `source` to the new store `target` and count both; StorageError, nothing made,
    when `target` holds a store or either cannot be used."""
    if is_server(str(source)) or is_server(str(target)):
        return copy_between(str(source), str(target), schema, resolve_event)
    refuse_existing(Path(target))  # a file: neither is a server
    save_copy(str(source), target)
    with closing(open_reader(str(target))) as copied, \
            closing(open_reader(str(source))) as original:
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
