"""Rows ordered in Python as SQLite orders them: what the integrity check's merges rely on."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import given
from hypothesis import strategies as st

from domain.core.storage.ordering import sort_key

VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),  # SQLite stores NaN as NULL
    st.text(alphabet=st.characters(exclude_categories=("Cs",))),  # no lone surrogates
    st.binary(),
)


def sqlite_order(rows: list[tuple[object, object]]) -> list[tuple[object, object]]:
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.execute("CREATE TABLE t (a, b)")  # no affinity: values stay as they are
        connection.executemany("INSERT INTO t VALUES (?, ?)", rows)
        return connection.execute("SELECT * FROM t ORDER BY 1, 2").fetchall()


@given(st.lists(st.tuples(VALUES, VALUES), max_size=30))
def test_rows_that_sqlite_sorts_come_in_the_order_of_their_sort_keys(
        rows: list[tuple[object, object]]) -> None:
    keys = [sort_key(row) for row in sqlite_order(rows)]

    assert keys == sorted(keys)


def test_null_comes_first_then_numbers_then_text_then_blobs() -> None:
    rows = [(b"\x00",), ("é",), ("z",), (2.5,), (2,), (None,), (-1,)]

    assert sorted(rows, key=sort_key) == [(None,), (-1,), (2,), (2.5,), ("z",), ("é",),
                                          (b"\x00",)]
