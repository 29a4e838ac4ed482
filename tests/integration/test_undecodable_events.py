"""One undecodable event does not break the store (issue 9, item 4).

An event of a type no class is registered for, and a BookAdded whose payload has a field
its class does not declare, are appended by raw SQL to a real file: `check` names them,
`events` shows them raw, and rebuilding, opening and processing go on past them. A
projection passes an event of a type it does not handle without decoding it, and stops at
one it handles but cannot decode (issue 10): a failed delivery, listed and retried.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, open_bookshelf
from domain.cli import main
from tests.integration.undecodable import (
    BOOK_ADDED,
    UNKNOWN_TYPE,
    append_raw,
    append_undecodable,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_names_each_undecodable_event_and_exits_1_without_a_traceback(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown, extra = append_undecodable(database_path)

    code, out, err = run(capsys, "check", "--db", str(database_path))

    assert code == 1
    assert "Traceback" not in out + err
    assert ["events", "PROBLEM"] in [line.split()[:2] for line in out.splitlines()]
    assert (f"event {unknown} ({UNKNOWN_TYPE}) cannot be decoded: "
            f"no event class {UNKNOWN_TYPE} is registered") in out
    assert (f"event {extra} ({BOOK_ADDED}) cannot be decoded: "
            "field subtitle is not declared by BookAdded") in out


def test_rebuild_stops_only_the_projection_that_handles_an_undecodable_event(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown, extra = append_undecodable(database_path)

    code, out, err = run(capsys, "rebuild", "--db", str(database_path))

    assert code == 0, err
    assert "Traceback" not in out + err
    assert "from 11 events" in out
    code, out, _ = run(capsys, "failures", "--db", str(database_path))
    assert code == 0
    rows = [row.split() for row in out.splitlines()[1:] if row.split()[0].isdigit()]
    # Only the search index handles the unknown type (it handles every event); only the
    # catalog and the search index handle BookAdded, and the index stopped before it.
    assert [(int(row[0]), row[1]) for row in rows] == [(unknown, "projection.search"),
                                                       (extra, "projection.catalog")]
    assert all("UndecodableEventError" in " ".join(row) for row in rows)
    with closing(sqlite3.connect(database_path)) as connection:
        positions = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    assert positions == {"projection.catalog": extra - 1, "projection.orders": 11,
                         "projection.search": unknown - 1}


def test_open_and_process_go_on_and_the_catalog_waits_at_the_book_it_cannot_decode(
        filled: dict[str, str], database_path: Path) -> None:
    unknown, extra = append_undecodable(database_path)

    shop = open_bookshelf(database_path)
    try:
        book_id = shop.process(AddBook(title="Persuasion", author="Jane Austen",
                                       price_amount=4.0))
    finally:
        shop.close()

    with closing(sqlite3.connect(database_path)) as connection:
        failed = set(connection.execute("SELECT subscriber, position FROM failures"))
        titles = {row[0] for row in connection.execute("SELECT title FROM projection_catalog")}
        positions = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    assert book_id
    assert failed == {("projection.catalog", extra), ("projection.search", unknown)}
    assert "Persuasion" not in titles  # the catalog never applies a later book first
    assert positions["projection.catalog"] == extra - 1
    assert positions["projection.orders"] == extra + 1  # it went past both


def test_events_lists_undecodable_events_raw(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown, extra = append_undecodable(database_path)

    code, out, err = run(capsys, "events", "--db", str(database_path), "--json")

    assert code == 0, err
    records = {record["position"]: record for record in map(json.loads, out.splitlines())}
    assert records[unknown]["type"] == UNKNOWN_TYPE
    assert records[unknown]["payload"] == {"what": "no class takes this"}
    assert records[extra]["type"] == BOOK_ADDED
    assert records[extra]["payload"]["subtitle"] == "Book one"


def test_check_reports_a_payload_field_no_class_declares_instead_of_a_type_error(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    position = append_raw(database_path, BOOK_ADDED, {
        "book_id": filled["dune"], "title": "Dune", "author": "Frank Herbert",
        "price_amount": 9.5, "subtitle": "Book one"}, "bookshelf::elsewhere-1")

    code, out, err = run(capsys, "check", "--db", str(database_path))

    assert code == 1
    assert "Traceback" not in out + err
    assert (f"event {position} ({BOOK_ADDED}) cannot be decoded: "
            "field subtitle is not declared by BookAdded") in out
    assert ["projections", "ok"] in [line.split()[:2] for line in out.splitlines()]


def test_simulate_runs_on_a_store_with_undecodable_events_and_reports_them(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown, _extra = append_undecodable(database_path)

    code, out, err = run(capsys, "simulate", "--db", str(database_path), "--seconds", "0.5",
                         "--speed", "max", "--json")

    summary = json.loads(out)
    assert "Traceback" not in err
    assert summary["commands_accepted"] > 0
    assert code == 1  # its closing check names the undecodable events
    assert any(f"event {unknown} ({UNKNOWN_TYPE}) cannot be decoded" in problem
               for problem in summary["problems"])


def test_an_undecodable_event_is_retried_and_then_parked(
        filled: dict[str, str], database_path: Path) -> None:
    _unknown, extra = append_undecodable(database_path)

    with open_bookshelf(database_path) as shop:
        failures = shop.session().dispatcher.failures
        for _ in range(10):
            due = failures.due(now=float("inf"))
            if not due:
                break
            shop.session().dispatcher._retry(due)
        listing = failures.listing()

    catalog = next(row for row in listing
                   if row["subscriber"] == "projection.catalog" and row["position"] == extra)
    assert catalog["parked"] == 1
    assert catalog["attempts"] == failures.max_attempts
    assert "field subtitle is not declared by BookAdded" in str(catalog["error"])
