"""The Connect dialog's fields: each problem named for its field, and the address built
from them with each part escaped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.files.server_fields import ServerFields
from domain.core.storage.location import server_address


def test_empty_host_database_and_user_are_each_asked_for() -> None:
    problems = ServerFields(host=" ", database="", user="").problems()

    assert set(problems) == {"host", "database", "user"}
    assert problems["host"].startswith("Type the server's name or address")


@pytest.mark.parametrize("port", ["0", "65536", "", "54x2", "-1", "5432.0"])
def test_a_port_that_is_no_number_from_1_to_65535_is_refused(port: str) -> None:
    problems = ServerFields(host="db", port=port, database="shop", user="ann").problems()

    assert problems == {"port": "A port is a number from 1 to 65535 (5432 by default)."}


def test_the_address_has_the_user_host_port_and_database() -> None:
    fields = ServerFields(host=" db.example.org ", port="6543", database="shop", user="ann")

    assert fields.problems() == {}
    assert fields.address() == "postgresql://ann@db.example.org:6543/shop"


def test_the_port_is_5432_unless_typed() -> None:
    assert ServerFields(host="db", database="shop", user="ann").address() == \
        "postgresql://ann@db:5432/shop"


def test_an_ipv6_host_and_a_socket_folder_are_written_as_a_url_needs() -> None:
    assert ServerFields(host="::1", database="shop", user="ann").address() == \
        "postgresql://ann@[::1]:5432/shop"
    assert ServerFields(host="/var/run/postgresql", database="shop", user="ann").address() \
        == "postgresql://ann@%2Fvar%2Frun%2Fpostgresql:5432/shop"


def test_no_address_is_built_from_fields_with_problems() -> None:
    with pytest.raises(ValueError):
        ServerFields(host="db").address()


def test_the_fields_of_an_address_are_read_back_without_its_password() -> None:
    assert ServerFields.of("postgresql://ann:secret@db:6543/shop") == ServerFields(
        host="db", port="6543", database="shop", user="ann")
    assert ServerFields.of("postgresql://db/shop") == ServerFields(host="db", database="shop")
    assert ServerFields.of("/home/ann/shop.db") == ServerFields()


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=20).filter(lambda text: text.strip() == text)


@given(user=names, database=names,
       host=st.sampled_from(["db", "db.example.org", "127.0.0.1", "::1"]),
       port=st.integers(1, 65535))
def test_any_user_and_database_come_back_from_their_address_as_typed(
        user: str, database: str, host: str, port: int) -> None:
    fields = ServerFields(host=host, port=str(port), database=database, user=user)

    address = fields.address()

    assert ServerFields.of(address) == fields
    assert server_address(address) == address
