"""A rebuild while another connection writes: new tables, caught up, swapped in at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from domain.bookshelf import AddBook, Bookshelf, PlaceOrder, catalog, open_bookshelf
from domain.core import Projection, StoredEvent
from domain.core.runtime import dispatcher as dispatcher_module
from domain.core.runtime import rebuild as rebuild_module
from domain.core.storage.sqlite.rebuild_tables import SqliteRebuildTables
from domain.core.subscriber import ProjectionStore
from tests.integration.conftest import fill

PAGE = 10


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 10 events, and the last 10 applied under the write lock: many pages."""
    monkeypatch.setattr(dispatcher_module, "CATCH_UP_PAGE", PAGE)
    monkeypatch.setattr(rebuild_module, "CLOSE_ENOUGH", PAGE)


@pytest.fixture
def filled_other(shop: Bookshelf, database_path: Path) -> Iterator[Bookshelf]:
    """A store of 66 events (seven pages), and a second bookshelf opened on it after: another
    connection whose dispatcher is up to date, as a running window's is."""
    fill_many(shop, 6)
    opened = open_bookshelf(database_path)
    yield opened
    opened.close()


def count(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(sql).fetchone()[0])


def events_of(path: Path, name: str) -> int:
    return count(path, f"SELECT count(*) FROM events WHERE type = 'Bookshelf.{name}.v1'")


