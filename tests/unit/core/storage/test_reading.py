"""What a reader answers, the same from either backend: the behaviour of the SQLite reader's
own tests, and every question asked of one store's SQLite file and its PostgreSQL copy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import (
    AddBook,
    Bookshelf,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)
from domain.bookshelf.order import Order
from domain.core import DomainRuleError, StorageError
from domain.core.storage.reading import EventFilter, Reader
from domain.core.storage.row_query import RowQuery, SortKey
from domain.readside import EventLog
from domain.readside.export import ExportFormat, export_events
from tests.unit.core.storage.backends import BACKENDS, fresh_store, open_reader, reader_of

FILTERS = [
    EventFilter(), EventFilter(type="BookAdded"), EventFilter(type="OrderPlaced"),
    EventFilter(text="zola"), EventFilter(text="ab"), EventFilter(text="café"),
    EventFilter(text="orderitem"), EventFilter(stream="order"), EventFilter(stream="book-"),
    EventFilter(since="2000-01-01T00:00:00+00:00", text="dune"),
    EventFilter(until="2000-01-01T00:00:00+00:00"), EventFilter(type="OrderShipped",
                                                                text="shipped"),
]


def fill(shop: Bookshelf) -> None:
    """Books, orders in every state, a refused command, and a failed delivery on record."""
    books = [shop.process(AddBook(title=title, author="Émile Zola", price_amount=price))
             for title, price in (("Café Society", 5.0), ("Dune", 12.5), ("Die Straße", 7.0),
                                  ("Ulysses", 9.99))]
    orders = []
    for number, book in enumerate(books):
        orders.append(order := shop.process(PlaceOrder(customer_name=f"Customer {number}",
                                        items=[{"book_id": book, "quantity": number + 1}])))
        if number > 0:
            shop.process(ConfirmOrder(order_id=order))
        if number > 1:
            shop.process(ShipOrder(order_id=order))
    with pytest.raises(DomainRuleError):
        shop.process(ShipOrder(order_id=orders[0]))  # a pending order: refused


def record_failure(database_path: Path) -> None:
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.execute(
            "INSERT INTO failures (subscriber, position, event_id, event_type, error,"
            " attempts, first_failed_at, last_failed_at, next_attempt_at, parked) VALUES"
            " ('projection.orders', 4, 'e', 'T', 'boom', 3, '2026-01-01', '2026-01-02',"
            " 0.5, 1)")


@pytest.fixture
def filled(shop: Bookshelf, database_path: Path) -> Path:
    fill(shop)
    record_failure(database_path)
    return database_path


@pytest.fixture(params=BACKENDS)
def live(request: pytest.FixtureRequest, database_path: Path
         ) -> Iterator[tuple[Bookshelf, Reader]]:
    """A filled store on either backend, open for writing, and a reader of it."""
    location = fresh_store(request, request.param, database_path)
    shop = open_bookshelf(location)
    fill(shop)
    opened = reader_of(location)
    yield shop, opened
    opened.close()
    shop.close()


@pytest.fixture
def reader(live: tuple[Bookshelf, Reader]) -> Reader:
    return live[1]


@pytest.fixture
def both(request: pytest.FixtureRequest, filled: Path) -> Iterator[tuple[Reader, Reader]]:
    """The SQLite store and its PostgreSQL copy."""
    sqlite, postgres = (open_reader(request, backend, filled) for backend in BACKENDS)
    yield sqlite, postgres
    sqlite.close()
    postgres.close()


def test_events_lie_strictly_between_after_and_before_in_either_order(reader: Reader):
    def positions(**options) -> list[int]:
        return [record.position for record in reader.events(**options)]

    last = reader.last_position()
    assert positions() == list(range(1, last + 1))
    assert positions(after=1, before=5) == [2, 3, 4]
    assert positions(newest_first=True, limit=2) == [last, last - 1]
    assert positions(after=3, limit=1) == [4]


def test_projection_rows_are_filtered_by_equal_and_greater_values(reader: Reader):
    rows = reader.projection_rows("projection_catalog", order_by="position", above={"position": 2})
    assert [row["title"] for row in rows] == ["Die Straße", "Ulysses"]
    rows = reader.projection_rows("projection_catalog", order_by="position",
                                  equal={"title": "Dune"})
    assert [row["position"] for row in rows] == [2]


def test_projection_rows_sort_text_whatever_its_case_and_numbers_as_numbers(reader: Reader):
    titles = reader.projection_rows("projection_catalog", order_by="title")
    assert [row["title"] for row in titles] == ["Café Society", "Die Straße", "Dune", "Ulysses"]
    totals = reader.projection_rows("projection_orders", order_by="total_cents")
    assert [row["total_cents"] for row in totals] == sorted(row["total_cents"] for row in totals)
    found = reader.projection_rows("projection_catalog", order_by="title",
                                   containing=(["title", "author"], "STRASSE"))
    assert found == []  # casefold is the events' search; a table's filter folds case only
    found = reader.projection_rows("projection_catalog", order_by="title",
                                   containing=(["title"], "straße"), limit=1)
    assert [row["title"] for row in found] == ["Die Straße"]


@pytest.mark.parametrize("name", ["catalog; DROP TABLE events", "\"catalog\"", "1st"])
def test_a_table_or_column_name_that_is_no_identifier_is_refused(reader: Reader, name: str):
    with pytest.raises(ValueError, match="not a table or column name"):
        reader.projection_rows(name, order_by="position")
    with pytest.raises(ValueError, match="not a table or column name"):
        reader.projection_rows("projection_catalog", order_by=name)


def test_a_closed_reader_refuses_to_read_and_closes_again_quietly(reader: Reader):
    reader.close()
    reader.close()
    with pytest.raises(StorageError, match="closed"):
        reader.last_position()


def test_a_commit_by_another_connection_is_noticed_once(live: tuple[Bookshelf, Reader]):
    shop, reader = live
    assert not reader.changed()
    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=3.0))
    assert reader.changed()
    assert not reader.changed()  # until the next commit


def test_the_generation_counts_the_rebuilds_swapped_in(live: tuple[Bookshelf, Reader]):
    shop, reader = live
    assert reader.generation() == 0
    shop.rebuild_projections()
    assert reader.generation() == 3  # the catalog's, the orders' and the search index's
    assert reader.changed()


def test_its_own_reads_are_no_change(reader: Reader):
    reader.last_position()
    reader.events(EventFilter(text="book"))
    reader.projection_rows("projection_catalog", order_by="position")
    reader.commands()
    assert not reader.changed()


@pytest.mark.parametrize("selection", FILTERS, ids=repr)
def test_both_backends_find_and_count_the_same_events(both: tuple[Reader, Reader],
                                                      selection: EventFilter):
    sqlite, postgres = both
    for options in ({}, {"newest_first": True, "limit": 3}, {"after": 2, "before": 9}):
        assert postgres.events(selection, **options) == sqlite.events(selection, **options)
    assert postgres.count_events(selection) == sqlite.count_events(selection)
    assert postgres.count_events(selection, after=3, before=12) == sqlite.count_events(
        selection, after=3, before=12)


def test_both_backends_answer_the_tallies_alike(both: tuple[Reader, Reader]):
    sqlite, postgres = both
    for ask in (lambda r: r.last_position(), lambda r: r.search_position(),
                lambda r: sorted(r.event_types()), lambda r: r.type_counts(),
                lambda r: r.type_counts(after=5), lambda r: r.positions(),
                lambda r: r.failures(), lambda r: r.failure_counts(),
                lambda r: r.slow_deliveries(), lambda r: r.generation(),
                lambda r: r.stops(["projection.orders", "projection.catalog"])):
        assert ask(postgres) == ask(sqlite)


def test_both_backends_give_the_same_commands(both: tuple[Reader, Reader]):
    sqlite, postgres = both
    commands = sqlite.commands(limit=None)
    assert len(commands) == 14
    refused = next(each for each in commands if each.outcome != "accepted")
    as_values = [_command_values(each) for each in commands]
    assert [_command_values(each) for each in postgres.commands(limit=None)] == as_values
    assert [_command_values(each) for each in postgres.commands(limit=3)] == as_values[:3]
    for message_id in (commands[0].id, commands[0].correlation_id, refused.id):
        assert [_command_values(each) for each in postgres.commands_about(message_id)] == [
            _command_values(each) for each in sqlite.commands_about(message_id)] != []
    found = postgres.command(refused.id)
    assert found is not None and _command_values(found) == _command_values(refused)


def _command_values(record) -> tuple[object, ...]:
    # jsonb keeps its own key order: a command's payload is compared as values.
    import json

    return (*record[:4], json.loads(record.payload), *record[5:9],
            None if record.errors is None else json.loads(record.errors))


def test_both_backends_give_the_same_rows_and_states(both: tuple[Reader, Reader]):
    import json

    sqlite, postgres = both
    order = sqlite.projection_rows("projection_orders", order_by="position")[-1]
    assert postgres.aggregate_row("Order", order["order_id"]) == sqlite.aggregate_row(
        "Order", order["order_id"]) is not None
    assert postgres.aggregate_row("Order", "no-such-order") is None
    stream = next(each.stream for each in sqlite.events() if each.stream.endswith(
        order["order_id"]))
    states = sqlite.states(stream)
    assert len(states) == 3
    assert [(*each[:2], json.loads(each.state), each.raised_events)
            for each in postgres.states(stream)] == [
        (*each[:2], json.loads(each.state), each.raised_events) for each in states]
    by_total = RowQuery("projection_orders", "order_id", SortKey("total_cents"), True,
                        ("customer_name",), "customer")
    assert postgres.rows_at(by_total, 1, 2) == sqlite.rows_at(by_total, 1, 2)
    assert postgres.count_rows(by_total) == sqlite.count_rows(by_total) == 4
    assert postgres.row_index(by_total, order["order_id"]) == sqlite.row_index(
        by_total, order["order_id"])
    assert Order  # the aggregate whose row is read


@pytest.mark.parametrize("form", list(ExportFormat))
def test_export_writes_the_same_bytes_from_either_backend(both: tuple[Reader, Reader],
                                                          tmp_path: Path, form: ExportFormat):
    sqlite, postgres = both
    for selection in (EventFilter(), EventFilter(text="zola")):
        written = []
        for name, reader in (("sqlite", sqlite), ("postgresql", postgres)):
            target = tmp_path / f"{name}.{form.value}"
            export_events(EventLog(reader), target, form, selection)
            written.append(target.read_bytes())
        assert written[0] == written[1]
        assert written[0].count(b"\n") >= 4
