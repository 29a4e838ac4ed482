"""Which adapter opens a location: a server's address is PostgreSQL's, anything else a
SQLite file; without psycopg installed, a server's address says what to install."""

from __future__ import annotations

import importlib.util

import pytest

from domain.core import ConfigurationError
from domain.core.storage import is_server, open_store
from domain.core.storage.port import Schema


def test_a_server_address_is_told_from_a_file() -> None:
    assert is_server("postgresql://ann@db:5432/shop")
    assert is_server("host=db dbname=shop")
    assert not is_server("/home/ann/bookshelf.db")
    assert not is_server(":memory:")


def test_a_server_without_postgresql_support_installed_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "psycopg" else find(name, *rest))

    with pytest.raises(ConfigurationError) as refused:
        open_store("postgresql://ann:secret@db:5432/shop", Schema(), lambda name: object)  # type: ignore[arg-type, return-value]

    said = str(refused.value)
    assert "pip install 'bookshelf-events[postgres]'" in said
    assert "postgresql://ann@db:5432/shop" in said and "secret" not in said
