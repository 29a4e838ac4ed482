"""A main window on a fresh database file per test, closed and its engine stopped after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from desktop.app import create_main_window
from desktop.main_window import MainWindow
from desktop.settings import app_settings
from domain.bookshelf import Bookshelf
from domain.core.storage.sqlite.reader import SqliteReader


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


# Where a comma groups thousands, where it marks the cents, and where a space groups them.
LOCALES = ("en_US", "de_DE", "fr_FR")


@pytest.fixture
def use_locale() -> Iterator[Callable[[str], None]]:
    """Sets the default locale (QLocale.setDefault) by name; the one before is restored."""
    before = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(before)


@pytest.fixture(params=LOCALES)
def locale(request, use_locale) -> str:
    """Each of LOCALES as the default locale in turn."""
    use_locale(request.param)
    return str(request.param)


@pytest.fixture
def shop_reader(database_path: Path, shop: Bookshelf) -> Iterator[SqliteReader]:
    """A reader of the file `shop` writes to, as a window reads it; closed after."""
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()
