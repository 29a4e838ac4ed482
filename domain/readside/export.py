"""The events a filter selects, written to a file as JSON Lines or CSV a page at a time."""

from __future__ import annotations

import csv
import json
import logging
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from domain.core.errors import BookshelfError, StorageError
from domain.core.storage.reading import NO_FILTER, EventFilter
from domain.readside.event_log import EventLog, SearchScope
from domain.readside.event_row import EventRow

log = logging.getLogger(__name__)

# Rows read and written at a time: memory holds one page, whatever the export's size.
EXPORT_PAGE = 1_000
# What every SQLite database file begins with, and the files SQLite keeps beside one.
SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
COLUMNS = ("position", "time", "type", "stream", "sequence", "event_id", "correlation_id",
           "causation_id", "payload", "metadata")


class ExportFormat(Enum):
    """How the events are written: one JSON object a line, or RFC 4180 CSV."""

    JSONL = "jsonl"
    CSV = "csv"

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat | None:
        """The format a file name's suffix names (.jsonl or .csv), or None."""
        return {".jsonl": cls.JSONL, ".csv": cls.CSV}.get(path.suffix.lower())


class ExportCancelled(BookshelfError):
    """The export was cancelled; nothing was written at its target."""


class ExportProgress(NamedTuple):
    """How far an export went: `written` events, up to `position` of `last`."""

    written: int
    position: int
    last: int


class ExportSummary(NamedTuple):
    """What an export wrote, and what its filter did not look at (EventLog.scope), if any."""

    target: Path
    written: int
    note: str | None


def refuse_bad_target(target: Path) -> None:
    """Before an export starts: its folder must exist, and its target must be a place an
    export may replace whole (write beside, then rename) without destroying what is not
    an export. A folder, a device or pipe (which a rename would turn into a plain file),
    and a SQLite database or its journal (the store being read, named where the output
    goes by a slip) are refused, and nothing is written."""
    if not target.parent.is_dir():
        raise StorageError(f"cannot export to {target}: the folder {target.parent} does "
                           "not exist")
    if target.is_dir():
        raise StorageError(f"cannot export to {target}: it is a folder")
    if target.exists() and not target.is_file():
        raise StorageError(f"cannot export to {target}: it is not a regular file (a "
                           "device, pipe or socket); nothing was written there")
    if _is_database(target):
        raise StorageError(f"cannot export to {target}: it is a SQLite database, which an "
                           "export would replace; nothing was written there (choose a "
                           "new name)")


def _is_database(path: Path) -> bool:
    """A SQLite database by its header, or the journal of one beside it."""
    return _has_database_header(path) or any(
        _has_database_header(path.with_name(path.name.removesuffix(suffix)))
        for suffix in JOURNAL_SUFFIXES if path.name.endswith(suffix))


def _has_database_header(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False  # absent or unreadable: no database of ours to protect


def export_events(log: EventLog, target: Path, form: ExportFormat,
                  selection: EventFilter = NO_FILTER,
                  progress: Callable[[ExportProgress], None] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  page_size: int = EXPORT_PAGE) -> ExportSummary:
    """Write the events of `log` that pass `selection` (as `bookshelf events` finds them),
    up to the newest one when it starts, to `target` in `form`.

    It writes beside the target and renames at the end: cancelled (`cancelled()` is asked
    between pages, and ExportCancelled raised) or failed (StorageError), it leaves no file.
    """
    replaced = _link_target(target)
    refuse_bad_target(replaced)
    last = log.last_position()
    scope = _up_to(log.scope(selection), last)
    partial = replaced.with_name(f".{replaced.name}.{secrets.token_hex(4)}.partial")
    try:
        # Created as any new file is (the umask applies), not 0600 as mkstemp makes it.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            written = _write_pages(log, out, form, selection, scope, last, progress,
                                   cancelled, page_size)
            out.flush()
            os.fsync(out.fileno())  # the rename must not show a file whose data is lost
        os.replace(partial, replaced)
    except OSError as error:
        _remove(partial)
        raise StorageError(f"cannot export to {target}: {error.strerror or error}; nothing "
                           "was written there") from error
    except BaseException:
        _remove(partial)
        raise
    return ExportSummary(target, written, scope.note)


def _link_target(target: Path) -> Path:
    """The file an export to `target` replaces: through a symbolic link, the file it
    names (the link stays); a link that never ends in a file (a loop) is refused."""
    if not target.is_symlink():
        return target
    try:
        return Path(os.path.realpath(target, strict=True))
    except FileNotFoundError:  # a dangling link: the file it names is made
        return Path(os.path.realpath(target))
    except OSError as error:  # a loop of links
        raise StorageError(f"cannot export to {target}: {error.strerror or error}; nothing "
                           "was written there") from error


def _write_pages(log: EventLog, out: TextIO, form: ExportFormat, selection: EventFilter,
                 scope: SearchScope, last: int,
                 progress: Callable[[ExportProgress], None] | None,
                 cancelled: Callable[[], bool] | None, page_size: int) -> int:
    write = _csv_writer(out) if form is ExportFormat.CSV else _jsonl_writer(out)
    written, after = 0, 0
    while True:
        if cancelled is not None and cancelled():
            raise ExportCancelled("the export was cancelled; nothing was written")
        rows = log.page_after(after, page_size, selection, scope)
        for row in rows:
            write(row)
        written += len(rows)
        after = rows[-1].position if rows else last
        if progress is not None:
            progress(ExportProgress(written, after, last))
        if len(rows) < page_size:
            return written


def _up_to(scope: SearchScope, last: int) -> SearchScope:
    """`scope` without the events committed after `last`: an export ends where it began."""
    ranges = tuple(clipped for each in scope.ranges
                   if (clipped := each.clip_before(last + 1)) is not None)
    return SearchScope(ranges, scope.note)


def fields(row: EventRow) -> dict[str, Any]:
    """The exported fields of one event, in column order."""
    metadata = row.metadata
    return {
        "position": row.position,
        "time": datetime.fromisoformat(row.timestamp).astimezone(UTC).isoformat(),
        "type": row.type,
        "stream": row.stream,
        "sequence": metadata.get("sequence"),
        "event_id": metadata.get("id"),
        "correlation_id": metadata.get("correlation_id"),
        "causation_id": metadata.get("causation_id"),
        "payload": row.payload,
        "metadata": metadata,
    }


def _jsonl_writer(out: TextIO) -> Callable[[EventRow], None]:
    def write(row: EventRow) -> None:
        out.write(json.dumps(fields(row), ensure_ascii=False) + "\n")

    return write


def _csv_writer(out: TextIO) -> Callable[[EventRow], None]:
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: CRLF, quotes doubled
    writer.writerow(COLUMNS)

    def write(row: EventRow) -> None:
        values = fields(row)
        writer.writerow([
            *("" if values[name] is None else values[name] for name in COLUMNS[:-2]),
            json.dumps(values["payload"], ensure_ascii=False),
            json.dumps(values["metadata"], ensure_ascii=False)])

    return write


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass  # it was never made (the folder could not be written)
    except OSError as error:  # the error that brought us here is the one said
        log.warning("cannot remove the partial export %s: %s", path, error)
