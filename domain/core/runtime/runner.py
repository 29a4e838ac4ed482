"""The one place a command, or a group of commands, runs in a unit of work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from domain.core.context import active
from domain.core.elements import BaseCommand
from domain.core.errors import (
    CommitOutcomeUnknownError,
    HandlerExitError,
    HandlerFailure,
    HandlersFailedAfterCommit,
)
from domain.core.metadata import caused_by
from domain.core.registry import CommandHandler, Registry
from domain.core.runtime.command_record import record_refusal
from domain.core.runtime.unknown_outcomes import outcome_unknown
from domain.core.storage.port import Store, UnitOfWork
from domain.core.stored_event import StoredEvent

log = logging.getLogger(__name__)

# What one command of a group came to: the handler's result, or the error it raised.
Outcome = tuple[object, Exception | None]
# Takes one commit's events for delivery; returns the failures of a delivery made at once
# (sync event processing), or None when they are delivered later (the lanes).
Deliver = Callable[[list[StoredEvent]], Sequence[HandlerFailure] | None]


class CommandRunner:
    """Runs commands on one thread's store and hands what they committed over for delivery.

    Sync `process` runs one command in one transaction; the engine runs a group in one
    transaction with a savepoint per command, so a failing command rolls back alone.
    What they committed is handed over only after the commit, and only from here.
    """

    def __init__(self, registry: Registry, store: Store, deliver: Deliver,
                 activate: Callable[[], active]) -> None:
        """`deliver` takes each commit's events: the session's dispatcher delivers them
        on this thread (sync), or the runtime hands them to its delivery lanes (async)."""
        self.registry = registry
        self.store = store
        self.deliver = deliver
        self._activate = activate

    def run(self, command: BaseCommand) -> object:
        """Run one command in a transaction of its own, then deliver its events.

        In sync event processing, a subscriber that fails on them makes this raise
        HandlersFailedAfterCommit once every subscriber had its turn (see `hand_over`).
        """
        handler = self.registry.handler_for(command)
        # A command a handler runs is a savepoint of the command running it: its events
        # commit with that one, and are handed over when the outermost unit has committed.
        outermost = self.store.current_unit is None
        ran = False  # a unit that never began (a locked file) ran no command to record
        with self._activate():
            try:
                with self.store.unit_of_work(command) as unit, caused_by(command._metadata):
                    ran = True
                    result = handler(command)
                    self.store.record_command(command, None)
            except CommitOutcomeUnknownError as error:
                raise outcome_unknown(command, error) from error
            except Exception as error:
                if ran:
                    record_refusal(self.store, command, error)
                raise
        if outermost:
            self.hand_over(unit.records, result)
        return result

    def run_group(self, commands: list[tuple[BaseCommand, CommandHandler]],
                  outcomes: list[Outcome]) -> list[StoredEvent]:
        """Run `commands` in one transaction, each in a savepoint; returns what committed.

        `outcomes` receives each command's outcome as it runs, so that when the commit
        itself fails the caller still tells the commands that failed on their own from
        the ones the commit took down. The caller answers its futures, then hands them over.
        When SQLite rolls the whole transaction back under one command (a full disk), the
        commands after it are refused by their unit of work (they would otherwise commit
        one by one outside the group), and so is the commit: nothing of the group is stored.
        """
        with self._activate(), self.store.unit_of_work() as unit:
            for command, handler in commands:
                outcomes.append(self._run_in_savepoint(command, handler))
        return unit.records

    def _run_in_savepoint(self, command: BaseCommand, handler: CommandHandler) -> Outcome:
        ran = False
        try:
            with caused_by(command._metadata), self.store.unit_of_work(command):
                ran = True
                result = handler(command)
                self.store.record_command(command, None)
                return result, None
        except Exception as error:
            if ran:
                record_refusal(self.store, command, error)
            return None, error
        except BaseException as error:
            # On the engine's thread no signal arrives: a SystemExit or KeyboardInterrupt
            # here came from the handler, and fails its command alone. Handed on as it is,
            # it would stop whoever asks the command's future for its result.
            failure = HandlerExitError(
                f"the handler of {type(command).__name__} raised {error!r}; the command "
                "was rolled back and not stored")
            failure.__cause__ = error
            record_refusal(self.store, command, failure)
            return None, failure

    def run_unit(self, work: Callable[[UnitOfWork], None]) -> None:
        """Run `work` in a unit of work of its own (a repository `add` outside a command);
        its events are handed over as a command's are, failures included."""
        with self.store.unit_of_work() as unit:
            work(unit)
        self.hand_over(unit.records)

    def hand_over(self, records: list[StoredEvent], result: object = None) -> None:
        """Hand committed events over for delivery.

        The commands have committed: a delivery that cannot run now (a locked file while
        a projection writes) must not tell the caller otherwise; subscribers left behind
        catch up from their positions with the next commit. Subscribers that ran and
        failed are another matter: delivered at once (sync event processing), every one
        had its turn and each failure is recorded for retry, and then the caller learns
        of them, with `result`, as HandlersFailedAfterCommit, as Protean documents.
        """
        if not records:
            return
        try:
            failures = self.deliver(records)
        except Exception:
            log.exception("delivering events %d..%d failed; it resumes with the next "
                          "commit", records[0].position, records[-1].position)
            return
        if failures:
            raise HandlersFailedAfterCommit(result, failures)
