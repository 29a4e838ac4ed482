"""Putting a refused command on record once its writes were rolled back."""

from __future__ import annotations

import logging

from domain.core.elements import BaseCommand
from domain.core.errors import CommitOutcomeUnknownError
from domain.core.storage.port import Store

log = logging.getLogger(__name__)


def record_refusal(store: Store, command: BaseCommand, error: BaseException) -> None:
    """Record `command` as refused with `error`, after its unit of work rolled back.

    In a unit of work of its own: a savepoint of the transaction around it (the engine's
    group, or the command whose handler ran this one), else a transaction of its own (sync
    `process`). A record that cannot be written (the group's transaction was lost, the disk
    is full) is logged, and the command's own error is what its caller learns of.
    """
    if isinstance(error, CommitOutcomeUnknownError):
        # It may have committed, accepted: a refusal on record could contradict it.
        log.warning("the outcome of %s %s is not known: %s", type(command).__name__,
                    command._metadata.id, error)
        return
    try:
        with store.unit_of_work():
            store.record_command(command, error)
    except Exception as failure:
        log.warning("the refusal of %s %s was not recorded: %s", type(command).__name__,
                    command._metadata.id, failure)
