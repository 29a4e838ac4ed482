"""The SQL that makes an aggregate's recorded state: every field, in order, however many."""

from __future__ import annotations

import json
import sqlite3

import pytest

from domain.core.storage.sqlite.tables import state_object


@pytest.mark.parametrize("count", [1, 60, 61, 130])
def test_a_state_has_every_field_in_order_nulls_and_nested_json_included(count: int) -> None:
    pairs = [(f"f{number}", "json(?)" if number % 7 == 0 else "?") for number in range(count)]
    values = [json.dumps({"n": number}) if number % 7 == 0 else None if number % 5 == 0
              else number for number in range(count)]

    with sqlite3.connect(":memory:") as connection:
        [text] = connection.execute(f"SELECT {state_object(pairs)}", values).fetchone()

    state = json.loads(text)
    assert list(state) == [name for name, _ in pairs]
    assert state == {f"f{number}": {"n": number} if number % 7 == 0 else
                     None if number % 5 == 0 else number for number in range(count)}
