"""A main window on a fresh database file per test, closed and its engine stopped after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.app import create_main_window
from desktop.main_window import MainWindow
from desktop.settings import app_settings


@pytest.fixture(autouse=True)
def forget_settings() -> Iterator[None]:
    """Each test starts with no remembered settings (recent files, layout) and leaves none."""
    yield
    settings = app_settings()
    settings.clear()
    settings.sync()


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Opens windows on a database; each is closed (engine stopped) at the end."""
    windows: list[MainWindow] = []

    def open_(path: Path, **engine_options: object) -> MainWindow:
        window = create_main_window(path, **engine_options)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1400, 900)
        window.show()
        return window

    yield open_
    for window in windows:
        window.close()
        window.shutdown()  # close() on a never-shown window sends no close event


@pytest.fixture
def window(open_window, database_path: Path) -> MainWindow:
    return open_window(database_path)
