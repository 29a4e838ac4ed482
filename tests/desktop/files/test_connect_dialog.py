"""File > Connect to server…: each field's problem said under it, the server tried off the
GUI thread, and a password asked for only when the server wants one (issue 16, item 7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop.files.connect_dialog import ConnectDialog
from desktop.files.server_fields import ServerFields
from domain.core.storage import credentials
from tests.desktop.helpers import click, find, type_into
from tests.postgres_roles import PASSWORD
from tests.postgres_server import GUARDED_ROLE, SUPERUSER, Cluster, free_port

WAIT_MS = 10_000


@pytest.fixture
def dialog(qtbot) -> Iterator[ConnectDialog]:
    opened = ConnectDialog()
    qtbot.addWidget(opened)
    opened.show()
    yield opened
    opened.close()


def message(dialog: ConnectDialog, name: str) -> str:
    label = find(dialog, name, QLabel)
    assert isinstance(label, QLabel)
    return label.text() if label.isVisible() else ""


def fill(qtbot, dialog: ConnectDialog, host: str, port: int, database: str,
         user: str) -> None:
    for name, text in (("serverHost", host), ("serverPort", str(port)),
                       ("serverDatabase", database), ("serverUser", user)):
        find(dialog, name, QLineEdit).clear()
        type_into(qtbot, dialog, name, text)


def test_the_port_is_5432_and_no_password_is_asked_for_at_first(
        dialog: ConnectDialog) -> None:
    assert find(dialog, "serverPort", QLineEdit).text() == "5432"
    password = find(dialog, "serverPassword", QLineEdit)
    assert not password.isVisible()
    assert password.echoMode() == QLineEdit.EchoMode.Password


def test_a_field_emptied_says_so_under_it_as_it_is_typed(qtbot, dialog: ConnectDialog
                                                         ) -> None:
    type_into(qtbot, dialog, "serverHost", "d")
    assert message(dialog, "serverHostMessage") == ""

    find(dialog, "serverHost", QLineEdit).setFocus()
    qtbot.keyClick(find(dialog, "serverHost"), "\b")

    assert message(dialog, "serverHostMessage").startswith("Type the server's name")
    assert message(dialog, "serverUserMessage") == ""  # not typed in yet: not judged


def test_a_port_out_of_range_is_refused_where_it_was_typed(qtbot, dialog: ConnectDialog
                                                           ) -> None:
    find(dialog, "serverPort", QLineEdit).clear()
    type_into(qtbot, dialog, "serverPort", "70000")

    assert message(dialog, "serverPortMessage") == \
        "A port is a number from 1 to 65535 (5432 by default)."


def test_connect_with_fields_missing_names_each_and_tries_nothing(
        qtbot, dialog: ConnectDialog) -> None:
    click(qtbot, dialog, "serverConnect")

    for name in ("serverHostMessage", "serverDatabaseMessage", "serverUserMessage"):
        assert message(dialog, name).startswith("Type ")
    assert message(dialog, "serverStatus") == ""
    assert dialog.isVisible()


def test_the_fields_start_from_a_known_address(qtbot) -> None:
    dialog = ConnectDialog(fields=ServerFields.of("postgresql://ann@db:6543/shop"))
    qtbot.addWidget(dialog)

    assert [find(dialog, name, QLineEdit).text() for name in (
        "serverHost", "serverPort", "serverDatabase", "serverUser")] == \
        ["db", "6543", "shop", "ann"]


def test_a_server_that_lets_us_in_closes_the_dialog_with_its_address(
        qtbot, dialog: ConnectDialog, postgres_cluster: Cluster) -> None:
    fill(qtbot, dialog, "127.0.0.1", postgres_cluster.port, "postgres", SUPERUSER)

    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS) as connected:
        click(qtbot, dialog, "serverConnect")

    assert connected.args == [postgres_cluster.url("postgres")]
    assert not dialog.isVisible()


def test_a_server_nobody_answers_at_is_said_under_the_host(qtbot,
                                                           dialog: ConnectDialog) -> None:
    fill(qtbot, dialog, "127.0.0.1", free_port(), "shop", "ann")

    click(qtbot, dialog, "serverConnect")

    qtbot.waitUntil(lambda: "could not connect" in message(dialog, "serverHostMessage"),
                    timeout=WAIT_MS)
    assert dialog.isVisible()
    assert find(dialog, "serverConnect").isEnabled()


def test_a_database_the_server_does_not_have_is_said_under_the_database(
        qtbot, dialog: ConnectDialog, postgres_cluster: Cluster) -> None:
    fill(qtbot, dialog, "127.0.0.1", postgres_cluster.port, "no_such_shop", SUPERUSER)

    click(qtbot, dialog, "serverConnect")

    qtbot.waitUntil(lambda: "no such database" in message(dialog, "serverDatabaseMessage"),
                    timeout=WAIT_MS)


def test_a_password_is_asked_for_when_the_server_wants_one_and_kept_in_memory(
        qtbot, dialog: ConnectDialog, guarded: str, postgres_cluster: Cluster) -> None:
    fill(qtbot, dialog, "127.0.0.1", postgres_cluster.port, "postgres", GUARDED_ROLE)

    click(qtbot, dialog, "serverConnect")
    password = find(dialog, "serverPassword", QLineEdit)
    qtbot.waitUntil(password.isVisible, timeout=WAIT_MS)
    assert message(dialog, "serverPasswordMessage") == \
        f"The server asks for {GUARDED_ROLE}'s password."

    type_into(qtbot, dialog, "serverPassword", "wrong horse")
    click(qtbot, dialog, "serverConnect")
    qtbot.waitUntil(lambda: "refused" in message(dialog, "serverPasswordMessage"),
                    timeout=WAIT_MS)
    assert credentials.password_for(guarded) is None  # a refused one is not kept

    type_into(qtbot, dialog, "serverPassword", PASSWORD)
    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS) as connected:
        click(qtbot, dialog, "serverConnect")

    assert connected.args == [guarded]
    assert credentials.password_for(guarded) == PASSWORD
    assert password.text() == ""  # not left in the widget either


def test_an_empty_password_is_asked_for_where_it_is_typed(
        qtbot, guarded: str, postgres_cluster: Cluster) -> None:
    dialog = ConnectDialog(fields=ServerFields.of(guarded),
                           password_reason="the server asks for a password")
    qtbot.addWidget(dialog)
    dialog.show()

    click(qtbot, dialog, "serverConnect")

    assert message(dialog, "serverPasswordMessage") == "Type the password."
