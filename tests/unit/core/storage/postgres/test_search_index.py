"""The search index on PostgreSQL: the tables SQLite's holds, its folded text under a pg_trgm
GIN index that a search walks, and a search that still answers where pg_trgm may not be
created. (What a search finds, on both backends: tests/unit/core/storage/test_search_index.py.)"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.bookshelf import AddBook, Bookshelf, PlaceOrder, bookshelf  # noqa: E402
from domain.core.storage.decoding import rebuild  # noqa: E402
from domain.core.storage.postgres import schema  # noqa: E402
from domain.core.storage.postgres.reader import PostgresReader  # noqa: E402
from domain.core.storage.postgres.search_index import TRIGRAM_INDEX  # noqa: E402
from domain.core.storage.reading import EventFilter  # noqa: E402
from domain.core.storage.search_index import SearchIndex  # noqa: E402
from domain.core.storage.sqlite.search_index import COMMAND_TABLES  # noqa: E402
from tests.unit.core.storage.backends import QuestionMarks, mirror  # noqa: E402

TITLES = ("Café Society", "Dune", "Die Straße", "Émile's Notebook")


@pytest.fixture
def filled(shop: Bookshelf, database_path: Path) -> Path:
    books = [shop.process(AddBook(title=title, author="Émile Zola", price_amount=5.0))
             for title in TITLES]
    shop.process(PlaceOrder(customer_name="Ann", items=[{"book_id": books[1], "quantity": 2}]))
    return database_path


def contents(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return sorted(tuple(row) for row in rows)


def test_the_index_holds_what_sqlite_s_holds_and_a_reset_and_rebuild_make_it_again(
        filled: Path, postgres_url: str):
    mirror(filled, postgres_url)
    tables = (*SearchIndex.tables, *COMMAND_TABLES)
    with closing(sqlite3.connect(filled)) as lite, psycopg.connect(postgres_url) as pg:
        expected = {name: contents(lite.execute(f"SELECT * FROM {name}").fetchall())
                    for name in tables}
        assert {name: contents(pg.execute(f"SELECT * FROM {name}").fetchall())
                for name in tables} == expected
        index, handle = SearchIndex(), QuestionMarks(pg)
        index.reset(handle)
        assert pg.execute("SELECT count(*) FROM search_text").fetchone() == (0,)
        index.receive(handle, [rebuild(bookshelf.registry.event_class, *row) for row in pg.execute(
            "SELECT position, type, payload::text, metadata::text FROM events ORDER BY position")])
        assert {name: contents(pg.execute(f"SELECT * FROM {name}").fetchall())
                for name in tables} == expected


def test_a_text_search_walks_the_trigram_index(filled: Path, postgres_url: str,
                                               monkeypatch: pytest.MonkeyPatch):
    mirror(filled, postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as pg:
        # Many indexed texts, which the words looked for are not in: on a few rows the
        # planner reads them all, rightly.
        pg.execute("INSERT INTO search_text (position, type_id, text) SELECT n, 1,"
                   " 'filler text ' || n FROM generate_series(100, 20000) AS n")
        pg.execute("UPDATE checkpoints SET position = 20000 WHERE subscriber = %s",
                   (SearchIndex.name,))
        # As autovacuum would: the GIN index's pending entries merged, statistics taken.
        pg.execute("VACUUM ANALYZE search_text")
    reader = PostgresReader(postgres_url, bookshelf.registry.event_class)
    asked: list[tuple[str, list[object]]] = []
    execute = reader._execute
    monkeypatch.setattr(reader, "_execute", lambda sql, parameters=(): (
        asked.append((sql, list(parameters))), execute(sql, parameters))[1])
    try:
        assert len(reader.events(EventFilter(text="zola"))) == len(TITLES)
    finally:
        reader.close()
    sql, parameters = next((sql, parameters) for sql, parameters in asked
                           if "LIKE" in sql)
    with psycopg.connect(postgres_url) as pg:
        plan = "\n".join(row[0] for row in pg.execute(f"EXPLAIN {sql}", parameters))
    assert TRIGRAM_INDEX in plan, plan


@pytest.fixture
def plain_url(postgres_url: str) -> Iterator[str]:
    """The test's database, as a role that may create tables in a schema of its own but
    not pg_trgm (it may not create in the database, and is no superuser)."""
    role = f"plain{time.monotonic_ns()}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"CREATE SCHEMA AUTHORIZATION {role}")  # first on its search_path
    yield postgres_url.replace("://bookshelf@", f"://{role}@")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


def test_where_pg_trgm_may_not_be_created_the_search_scans_and_says_why(
        filled: Path, plain_url: str):
    with closing(sqlite3.connect(filled)) as lite:
        events = lite.execute("SELECT position, type, payload, metadata FROM events"
                              " ORDER BY position").fetchall()
    with psycopg.connect(plain_url) as pg:
        schema.migrate(pg)
        index, handle = SearchIndex(), QuestionMarks(pg)
        index.create_tables(handle)
        stored = [rebuild(bookshelf.registry.event_class, *row) for row in events]
        with pg.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO events (position, id, stream, sequence, type, timestamp, payload,"
                " metadata) VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)",
                [(each.position, each.metadata.id, each.stream, each.metadata.sequence,
                  each.type, each.metadata.timestamp.isoformat(), payload, metadata)
                 for each, (_p, _t, payload, metadata) in zip(stored, events, strict=True)])
        index.receive(handle, stored)
        pg.execute("INSERT INTO checkpoints (subscriber, position) VALUES (%s, %s)",
                   (index.name, len(stored)))
    assert index.scan_reason is not None and "pg_trgm" in index.scan_reason
    reader = PostgresReader(plain_url, bookshelf.registry.event_class)
    try:
        assert reader.search_position() == len(stored)
        assert len(reader.events(EventFilter(text="ÉMILE"))) == len(TITLES)
        assert len(reader.events(EventFilter(text="strasse"))) == 1
    finally:
        reader.close()
