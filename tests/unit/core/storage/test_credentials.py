"""Passwords typed for a server live in this process's memory: an address written with one
is kept and shown without it, and connects with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.core.storage import credentials


@pytest.fixture(autouse=True)
def nothing_remembered() -> Iterator[None]:
    yield
    for address in ("postgresql://ann@db:5432/shop", "postgresql://ann@db/shop",
                    "host=db dbname=shop"):
        credentials.forget(address)


@pytest.mark.parametrize(("typed", "kept", "password"), [
    ("postgresql://ann:secret@db:5432/shop", "postgresql://ann@db:5432/shop", "secret"),
    ("postgresql://ann:p%40ss%2Fw@db/shop", "postgresql://ann@db/shop", "p@ss/w"),
    ("postgresql://ann:p@ss@db/shop", "postgresql://ann@db/shop", "p@ss"),
    ("postgresql://ann@db/shop?password=secret", "postgresql://ann@db/shop", "secret"),
    ("host=db password='my secret' dbname=shop", "host=db dbname=shop", "my secret"),
])
def test_a_password_written_in_an_address_is_taken_out_and_remembered_for_it(
        typed: str, kept: str, password: str) -> None:
    assert credentials.kept_apart(typed) == kept
    assert credentials.password_for(kept) == password


def test_an_address_without_a_password_is_kept_as_shown_and_remembers_nothing() -> None:
    assert credentials.kept_apart("postgresql://ann@db:5432/shop") == \
        "postgresql://ann@db:5432/shop"
    assert credentials.password_for("postgresql://ann@db:5432/shop") is None


def test_a_file_path_is_kept_as_it_is() -> None:
    assert credentials.kept_apart("/tmp/shop:secret@x.db") == "/tmp/shop:secret@x.db"


def test_a_password_remembered_for_an_address_is_found_however_the_address_was_typed(
        ) -> None:
    credentials.remember("postgresql://ann:old@db:5432/shop", "typed")

    assert credentials.password_for("postgresql://ann@db:5432/shop") == "typed"
    credentials.forget("postgresql://ann@db:5432/shop")
    assert credentials.password_for("postgresql://ann:old@db:5432/shop") is None
