"""Where a store is: a PostgreSQL address is known as one and named without its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.core.storage.location import database_location, server_address, shown


@pytest.mark.parametrize(("typed", "shown"), [
    ("postgresql://ann:secret@db.example:5432/shop", "postgresql://ann@db.example:5432/shop"),
    ("postgres://db/shop?sslmode=require&password=secret", "postgres://db/shop"),
    ("PostgreSQL://ann@db/shop", "postgresql://ann@db/shop"),
    ("postgresql://ann:secret@db:port/shop", "postgresql://ann@db:port/shop"),
    ("postgresql://ann:hun/ter2@db/shop", "postgresql://ann@db/shop"),
    ("postgresql://ann:p@ss:w0rd@db:5432/shop", "postgresql://ann@db:5432/shop"),
    ("postgresql://ann@[::1]:5432/shop", "postgresql://ann@[::1]:5432/shop"),
    ("postgresql://[::1/x", "postgresql://[::1/x"),
    ("host=db user=ann password=hunter2 dbname=shop", "user=ann host=db dbname=shop"),
    ("host=db password='my secret' dbname=shop", "host=db dbname=shop"),
    ("password=unclosed' host=db", "a PostgreSQL address"),
])
def test_a_server_address_is_shown_without_its_password_or_options(typed: str,
                                                                   shown: str) -> None:
    assert server_address(typed) == shown


@pytest.mark.parametrize("typed", ["shop.db", "/tmp/postgresql/shop.db", "postgresql:shop.db",
                                   "C:\\shops\\postgres.db", "shops/a=b.db"])
def test_a_file_path_is_no_server_address(typed: str) -> None:
    assert server_address(typed) is None
    assert database_location(typed) == Path(typed)


def test_a_server_address_is_kept_as_typed_and_shown_without_its_password() -> None:
    typed = "postgresql://ann:secret@db:5432/shop"

    assert database_location(typed) == typed
    assert shown(typed) == "postgresql://ann@db:5432/shop"
    assert shown(Path("/data/shop.db")) == "/data/shop.db"
