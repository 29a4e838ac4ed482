"""Commands run without their record, aggregates written without their state (issue 14,
items 1 and 3): the baselines of what keeping them costs."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

from domain.core.elements import BaseCommand
from domain.core.storage.sqlite.aggregates import SqliteAggregateRows
from domain.core.storage.sqlite.store import SqliteStore


def _not_recorded(_store: SqliteStore, _command: BaseCommand,
                  _error: BaseException | None) -> None:
    return None


def commands_unrecorded() -> AbstractContextManager[Any]:
    """Within it, every store of this process writes no command record: the rest of the
    command's work stays exactly as shipped, so the difference is the record's alone."""
    return mock.patch.object(SqliteStore, "record_command", _not_recorded)


def _state_not_kept(*_arguments: object) -> None:
    return None


def states_unrecorded() -> AbstractContextManager[Any]:
    """Within it, no aggregate write keeps its state (aggregate_states): the difference to
    a run as shipped is the history's alone."""
    return mock.patch.object(SqliteAggregateRows, "record", _state_not_kept)