def leftovers(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_rebuild\\_%' ESCAPE '\\'")]


def fill_many(shop: Bookshelf, rounds: int) -> None:
    for _ in range(rounds):
        ids = fill(shop)
        shop.process(PlaceOrder(customer_name="Cy", items=[{"book_id": ids["dune"],
                                                            "quantity": 3}]))


def test_commits_of_another_connection_between_the_pages_are_all_in_the_rebuilt_tables(
        shop: Bookshelf, filled_other: Bookshelf, database_path: Path, small_pages: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    other = filled_other
    store = shop.session().store
    load_span = store.load_span
    written = 0

    def load_then_let_the_other_write(after: int, through: int, types: Any = None) -> Any:
        # Between two pages of the rebuild (no transaction open), the other one commits.
        nonlocal written
        if store.current_unit is None and written < 8:
            other.process(AddBook(title=f"Meanwhile {written}", author="B", price_amount=2.0))
            other.process(PlaceOrder(customer_name="Di", items=[
                {"book_id": other.process(AddBook(title="X", author="B", price_amount=1.0)),
                 "quantity": 1}]))
            written += 1
        return load_span(after, through, types)

    monkeypatch.setattr(store, "load_span", load_then_let_the_other_write)
    last = shop.rebuild_projections()
    other.process(AddBook(title="After", author="B", price_amount=3.0))  # on the new tables

    assert written == 8  # every one of them landed while the rebuild went on
    assert last == count(database_path, "SELECT max(position) FROM events") - 1
    assert count(database_path, "SELECT count(*) FROM projection_catalog") == events_of(
        database_path, "BookAdded")
    assert count(database_path, "SELECT count(*) FROM projection_orders") == events_of(
        database_path, "OrderPlaced")
    assert set(shop.session().store.positions().values()) == {last + 1}
    report = shop.check()
    assert report.ok, [finding.message for finding in report.problems]
    assert leftovers(database_path) == []


def test_a_rebuild_stopped_half_way_leaves_the_old_tables_and_positions_in_use(
        shop: Bookshelf, database_path: Path, small_pages: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fill_many(shop, 4)
    before_rows = count(database_path, "SELECT count(*) FROM projection_catalog")
    before_positions = shop.session().store.positions()
    applied = 0
    apply = catalog.apply

    def interrupted(store: ProjectionStore, stored: StoredEvent) -> None:
        nonlocal applied
        applied += 1
        if applied == 5:  # of the 8 books: the catalog reads only its BookAdded events
            raise KeyboardInterrupt  # Ctrl+C in the middle of `bookshelf rebuild`
        apply(store, stored)

    monkeypatch.setattr(catalog, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        shop.rebuild_projections()
    monkeypatch.setattr(catalog, "apply", apply)

    assert count(database_path, "SELECT count(*) FROM projection_catalog") == before_rows
    assert shop.session().store.positions() == before_positions
    assert shop.session().store.generations() == {}  # never swapped in
    assert leftovers(database_path) == []  # dropped on the way out
    assert shop.check().ok
    shop.rebuild_projections()
    assert shop.session().store.generations()["projection.catalog"] == 1


def test_what_a_killed_rebuild_left_is_never_read_and_the_next_rebuild_drops_it(
        shop: Bookshelf, database_path: Path, small_pages: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fill_many(shop, 4)
    apply = catalog.apply

    def killed(store: ProjectionStore, stored: StoredEvent) -> None:
        if stored.position > 30:
            raise KeyboardInterrupt
        apply(store, stored)

    # A kill gives the rebuild no chance to drop its tables.
    monkeypatch.setattr(SqliteRebuildTables, "drop", lambda self: None)
    monkeypatch.setattr(catalog, "apply", killed)
    with pytest.raises(KeyboardInterrupt):
        shop.rebuild_projections()
    monkeypatch.setattr(catalog, "apply", apply)
    left = leftovers(database_path)
    assert any(name.startswith("projection_catalog__rebuild_") for name in left)

    fill(shop)  # the old tables are still the ones in use
    assert count(database_path, "SELECT count(*) FROM projection_catalog") == events_of(
        database_path, "BookAdded")
    assert shop.check().ok
    shop.rebuild_projections()
    assert leftovers(database_path) == []
    assert shop.check().ok


class Picky(Projection):
    """Fails on the positions in `fail_at`; refuses to apply any position twice."""

    name = "test.picky"
    tables = ("picky",)

    def __init__(self) -> None:
        self.fail_at: set[int] = set()

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db["picky"].create({"position": int}, pk="position", if_not_exists=True)

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        if stored.position in self.fail_at:
            raise RuntimeError(f"picky about {stored.position}")
        store.execute("INSERT INTO picky (position) VALUES (?)", (stored.position,))


def test_another_connections_dispatcher_follows_the_swap_and_retries_what_it_recorded(
        database_path: Path) -> None:
    picky = Picky()
    writer = open_bookshelf(database_path, subscribers=[picky])
    rebuilder = open_bookshelf(database_path, subscribers=[picky])
    try:
        for number in range(3):
            writer.process(AddBook(title=f"Book {number}", author="A", price_amount=1.0))
        picky.fail_at = {2}
        rebuilder.rebuild_projections()  # swapped in without event 2, which is now a failure
        rebuilder.session().store.execute("UPDATE failures SET next_attempt_at = 1")  # due now
        picky.fail_at = set()

        writer.process(AddBook(title="Book 3", author="A", price_amount=1.0))

        dispatcher = writer.session().dispatcher
        assert dispatcher.positions["test.picky"] == 4
        assert dispatcher.failures.listing() == []  # retried after it noticed the swap
        assert count(database_path, "SELECT count(*) FROM picky") == 4
    finally:
        rebuilder.close()
        writer.close()


def test_a_rebuild_ends_while_others_write_though_one_projection_stopped_at_a_failure(
        shop: Bookshelf, database_path: Path, small_pages: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    picky = Picky()
    rebuilder = open_bookshelf(database_path, subscribers=[picky, catalog])
    for number in range(40):
        shop.process(AddBook(title=f"Book {number}", author="A", price_amount=1.0))
    picky.fail_at = {2}  # it stops there; the catalog goes on
    store = rebuilder.session().store
    load_span = store.load_span
    written = 0

    def load_then_let_the_other_write(after: int, through: int, types: Any = None) -> Any:
        nonlocal written
        if store.current_unit is None and written < 500:  # writes as long as it rebuilds
            shop.process(AddBook(title=f"Meanwhile {written}", author="B", price_amount=2.0))
            written += 1
        return load_span(after, through, types)

    monkeypatch.setattr(store, "load_span", load_then_let_the_other_write)
    try:
        rebuilder.rebuild_projections()
        positions = rebuilder.session().store.positions()
    finally:
        rebuilder.close()

    assert written < 100  # it ended once the catalog caught up, not when the writes did
    assert positions["test.picky"] == 1
    assert positions["projection.catalog"] == count(database_path,
                                                    "SELECT max(position) FROM events")
