"""The `bookshelf` command: a store named alone opens the window on it; a command runs."""

from __future__ import annotations

import pytest

import desktop.app
import domain.cli
from desktop.launcher import main


@pytest.fixture
def window_argv(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The arguments the window would have been opened with (it is not opened)."""
    opened: list[list[str]] = []

    def open_window(argv: list[str]) -> int:
        opened.append(argv)
        return 0

    monkeypatch.setattr(desktop.app, "main", open_window)
    return opened


@pytest.mark.parametrize("store", ["shop.db", "/tmp/shop.db", "stores/shop",
                                   "postgresql://me@db.example/shop"])
def test_a_store_named_alone_opens_the_window_on_it(window_argv: list[list[str]],
                                                    store: str) -> None:
    assert main([store]) == 0

    assert window_argv == [["--db", store]]


def test_a_store_named_first_takes_the_window_s_options(window_argv: list[list[str]]
                                                       ) -> None:
    assert main(["shop.db", "--read-only", "--durability", "full"]) == 0

    assert window_argv == [["--db", "shop.db", "--read-only", "--durability", "full"]]


@pytest.mark.parametrize("argv", [["--version"], ["--db", "shop.db", "events"],
                                  ["shop.db", "events"]])
def test_options_and_commands_are_not_taken_for_a_store(
        window_argv: list[list[str]], monkeypatch: pytest.MonkeyPatch,
        argv: list[str]) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(domain.cli, "main", lambda argv: ran.append(argv) or 0)

    assert main(argv) == 0

    assert window_argv == [] and len(ran) == 1


@pytest.mark.parametrize("command", ["events", "check", "demo"])
def test_a_command_named_alone_runs_it(window_argv: list[list[str]],
                                       monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(domain.cli, "main", lambda argv: ran.append(argv) or 0)

    assert main([command]) == 0

    assert (window_argv, ran) == ([], [[command]])
