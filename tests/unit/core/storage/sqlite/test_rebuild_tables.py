"""A projection's tables under other names: its SQL renamed, and the swap keeps index names."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.core import ConfigurationError, Projection
from domain.core.storage.renaming import rename
from domain.core.storage.sqlite.rebuild_tables import projection_schema

NAMES = {"catalog": '"catalog__rebuild_1"', "idx_catalog_position": '"idx_catalog_position__r"'}


def schema(path: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY name").fetchall()


def test_renaming_replaces_the_tables_however_quoted_and_leaves_texts_and_columns():
    sql = ("INSERT INTO catalog (book_id) SELECT 'catalog' FROM [Catalog] JOIN \"catalog\" "
           "JOIN `catalog` WHERE catalog_id = 1")
    assert rename(sql, NAMES) == (
        "INSERT INTO \"catalog__rebuild_1\" (book_id) SELECT 'catalog' FROM "
        "\"catalog__rebuild_1\" JOIN \"catalog__rebuild_1\" JOIN \"catalog__rebuild_1\" "
        "WHERE catalog_id = 1")


def test_an_index_is_renamed_with_its_table():
    assert rename('CREATE INDEX "idx_catalog_position" ON "catalog" ("position")', NAMES) == (
        'CREATE INDEX "idx_catalog_position__r" ON "catalog__rebuild_1" ("position")')


class Clashing(Projection):
    name = "test.clashing"
    tables = ("status",)

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db["status"].create({"id": int, "status": str}, pk="id")


def test_a_projection_with_a_column_named_like_its_table_is_refused():
    with pytest.raises(ConfigurationError, match="column named like one of its tables"):
        projection_schema(Clashing())


def test_after_two_rebuilds_the_schema_is_the_one_a_new_store_has(
        shop: Bookshelf, database_path: Path):
    shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    fresh = schema(database_path)
    shop.rebuild_projections()
    shop.rebuild_projections()
    # Indexes under their own names, one per column: the next open adds no second one.
    assert schema(database_path) == fresh
    shop.close()
    open_bookshelf(database_path).close()  # creates what a store creates at open
    assert schema(database_path) == fresh
