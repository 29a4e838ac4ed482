"""Warnings and errors go to a rotating log file in the user's log folder."""

from __future__ import annotations

import logging
import tempfile
from logging.handlers import RotatingFileHandler

from desktop.diagnostics.log_file import (
    BACKUPS,
    FILE_NAME,
    MAX_BYTES,
    current_log_file,
    install_log_file,
)


def test_warnings_and_errors_are_written_with_their_tracebacks(log_path):
    logger = logging.getLogger("domain.core.runtime.engine")
    logger.warning("a slow handler")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("a handler failed")

    text = log_path.read_text(encoding="utf-8")
    assert "WARNING domain.core.runtime.engine [MainThread] a slow handler" in text
    assert "ERROR domain.core.runtime.engine [MainThread] a handler failed" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text


def test_information_is_not_written(log_path):
    logging.getLogger("desktop").info("the window opened")

    assert not log_path.exists() or "the window opened" not in log_path.read_text()


def test_the_file_rotates_at_a_megabyte_and_keeps_five_old_ones(log_path):
    logger = logging.getLogger("desktop.test")
    line = "x" * 1000
    for _ in range(MAX_BYTES * 2 // len(line)):
        logger.warning(line)

    assert log_path.stat().st_size <= MAX_BYTES
    assert log_path.with_name(f"{FILE_NAME}.1").exists()
    handler = next(handler for handler in logging.getLogger().handlers
                   if isinstance(handler, RotatingFileHandler))
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUPS) == (1_000_000, 5)


def test_installing_twice_writes_each_line_once(log_path):
    install_log_file(log_path.parent)

    logging.getLogger("desktop").error("once")

    assert log_path.read_text().count("once") == 1


def test_the_file_is_in_the_users_log_folder_by_default(monkeypatch, tmp_path,
                                                        new_log_handlers):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    path = install_log_file()

    assert path == tmp_path / "bookshelf-events" / "log" / FILE_NAME


def test_a_log_folder_that_cannot_be_made_falls_back_to_the_temporary_folder(
        monkeypatch, tmp_path, new_log_handlers, capsys):
    (tmp_path / "a file").write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    (tmp_path / "temporary").mkdir()

    path = install_log_file(tmp_path / "a file" / "log")

    assert path == tmp_path / "temporary" / FILE_NAME
    assert "cannot create" in capsys.readouterr().err


def test_the_current_log_file_is_the_installed_one(log_path):
    assert current_log_file() == log_path


def test_before_one_is_installed_the_current_log_file_is_in_the_users_log_folder(
        monkeypatch, tmp_path, new_log_handlers):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    assert current_log_file() == tmp_path / "bookshelf-events" / "log" / FILE_NAME
