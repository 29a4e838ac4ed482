"""The bridge answers each request to the one who asked, on the GUI thread, after submit."""

from __future__ import annotations

from typing import Any

from desktop.bridge import Bridge
from domain.bookshelf import AddBook, ConfirmOrder
from domain.core import EngineStoppedError, MailboxFullError, ObjectNotFoundError
from tests.desktop.helpers import HOLD_S, hold_worker

QUIET_MS = 200  # long enough for a queued answer to arrive, were one coming


class Asker:
    """One caller of `Bridge.submit` (a panel, say): it keeps the answers it gets."""

    def __init__(self) -> None:
        self.done: list[Any] = []
        self.errors: list[BaseException] = []

    def submit(self, bridge: Bridge, command: Any) -> None:
        bridge.submit(command, self.done.append, self.errors.append)

    @property
    def answers(self) -> int:
        return len(self.done) + len(self.errors)


def unexpected_errors(bridge: Bridge) -> list[BaseException]:
    errors: list[BaseException] = []
    bridge.unexpectedError.connect(errors.append)
    return errors


def book(title: str = "Dune") -> AddBook:
    return AddBook(title=title, author="Frank Herbert", price_amount=9.99)


def test_each_asker_gets_its_own_answer_and_no_one_elses(qtbot, window):
    catalog, orders = Asker(), Asker()
    unexpected = unexpected_errors(window.bridge)

    catalog.submit(window.bridge, book())
    orders.submit(window.bridge, ConfirmOrder(order_id="no-such-order"))
    qtbot.waitUntil(lambda: catalog.answers and orders.answers)
    qtbot.wait(QUIET_MS)

    assert catalog.errors == [] and len(catalog.done) == 1
    assert window.catalog_model.row_of(str(catalog.done[0])) is not None
    assert orders.done == [] and [type(error) for error in orders.errors] == [
        ObjectNotFoundError]
    assert unexpected == []  # an answer about the request is the asker's alone


def test_the_answer_comes_after_submit_returned_and_before_the_commands_events(
        qtbot, window):
    events: list[Any] = []
    window.bridge.eventsDelivered.connect(events.extend)
    seen_at_answer: list[int] = []

    window.bridge.submit(book(), lambda _book_id: seen_at_answer.append(len(events)),
                         lambda error: seen_at_answer.append(-1))
    assert seen_at_answer == []  # the caller holds control until its callback runs

    qtbot.waitUntil(lambda: len(events) == 1)
    assert seen_at_answer == [0]


def test_a_full_mailbox_refuses_at_once_through_on_error(qtbot, open_window, database_path):
    window = open_window(database_path, mailbox_size=1)
    unexpected = unexpected_errors(window.bridge)
    gate = hold_worker(window.engine)
    queued = window.engine.query(lambda _store: None)  # the mailbox's only place, taken
    asker = Asker()

    asker.submit(window.bridge, book())
    assert asker.answers == 0  # refused at once, but answered through the event loop
    qtbot.waitUntil(lambda: asker.answers == 1)

    assert not gate.is_set()
    assert [type(error) for error in asker.errors] == [MailboxFullError]
    assert unexpected == []  # the panel says "busy": no dialog
    gate.set()
    queued.result(HOLD_S)


def test_a_stopped_engine_refuses_through_on_error_and_as_an_unexpected_error(qtbot, window):
    window.engine.stop()
    unexpected = unexpected_errors(window.bridge)
    asker = Asker()

    asker.submit(window.bridge, book())
    assert asker.answers == 0
    qtbot.waitUntil(lambda: asker.answers == 1)

    assert [type(error) for error in asker.errors] == [EngineStoppedError]
    assert unexpected == asker.errors


def test_a_command_the_engine_cannot_handle_still_answers(qtbot, window):
    unexpected = unexpected_errors(window.bridge)
    asker = Asker()

    asker.submit(window.bridge, object())
    qtbot.waitUntil(lambda: asker.answers == 1)

    assert asker.done == [] and unexpected == asker.errors  # a bug: the dialog shows it


def test_nothing_is_answered_once_the_bridge_is_detached(qtbot, window):
    unexpected = unexpected_errors(window.bridge)
    accepted, refused = Asker(), Asker()
    accepted.submit(window.bridge, book())
    window.engine.stop()  # finishes the accepted command: its answer is queued by now
    refused.submit(window.bridge, book())  # refused: its answer is queued as well

    window.bridge.detach()
    qtbot.wait(QUIET_MS)

    assert (accepted.answers, refused.answers, unexpected) == (0, 0, [])


def test_a_submit_without_callbacks_is_fire_and_forget(qtbot, window):
    window.bridge.submit(book())
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 1)
