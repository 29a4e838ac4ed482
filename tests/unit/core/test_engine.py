"""The engine: an actor on one thread, with a bounded mailbox, futures and group commit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, PlaceOrder, bookshelf
from domain.core import Domain, EngineStoppedError, MailboxFullError, ValidationError
from domain.core.runtime.engine import Engine
from domain.core.runtime.runner import CommandRunner
from tests.unit.core.library import Boom, CreateShelf

WAIT_S = 10


def book(number: int) -> AddBook:
    return AddBook(title=f"Book {number}", author="Ann Author", price_amount=10.0)


class Gate:
    """Holds the worker inside a query, so that the mailbox fills up behind it."""

    def __init__(self, engine: Engine) -> None:
        self.inside = threading.Event()
        self.open = threading.Event()
        self.future = engine.query(self._hold)
        assert self.inside.wait(WAIT_S)

    def _hold(self, _store: object) -> None:
        self.inside.set()
        self.open.wait(WAIT_S)

    def release(self) -> None:
        self.open.set()
        self.future.result(WAIT_S)


@pytest.fixture
def engine(shop: Bookshelf) -> Iterator[Engine]:
    engine = Engine(shop.runtime, mailbox_size=50, group_commit=100).start()
    yield engine
    engine.stop()


def delivered_to(engine: Engine, name: str = "test") -> list:
    seen: list = []
    engine.subscribe(name, seen.extend)
    return seen


def test_commands_run_in_the_order_they_were_submitted(engine: Engine) -> None:
    futures = [engine.submit(book(number)) for number in range(40)]
    ids = [future.result(WAIT_S) for future in futures]
    titles = engine.query(lambda store: [row[0] for row in store.execute(
        "SELECT json_extract(payload, '$.book_id') FROM events ORDER BY position")]).result()
    assert titles == ids


def test_events_are_delivered_in_the_order_they_were_stored(engine: Engine) -> None:
    seen = delivered_to(engine)
    futures = [engine.submit(book(number)) for number in range(40)]
    engine.stop()
    assert [stored.event.book_id for stored in seen] == [future.result() for future in futures]
    assert [stored.position for stored in seen] == list(range(1, 41))


def test_a_future_resolves_to_the_handlers_result(engine: Engine) -> None:
    book_id = engine.submit(book(1)).result(WAIT_S)
    order_id = engine.submit(PlaceOrder(customer_name="Ann", items=[
        {"book_id": book_id, "quantity": 2}])).result(WAIT_S)
    assert isinstance(order_id, str) and order_id != book_id


def test_a_future_resolves_to_the_handlers_exception(engine: Engine) -> None:
    future = engine.submit(PlaceOrder(customer_name="Ann", items=[
        {"book_id": "no-such-book", "quantity": 1}]))
    with pytest.raises(ValidationError, match="no book with id no-such-book"):
        future.result(WAIT_S)


def test_a_full_mailbox_fails_fast_when_told_to(shop: Bookshelf) -> None:
    with Engine(shop.runtime, mailbox_size=3, mailbox_full="fail") as engine:
        gate = Gate(engine)
        accepted = [engine.submit(book(number)) for number in range(3)]
        started = time.perf_counter()
        with pytest.raises(MailboxFullError, match="3 waiting commands"):
            engine.submit(book(4))
        assert time.perf_counter() - started < 0.5
        gate.release()
        assert all(future.result(WAIT_S) for future in accepted)


def test_a_full_mailbox_blocks_until_the_timeout_then_fails(shop: Bookshelf) -> None:
    with Engine(shop.runtime, mailbox_size=2, mailbox_full="block", submit_timeout=0.2) as engine:
        gate = Gate(engine)
        engine.submit(book(1)), engine.submit(book(2))
        started = time.perf_counter()
        with pytest.raises(MailboxFullError):
            engine.submit(book(3))
        assert time.perf_counter() - started >= 0.2
        gate.release()


def test_a_blocked_submit_goes_through_when_the_mailbox_drains(shop: Bookshelf) -> None:
    with Engine(shop.runtime, mailbox_size=1, mailbox_full="block",
                submit_timeout=WAIT_S) as engine:
        gate = Gate(engine)
        engine.submit(book(1))
        waiting: list[Future] = []
        submitter = threading.Thread(target=lambda: waiting.append(engine.submit(book(2))))
        submitter.start()
        gate.release()
        submitter.join(WAIT_S)
        assert waiting[0].result(WAIT_S)


def big_book(number: int) -> AddBook:
    """About 10 kB of JSON: a description of the longest kind."""
    return AddBook(title=f"Book {number}", author="Ann Author", price_amount=10.0,
                   description="d" * 10_000)


def test_a_mailbox_full_by_the_estimated_size_of_its_commands_fails_naming_the_size(
    shop: Bookshelf,
) -> None:
    with Engine(shop.runtime, mailbox_size=1_000, mailbox_bytes=50_000,
                mailbox_full="fail") as engine:
        gate = Gate(engine)
        accepted = [engine.submit(big_book(number)) for number in range(4)]
        with pytest.raises(MailboxFullError, match="50,000 bytes of waiting commands"):
            engine.submit(big_book(5))
        assert engine.backlog == 4
        gate.release()
        assert all(future.result(WAIT_S) for future in accepted)


def test_commands_that_leave_the_mailbox_give_their_size_back(shop: Bookshelf) -> None:
    with Engine(shop.runtime, mailbox_size=1_000, mailbox_bytes=50_000,
                mailbox_full="fail") as engine:
        for _round in range(3):
            gate = Gate(engine)
            accepted = [engine.submit(big_book(number)) for number in range(4)]
            gate.release()
            assert all(future.result(WAIT_S) for future in accepted)


def test_a_command_larger_than_the_whole_size_budget_still_enters_an_empty_mailbox(
    shop: Bookshelf,
) -> None:
    with Engine(shop.runtime, mailbox_size=10, mailbox_bytes=1_000,
                mailbox_full="fail") as engine:
        gate = Gate(engine)
        alone = engine.submit(big_book(1))
        with pytest.raises(MailboxFullError, match="1,000 bytes"):
            engine.submit(book(2))
        gate.release()
        assert alone.result(WAIT_S)


def test_a_blocked_submit_goes_through_when_the_mailbox_gives_its_size_back(
    shop: Bookshelf,
) -> None:
    with Engine(shop.runtime, mailbox_size=100, mailbox_bytes=15_000, mailbox_full="block",
                submit_timeout=WAIT_S) as engine:
        gate = Gate(engine)
        engine.submit(big_book(1))
        waiting: list[Future] = []
        submitter = threading.Thread(target=lambda: waiting.append(engine.submit(big_book(2))))
        submitter.start()
        time.sleep(0.1)
        assert not waiting  # blocked by size, not by count
        gate.release()
        submitter.join(WAIT_S)
        assert waiting[0].result(WAIT_S)


def test_a_failing_command_in_a_group_rolls_back_alone(testing_file: Domain) -> None:
    testing = testing_file  # SQLite's statement trace counts the commits
    with Engine(testing.runtime, group_commit=100) as engine:
        commits: list[str] = []
        engine.query(lambda store: store.connection.set_trace_callback(
            lambda sql: commits.append(sql) if sql == "COMMIT" else None)).result(WAIT_S)
        gate = Gate(engine)  # the three commands wait together: one group, one transaction
        first = engine.submit(CreateShelf(name="first", titles=["a"]))
        failing = engine.submit(CreateShelf(name="failing", titles=["b"], fail_after_raise=True))
        last = engine.submit(CreateShelf(name="last", titles=["c"]))
        gate.release()
        kept = {first.result(WAIT_S), last.result(WAIT_S)}
        commands_committed = len(commits)
        engine.query(lambda store: store.connection.set_trace_callback(None)).result(WAIT_S)
        with pytest.raises(Boom):
            failing.result(WAIT_S)
        streams = engine.query(lambda store: {
            stored.event.shelf_id for stored in store.load()}).result(WAIT_S)
        shelves = engine.query(lambda store: store.execute(
            "SELECT name FROM shelf ORDER BY name").fetchall()).result(WAIT_S)
    assert streams == kept
    assert shelves == [("first",), ("last",)]
    assert commands_committed == 1  # the group's one transaction (its events' delivery aside)


def test_a_command_rolled_back_in_a_group_leaves_no_gap_and_is_on_record_as_refused(
        testing: Domain) -> None:
    with Engine(testing.runtime, group_commit=100) as engine:
        commands = [CreateShelf(name="first", titles=["a"]),
                    CreateShelf(name="failing", titles=["b"], fail_after_raise=True),
                    CreateShelf(name="last", titles=["c"])]
        gate = Gate(engine)  # one group, one transaction
        first, failing, last = (engine.submit(command) for command in commands)
        gate.release()
        kept = [first.result(WAIT_S), last.result(WAIT_S)]
        with pytest.raises(Boom):
            failing.result(WAIT_S)
        stored = engine.query(lambda store: store.load()).result(WAIT_S)
        outcomes = engine.query(lambda store: [
            store.command_outcome(command._metadata.id) for command in commands]
        ).result(WAIT_S)

    assert [each.position for each in stored] == list(range(1, len(stored) + 1))
    assert list(dict.fromkeys(each.event.shelf_id for each in stored)) == kept
    assert outcomes == ["accepted", "refused", "accepted"]


def test_stop_with_a_full_mailbox_commits_and_delivers_every_accepted_command(
        shop: Bookshelf) -> None:
    engine = Engine(shop.runtime, mailbox_size=50, group_commit=7).start()
    seen = delivered_to(engine)
    gate = Gate(engine)
    futures = [engine.submit(book(number)) for number in range(50)]
    stopper = threading.Thread(target=engine.stop)  # blocks: the mailbox is full
    stopper.start()
    gate.release()
    stopper.join(WAIT_S)
    assert not stopper.is_alive()
    assert all(future.done() and future.exception() is None for future in futures)
    assert len(seen) == 50
    last = shop.session().store.last_position()
    assert last == 50
    assert set(shop.session().store.positions().values()) == {last}
    with pytest.raises(EngineStoppedError):
        engine.submit(book(51))


def test_a_failing_subscriber_never_stops_the_engine(engine: Engine) -> None:
    def explode(batch: list) -> None:
        raise RuntimeError("the subscriber broke")

    engine.subscribe("broken", explode)
    seen = delivered_to(engine, "after the broken one")
    first = engine.submit(book(1)).result(WAIT_S)
    second = engine.submit(book(2)).result(WAIT_S)
    engine.stop()
    assert [stored.event.book_id for stored in seen] == [first, second]
    failures = engine.runtime.open().store.execute(
        "SELECT subscriber, error FROM failures").fetchall()
    assert failures and failures[0][0] == "broken" and "the subscriber broke" in failures[0][1]


def test_a_failing_command_never_stops_the_engine(engine: Engine) -> None:
    bad = engine.submit(PlaceOrder(customer_name="Ann", items=[{"book_id": "x", "quantity": 1}]))
    good = engine.submit(book(1))
    assert isinstance(bad.exception(WAIT_S), ValidationError)
    assert good.result(WAIT_S)


def test_a_failing_query_answers_with_its_exception(engine: Engine) -> None:
    failing = engine.query(lambda store: 1 / 0)
    assert isinstance(failing.exception(WAIT_S), ZeroDivisionError)
    assert engine.submit(book(1)).result(WAIT_S)


def test_async_processing_routes_process_through_the_engine(database_path: Path) -> None:
    config = dict(bookshelf.config)
    bookshelf.config.update(database=str(database_path), command_processing="async")
    bookshelf.init()
    try:
        future = bookshelf.process(book(1))
        assert isinstance(future, Future)
        book_id = future.result(WAIT_S)
        assert bookshelf.start_engine().query(lambda store: store.execute(
            "SELECT id FROM book").fetchall()).result(WAIT_S) == [(book_id,)]
    finally:
        bookshelf.start_engine().stop()
        bookshelf.config.update(config)
        bookshelf.init()  # back on its in-memory default, as the other tests expect


class Halt(BaseException):
    """Not an Exception: the kind of error that stops the worker (like SystemExit)."""


def test_an_error_that_stops_the_worker_still_answers_every_command_of_its_group(
        shop: Bookshelf, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not from a handler (a handler's SystemExit fails its command alone: test_delivery),
    # but around the group: the commit itself.
    engine = Engine(shop.runtime, group_commit=100).start()
    run_group = CommandRunner.run_group

    def halting_commit(self: CommandRunner, commands: list, outcomes: list) -> list:
        run_group(self, commands, outcomes)
        raise Halt()

    monkeypatch.setattr(CommandRunner, "run_group", halting_commit)
    gate = Gate(engine)  # the three wait together: one group
    group = [engine.submit(book(1)),
             engine.submit(AddBook(title="Emma", author="Ann Author", price_amount=1.0)),
             engine.submit(book(2))]
    gate.release()
    assert all(isinstance(future.exception(WAIT_S), Halt) for future in group)
    with pytest.raises(EngineStoppedError):
        engine.submit(book(3))


def test_a_subscriber_given_a_position_is_fed_only_the_events_after_it(shop: Bookshelf) -> None:
    for number in range(3):
        shop.process(book(number))
    engine = Engine(shop.runtime).start()
    fed: list[int] = []
    try:
        engine.subscribe("reader", lambda batch: fed.extend(each.position for each in batch),
                         after=3)
        engine.submit(book(3)).result(WAIT_S)
        engine.delivered().result(WAIT_S)
    finally:
        engine.stop()

    assert fed == [4]
