"""A log file of the test's own; the handlers it adds to the root logger go away after."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.diagnostics.log_file import install_log_file


@pytest.fixture
def new_log_handlers() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [handler for handler in root.handlers if handler not in before]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def log_path(tmp_path: Path, new_log_handlers: None) -> Path:
    return install_log_file(tmp_path / "log")
