"""Exporting the events a filter selects as CSV or JSON Lines, a page at a time, leaving no
partial file (issue 14, item 5)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from domain.core import StorageError
from domain.core.storage.reading import EventFilter
from domain.readside import EventLog
from domain.readside.export import (
    COLUMNS,
    SQLITE_HEADER,
    ExportCancelled,
    ExportFormat,
    ExportProgress,
    export_events,
)
from tests.unit.readside.conftest import Shelf
from tests.unit.readside.memory_reader import MemoryReader, record

AWKWARD = 'Commas, "quotes"\nand a new line — Émile, 東京'


def exported_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_csv_has_the_columns_and_quotes_commas_quotes_and_new_lines(tmp_path: Path) -> None:
    log = EventLog(MemoryReader([record(1, title=AWKWARD), record(2)]))
    target = tmp_path / "events.csv"

    summary = export_events(log, target, ExportFormat.CSV)

    data = target.read_bytes()
    assert summary.written == 2
    assert data.startswith(b"position,time,type,stream,sequence,event_id,correlation_id,"
                           b"causation_id,payload,metadata\r\n")
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte order mark
    assert data.count(b"\r\n") == 3  # the new line inside a field is quoted, not a record end
    rows = exported_csv(target)
    assert list(rows[0]) == list(COLUMNS)
    assert json.loads(rows[0]["payload"]) == {"title": AWKWARD}
    assert rows[0]["position"] == "1"
    assert rows[0]["event_id"] == "event-1"
    assert rows[0]["time"] == "2026-01-02T03:04:05.678000+00:00"
    assert rows[0]["correlation_id"] == ""  # none recorded


def test_csv_writes_non_ascii_as_utf8_not_escaped(tmp_path: Path) -> None:
    log = EventLog(MemoryReader([record(1, title="Émile")]))
    target = tmp_path / "events.csv"

    export_events(log, target, ExportFormat.CSV)

    assert "Émile".encode() in target.read_bytes()


def test_json_lines_holds_one_object_per_event_with_the_same_fields(shelf: Shelf, log: EventLog,
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"

    export_events(log, target, ExportFormat.JSONL)

    lines = target.read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [each["position"] for each in objects] == [row.position for row in shelf.delivered]
    assert list(objects[0]) == list(COLUMNS)
    first = shelf.delivered[0]
    assert objects[0]["payload"] == first.payload
    assert objects[0]["event_id"] == first.metadata["id"]
    assert objects[0]["correlation_id"] == first.metadata["correlation_id"]
    assert objects[0]["sequence"] == 1
    assert "Émile" in target.read_text(encoding="utf-8")


def test_the_filter_selects_what_is_written(shelf: Shelf, log: EventLog, tmp_path: Path
                                            ) -> None:
    target = tmp_path / "orders.jsonl"

    stream = f"bookshelf::order-{shelf.shipped}"

    summary = export_events(log, target, ExportFormat.JSONL, EventFilter(stream=stream))

    objects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    expected = [row.position for row in shelf.delivered if row.stream == stream]
    assert summary.written == len(objects) == len(expected)
    assert [each["position"] for each in objects] == expected
    assert objects[-1]["type"] == "Bookshelf.OrderShipped.v1"


def test_memory_stays_flat_it_never_reads_more_than_a_page(tmp_path: Path) -> None:
    reader = MemoryReader()
    reader.add(25)
    asked: list[int | None] = []
    events = reader.events
    reader.events = lambda *args, **kwargs: (  # type: ignore[method-assign]
        asked.append(kwargs.get("limit")) or events(*args, **kwargs))
    seen: list[ExportProgress] = []

    summary = export_events(EventLog(reader), tmp_path / "all.csv", ExportFormat.CSV,
                            progress=seen.append, page_size=10)

    assert summary.written == 25
    assert asked and all(limit is not None and limit <= 10 for limit in asked)
    assert seen == [ExportProgress(10, 10, 25), ExportProgress(20, 20, 25),
                    ExportProgress(25, 25, 25)]


def test_events_committed_during_the_export_are_left_out(tmp_path: Path) -> None:
    reader = MemoryReader()
    reader.add(10)

    def commit_more(_progress: ExportProgress) -> None:
        reader.add(3)

    summary = export_events(EventLog(reader), tmp_path / "all.csv", ExportFormat.CSV,
                            progress=commit_more, page_size=4)

    assert summary.written == 10


def test_a_cancelled_export_leaves_no_file(tmp_path: Path) -> None:
    reader = MemoryReader()
    reader.add(30)
    pages: list[ExportProgress] = []

    with pytest.raises(ExportCancelled):
        export_events(EventLog(reader), tmp_path / "all.jsonl", ExportFormat.JSONL,
                      progress=pages.append, cancelled=lambda: len(pages) >= 2, page_size=10)

    assert os.listdir(tmp_path) == []


def test_a_cancelled_export_leaves_an_older_file_of_that_name_as_it_was(tmp_path: Path
                                                                       ) -> None:
    target = tmp_path / "all.csv"
    target.write_text("kept")
    reader = MemoryReader()
    reader.add(5)

    with pytest.raises(ExportCancelled):
        export_events(EventLog(reader), target, ExportFormat.CSV, cancelled=lambda: True)

    assert os.listdir(tmp_path) == ["all.csv"]
    assert target.read_text() == "kept"


def test_a_folder_that_does_not_exist_is_refused_before_anything_is_read(tmp_path: Path
                                                                        ) -> None:
    reader = MemoryReader()
    reader.add(3)

    with pytest.raises(StorageError, match="the folder .*missing does not exist"):
        export_events(EventLog(reader), tmp_path / "missing" / "all.csv", ExportFormat.CSV)

    assert reader.queries == 0
    assert not (tmp_path / "missing").exists()


def test_a_folder_as_the_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="it is a folder"):
        export_events(EventLog(MemoryReader()), tmp_path, ExportFormat.CSV)


def test_an_unwritable_folder_says_so_and_leaves_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("domain.readside.export.os.open", refused)

    with pytest.raises(StorageError, match="Permission denied; nothing was written there"):
        export_events(EventLog(MemoryReader([record(1)])), tmp_path / "all.csv",
                      ExportFormat.CSV)

    assert os.listdir(tmp_path) == []


def test_a_failure_while_writing_leaves_no_partial_file(tmp_path: Path) -> None:
    reader = MemoryReader()
    reader.add(5)

    def full_disk(_progress: ExportProgress) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError, match="No space left on device"):
        export_events(EventLog(reader), tmp_path / "all.csv", ExportFormat.CSV,
                      progress=full_disk, page_size=2)

    assert os.listdir(tmp_path) == []


def test_the_format_is_named_by_the_suffix() -> None:
    assert ExportFormat.for_path(Path("a.CSV")) is ExportFormat.CSV
    assert ExportFormat.for_path(Path("a.jsonl")) is ExportFormat.JSONL
    assert ExportFormat.for_path(Path("a.txt")) is None


def test_a_sqlite_database_as_the_target_is_refused_and_left_as_it_was(tmp_path: Path
                                                                      ) -> None:
    database = tmp_path / "store.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE kept (x)")
    connection.commit()
    connection.close()
    before = database.read_bytes()
    reader = MemoryReader()
    reader.add(3)

    with pytest.raises(StorageError, match="it is a SQLite database"):
        export_events(EventLog(reader), database, ExportFormat.CSV)

    assert database.read_bytes() == before
    assert reader.queries == 0
    assert os.listdir(tmp_path) == ["store.db"]


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_journal_beside_a_database_is_refused(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "store.db").write_bytes(SQLITE_HEADER + bytes(100))
    journal = tmp_path / f"store.db{suffix}"
    journal.write_bytes(b"journal")

    with pytest.raises(StorageError, match="it is a SQLite database"):
        export_events(EventLog(MemoryReader([record(1)])), journal, ExportFormat.JSONL)

    assert journal.read_bytes() == b"journal"


def test_a_pipe_as_the_target_is_refused_not_replaced_by_a_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)

    with pytest.raises(StorageError, match="not a regular file"):
        export_events(EventLog(MemoryReader([record(1)])), pipe, ExportFormat.CSV)

    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_an_older_export_of_that_name_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "all.csv"
    target.write_text("an older export")

    export_events(EventLog(MemoryReader([record(1)])), target, ExportFormat.CSV)

    assert [row["position"] for row in exported_csv(target)] == ["1"]


def test_through_a_symbolic_link_the_file_it_names_is_replaced_and_the_link_stays(
        tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    real = tmp_path / "exports" / "all.csv"
    real.write_text("an older export")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)

    summary = export_events(EventLog(MemoryReader([record(1)])), link, ExportFormat.CSV)

    assert summary.target == link
    assert link.is_symlink()
    assert [row["position"] for row in exported_csv(real)] == ["1"]
    assert sorted(os.listdir(tmp_path / "exports")) == ["all.csv"]


def test_a_database_named_like_a_journal_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "shop-journal"
    database.write_bytes(SQLITE_HEADER + bytes(100))

    with pytest.raises(StorageError, match="it is a SQLite database"):
        export_events(EventLog(MemoryReader([record(1)])), database, ExportFormat.CSV)

    assert database.read_bytes() == SQLITE_HEADER + bytes(100)


def test_a_symbolic_link_to_a_database_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "shop.db"
    database.write_bytes(SQLITE_HEADER + bytes(100))
    link = tmp_path / "all.csv"
    link.symlink_to(database)

    with pytest.raises(StorageError, match="it is a SQLite database"):
        export_events(EventLog(MemoryReader([record(1)])), link, ExportFormat.CSV)

    assert link.is_symlink() and database.read_bytes() == SQLITE_HEADER + bytes(100)


def test_a_dangling_link_makes_the_file_it_names_and_stays(tmp_path: Path) -> None:
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "made.csv")

    export_events(EventLog(MemoryReader([record(1)])), link, ExportFormat.CSV)

    assert link.is_symlink()
    assert [row["position"] for row in exported_csv(tmp_path / "made.csv")] == ["1"]


def test_a_link_to_itself_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)

    with pytest.raises(StorageError, match="symbolic links; nothing was written there"):
        export_events(EventLog(MemoryReader([record(1)])), loop, ExportFormat.CSV)

    assert loop.is_symlink()
    assert os.listdir(tmp_path) == ["loop.csv"]
