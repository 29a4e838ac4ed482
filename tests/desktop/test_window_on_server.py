"""A window on a PostgreSQL store (issue 16, items 3 and 7): it shows another connection's
commit as it is announced, closes at once, and opens after a password typed in the Connect
dialog, which is then nowhere but in memory."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from desktop.app import create_main_window  # noqa: E402
from desktop.files.recent import RecentDatabases  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.settings import app_settings  # noqa: E402
from desktop.workbench import Workbench  # noqa: E402
from domain.bookshelf import AddBook, open_bookshelf  # noqa: E402
from tests.desktop.helpers import add_book, click, type_into  # noqa: E402
from tests.postgres_roles import PASSWORD  # noqa: E402
from tests.postgres_server import GUARDED_ROLE, Cluster  # noqa: E402

WAIT_MS = 15_000


def test_a_window_on_a_server_shows_another_connection_s_commit_and_closes_at_once(
        qtbot, open_window, postgres_url: str) -> None:
    window = open_window(postgres_url)
    hearing = window.store_watch.hearing
    assert window.windowTitle() == f"{postgres_url} — Bookshelf Events"
    assert not window.file_menu.menu.findChild(QAction, "actionSaveCopy").isEnabled()
    assert hearing is not None and hearing.running

    add_book(qtbot, window, "Dune")
    other = open_bookshelf(postgres_url)
    try:
        other.process(AddBook(title="Emma", author="Jane Austen", price_amount=5.0))
        qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 2, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 2, timeout=WAIT_MS)
    finally:
        other.close()
    began = time.monotonic()
    window.close()

    assert not hearing.running
    assert time.monotonic() - began < 5


@pytest.fixture
def guarded_shop(guarded: str, postgres_cluster: Cluster):
    """A database of the guarded role's own, which asks for its password."""
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE guarded_shop OWNER {GUARDED_ROLE}")
    yield guarded.rpartition("/")[0] + "/guarded_shop"
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute("DROP DATABASE guarded_shop WITH (FORCE)")


def test_a_window_opens_on_a_server_after_its_password_is_typed_which_is_kept_nowhere(
        qtbot, guarded_shop: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def open_window(path, *, read_only: bool) -> MainWindow:
        window = create_main_window(path, read_only=read_only)
        qtbot.addWidget(window)
        return window

    bench = Workbench(open_window)
    try:
        assert not bench.open(guarded_shop)  # the server asks: the Connect dialog does
        dialog = bench.connect_dialog
        assert dialog is not None and dialog.asking_password
        type_into(qtbot, dialog, "serverPassword", PASSWORD)
        click(qtbot, dialog, "serverConnect")
        qtbot.waitUntil(lambda: isinstance(bench.window, MainWindow), timeout=WAIT_MS)

        assert bench.window.windowTitle().startswith(guarded_shop)
        assert [each.path for each in RecentDatabases().entries()] == [guarded_shop]
        settings = app_settings()
        settings.sync()
        written = Path(settings.fileName()).read_text()
        assert guarded_shop in written
        for text in (written, caplog.text, bench.window.about_text()):
            assert "horse" not in text
    finally:
        if bench.window is not None:
            bench.window.close()
        bench.shutdown()


def test_an_idle_window_on_a_server_sends_it_nothing(
        qtbot, open_window, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(postgres_url)
    add_book(qtbot, window, "Dune")
    qtbot.wait(1500)  # what the commit set going (delivery, positions, counts) ends
    sent: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(self, query, *rest, **options):
        sent.append(str(query)[:60])
        return execute(self, query, *rest, **options)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)
    qtbot.wait(3000)  # the status figures, stops and slow deliveries would read each second
    monkeypatch.undo()

    assert sent == []
    assert window.health is not None and window.health.health is not None
