"""The window is never given a raw SQLite error: a bad file raises StorageError for its dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.main_window import MainWindow
from domain.core import StorageError
from tests.storage_faults import OPEN_ERRORS, open_and_use


@pytest.mark.parametrize("make", OPEN_ERRORS, ids=list(OPEN_ERRORS))
def test_the_window_raises_a_storage_error_never_a_sqlite_one(
        make: str, tmp_path: Path, open_window: Callable[..., MainWindow]) -> None:
    path = OPEN_ERRORS[make][0](tmp_path)
    try:
        open_window(path)
    except StorageError as error:
        assert str(path) in str(error)
        return
    # a middle page may be met only later, by a read: that raises StorageError
    with pytest.raises(StorageError, match="bookshelf check --db"):
        open_and_use(path)
