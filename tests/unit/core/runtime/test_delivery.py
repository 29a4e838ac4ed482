"""Delivery off the commit path: a hanging or failing handler holds up only its own lane."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from domain.core import (
    Domain,
    HandlerExitError,
    Projection,
    StorageError,
    StoredEvent,
    current_domain,
    handle,
)
from domain.core.fields import Identifier, String
from domain.core.runtime import delivery
from domain.core.runtime.dispatcher import Dispatcher
from domain.core.runtime.engine import Engine
from domain.core.runtime.runtime import Runtime
from domain.core.subscriber import ProjectionStore

WAIT_S = 10
HANG_S = 60  # far longer than any test waits: only a release ends it
lanes = Domain("Lanes")


class Behaviour:
    """What the handlers do, set by each test."""

    release = threading.Event()
    hang_on: set[str] = set()  # labels the hanging handler waits on
    slow_s = 0.0
    raise_on: dict[str, BaseException] = {}
    command_raises: dict[str, BaseException] = {}  # by label, in the command handler
    projection_hangs_on: set[str] = set()  # labels the projection waits on
    projection_raises: dict[str, BaseException] = {}  # by label
    hung: list[str] = []
    slow: list[str] = []
    failing: list[str] = []


@lanes.aggregate
class Parcel:
    label = String(required=True)

    def send(self) -> None:
        self.raise_(ParcelSent(parcel_id=self.id, label=self.label))


@lanes.event(part_of=Parcel)
class ParcelSent:
    parcel_id = Identifier(required=True)
    label = String(required=True)


@lanes.command(part_of=Parcel)
class SendParcel:
    label = String(required=True)


@lanes.command_handler(part_of=Parcel)
class ParcelCommandHandler:
    @handle(SendParcel)
    def send_parcel(self, command: SendParcel) -> str:
        if command.label in Behaviour.command_raises:
            raise Behaviour.command_raises[command.label]
        parcel = Parcel(label=command.label)
        parcel.send()
        current_domain.repository_for(Parcel).add(parcel)
        return str(parcel.id)


@lanes.event_handler(part_of=Parcel)
class HangingTracker:
    @handle(ParcelSent)
    def on_sent(self, event: ParcelSent) -> None:
        Behaviour.hung.append(event.label)
        if event.label in Behaviour.hang_on:
            Behaviour.release.wait(HANG_S)


@lanes.event_handler(part_of=Parcel)
class SlowTracker:
    @handle(ParcelSent)
    def on_sent(self, event: ParcelSent) -> None:
        time.sleep(Behaviour.slow_s)
        Behaviour.slow.append(event.label)


@lanes.event_handler(part_of=Parcel)
class FailingTracker:
    @handle(ParcelSent)
    def on_sent(self, event: ParcelSent) -> None:
        error = Behaviour.raise_on.get(event.label)
        if error is not None:
            raise error
        Behaviour.failing.append(event.label)


class ParcelList(Projection):
    name = "projection.parcels"
    tables = ("parcel_list",)

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.table("parcel_list").create({"label": str, "position": int}, pk="position",
                                       if_not_exists=True)

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        if isinstance(stored.event, ParcelSent) and (
                stored.event.label in Behaviour.projection_hangs_on):
            Behaviour.release.wait(HANG_S)  # inside its transaction: it holds the writer
        if isinstance(stored.event, ParcelSent) and (
                stored.event.label in Behaviour.projection_raises):
            raise Behaviour.projection_raises[stored.event.label]
        if isinstance(stored.event, ParcelSent):
            store.execute("INSERT INTO parcel_list (label, position) VALUES (?, ?)",
                          (stored.event.label, stored.position))


lanes.register_projection(ParcelList())
lanes.init()

HANGING = f"{__name__}.HangingTracker"
SLOW = f"{__name__}.SlowTracker"
FAILING = f"{__name__}.FailingTracker"


@pytest.fixture(autouse=True)
def behaviour() -> Iterator[type[Behaviour]]:
    Behaviour.release = threading.Event()
    Behaviour.hang_on, Behaviour.slow_s, Behaviour.raise_on = set(), 0.0, {}
    Behaviour.command_raises, Behaviour.projection_hangs_on = {}, set()
    Behaviour.projection_raises = {}
    Behaviour.hung, Behaviour.slow, Behaviour.failing = [], [], []
    yield Behaviour
    Behaviour.release.set()  # no thread stays hung after its test


def runtime_on(path: Path, **options: object) -> Runtime:
    return Runtime(lanes.registry, str(path), face=lanes, **options)  # type: ignore[arg-type]


def labels(engine: Engine) -> list[str]:
    return [row[0] for row in engine.query(lambda store: store.execute(
        "SELECT label FROM parcel_list ORDER BY position").fetchall()).result(WAIT_S)]


def test_a_hanging_handler_holds_up_neither_commands_nor_projections_nor_the_feed(
        tmp_path: Path) -> None:
    Behaviour.hang_on = {"first"}
    engine = Engine(runtime_on(tmp_path / "lanes.db")).start()
    fed: list[str] = []
    engine.subscribe("feed", lambda batch: fed.extend(
        each.event.label for each in batch))  # type: ignore[attr-defined]
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        engine.submit(SendParcel(label="second")).result(WAIT_S)
        engine.delivered().result(WAIT_S)

        assert labels(engine) == ["first", "second"]
        assert fed == ["first", "second"]
        assert Behaviour.hung == ["first"]  # still inside the first event
        assert Behaviour.failing == ["first", "second"]  # the other handlers' lanes go on
    finally:
        Behaviour.release.set()
        engine.stop()


def test_stop_leaves_a_hanging_handler_behind_and_its_event_is_delivered_again_at_the_next_start(
        tmp_path: Path) -> None:
    Behaviour.hang_on = {"first"}
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path)).start()
    engine.submit(SendParcel(label="first")).result(WAIT_S)
    engine.delivered().result(WAIT_S)

    started = time.monotonic()
    engine.stop(grace=0.5)
    stopped_in = time.monotonic() - started

    assert stopped_in < 0.5 + WAIT_S / 2  # not the HANG_S the handler would take
    Behaviour.hang_on = set()
    Behaviour.release.set()  # the abandoned lane ends without writing its position
    again = Engine(runtime_on(path)).start()
    try:
        wait_for(lambda: Behaviour.hung.count("first") >= 2)
    finally:
        again.stop()
    assert Behaviour.hung.count("first") >= 2  # at least once: delivered again


def test_a_slow_handler_is_logged_and_recorded_while_it_runs_and_when_it_ends(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    Behaviour.slow_s = 1.0
    engine = Engine(runtime_on(tmp_path / "lanes.db", slow_handler_s=0.2)).start()
    try:
        with caplog.at_level(logging.WARNING):
            engine.submit(SendParcel(label="first")).result(WAIT_S)
            running = []
            deadline = time.monotonic() + WAIT_S
            while not running and time.monotonic() < deadline:
                time.sleep(0.05)
                running = [each for each in engine.query(
                    lambda store: store.failures.slow()).result(WAIT_S)
                    if each["subscriber"] == SLOW and not each["finished"]]
            wait_for(lambda: "first" in Behaviour.slow)
    finally:
        engine.stop()
    finished = engine.runtime.open().store.failures.slow()
    engine.runtime.close()

    assert running and running[0]["position"] == 1
    assert [(each["subscriber"], each["finished"]) for each in finished] == [(SLOW, 1)]
    assert 0.2 < float(finished[0]["seconds"]) < WAIT_S  # type: ignore[arg-type]
    assert f"{SLOW} has been running for" in caplog.text


@pytest.mark.parametrize("error", [SystemExit(3), KeyboardInterrupt()],
                         ids=["SystemExit", "KeyboardInterrupt"])
def test_a_handler_that_raises_system_exit_or_keyboard_interrupt_fails_alone(
        tmp_path: Path, error: BaseException) -> None:
    Behaviour.raise_on = {"first": error}
    engine = Engine(runtime_on(tmp_path / "lanes.db")).start()
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        engine.delivered().result(WAIT_S)
        engine.submit(SendParcel(label="second")).result(WAIT_S)
        wait_for(lambda: "second" in Behaviour.failing)
        failures = engine.query(lambda store: store.failures.listing()).result(WAIT_S)
        assert engine.running
    finally:
        engine.stop()

    assert Behaviour.failing == ["second"]
    assert [(each["subscriber"], each["position"]) for each in failures] == [(FAILING, 1)]
    assert type(error).__name__ in str(failures[0]["error"])


def test_sync_processing_delivers_before_process_returns(tmp_path: Path) -> None:
    runtime = runtime_on(tmp_path / "lanes.db", event_processing="sync")
    try:
        runtime.process(SendParcel(label="first"))

        assert Behaviour.failing == ["first"] and Behaviour.hung == ["first"]
    finally:
        runtime.close()


def test_async_processing_returns_before_a_hanging_handler_is_done(tmp_path: Path) -> None:
    Behaviour.hang_on = {"first"}
    runtime = runtime_on(tmp_path / "lanes.db", event_processing="async")
    try:
        runtime.process(SendParcel(label="first"))  # would wait HANG_S if it delivered
        runtime.process(SendParcel(label="second"))
        delivery = runtime.delivery
        assert delivery is not None
        assert delivery.main.wait_caught_up(WAIT_S)

        assert runtime.open().store.execute("SELECT count(*) FROM parcel_list").fetchone()[0] == 2
    finally:
        Behaviour.release.set()
        runtime.close()
        runtime.stop_delivery()


def test_the_feed_gets_events_only_after_the_projections_committed_them(
        tmp_path: Path) -> None:
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path)).start()
    seen_by_feed: list[tuple[int, int]] = []  # (last position fed, rows a reader sees)

    def feed(batch: list[StoredEvent]) -> None:
        with sqlite_utils.Database(path) as other:  # another connection: committed rows only
            rows = other.execute("SELECT count(*) FROM parcel_list").fetchone()[0]
        seen_by_feed.append((batch[-1].position, rows))

    engine.subscribe("feed", feed)
    try:
        for label in ("first", "second", "third"):
            engine.submit(SendParcel(label=label))
        engine.delivered().result(WAIT_S)
    finally:
        engine.stop()

    assert seen_by_feed and seen_by_feed[-1][0] == 3
    assert all(rows >= position for position, rows in seen_by_feed)


def test_ctrl_c_in_a_handler_still_interrupts_sync_processing_on_the_calling_thread(
        tmp_path: Path) -> None:
    Behaviour.raise_on = {"first": KeyboardInterrupt()}
    runtime = runtime_on(tmp_path / "lanes.db", event_processing="sync")
    try:
        with pytest.raises(KeyboardInterrupt):
            runtime.process(SendParcel(label="first"))
    finally:
        runtime.close()


def wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_S
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def written_position(path: Path, subscriber: str) -> int:
    with sqlite_utils.Database(path) as other:  # what a crash would leave
        row = other.execute("SELECT position FROM checkpoints WHERE subscriber = ?",
                            (subscriber,)).fetchone()
    return 0 if row is None else int(row[0])


@pytest.mark.parametrize("error", [SystemExit(3), KeyboardInterrupt()],
                         ids=["SystemExit", "KeyboardInterrupt"])
def test_a_command_handler_that_raises_system_exit_or_keyboard_interrupt_fails_its_command_alone(
        tmp_path: Path, error: BaseException) -> None:
    Behaviour.command_raises = {"exit": error}
    engine = Engine(runtime_on(tmp_path / "lanes.db"), group_commit=10)
    engine.start()
    try:
        # One group: the commands around the failing one commit with it.
        futures = engine.query(lambda _store: [
            engine.submit(SendParcel(label=label)) for label in ("first", "exit", "second")])
        first, failing, second = futures.result(WAIT_S)

        assert first.result(WAIT_S) and second.result(WAIT_S)
        with pytest.raises(HandlerExitError, match=f"SendParcel raised {type(error).__name__}"):
            failing.result(WAIT_S)
        assert engine.running
        engine.submit(SendParcel(label="third")).result(WAIT_S)
        engine.delivered().result(WAIT_S)
        assert labels(engine) == ["first", "second", "third"]
    finally:
        engine.stop()


def test_a_busy_lane_writes_its_handlers_positions_while_commits_keep_coming(
        tmp_path: Path) -> None:
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path)).start()
    try:
        sent_until = time.monotonic() + 1.5
        while time.monotonic() < sent_until:  # never idle for as long as a lane waits
            engine.submit(SendParcel(label="parcel")).result(WAIT_S)
            time.sleep(0.02)
        written = written_position(path, FAILING)  # before the lane is ever idle
        last = engine.query(lambda store: store.last_position()).result(WAIT_S)
    finally:
        engine.stop()

    assert written >= last / 2  # a crash would give it again at most the last moments


def test_a_failure_of_a_subscriber_no_lane_has_leaves_the_lanes_idle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lanes.db"
    runtime = runtime_on(path)
    runtime.open().store.failures.record("gone.feed", 1, "id", "Lanes.ParcelSent.v1",
                                         RuntimeError("boom"))
    runtime.close()
    retries: list[float] = []
    retry_due = Dispatcher.retry_due
    monkeypatch.setattr(Dispatcher, "retry_due",
                        lambda self: (retries.append(time.monotonic()), retry_due(self))[1])
    engine = Engine(runtime_on(path)).start()
    try:
        time.sleep(1.0)
    finally:
        engine.stop()

    assert len(retries) < 10  # a lane that waits for it tries it again and again


def test_a_failure_made_due_by_another_process_is_retried_by_the_lane_of_its_handler(
        tmp_path: Path) -> None:
    Behaviour.raise_on = {"first": RuntimeError("not yet")}
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path)).start()
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        engine.delivered().result(WAIT_S)
        assert wait_for(lambda: bool(engine.query(
            lambda store: store.failures.listing()).result(WAIT_S)))
        with sqlite_utils.Database(path) as other:  # parked, then unparked by `failures --retry`
            other.execute("UPDATE failures SET parked = 1")
            other.conn.commit()
        time.sleep(0.6)  # the lane has seen that nothing of its own is due
        Behaviour.raise_on = {}
        unparked = runtime_on(path)
        unparked.open().store.failures.unpark()
        unparked.close()

        assert wait_for(lambda: "first" in Behaviour.failing)
    finally:
        engine.stop()


def test_after_a_storage_error_the_lane_catches_up_before_it_says_it_delivered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deliver = Dispatcher.deliver
    failed: list[int] = []

    def locked_once(self: Dispatcher, records: list[StoredEvent]) -> None:
        if not failed and threading.current_thread().name == "delivery-projections":
            failed.append(records[0].position)
            raise StorageError("database is locked")
        deliver(self, records)

    monkeypatch.setattr(Dispatcher, "deliver", locked_once)
    engine = Engine(runtime_on(tmp_path / "lanes.db")).start()
    fed: list[str] = []
    engine.subscribe("feed", lambda batch: fed.extend(
        each.event.label for each in batch))  # type: ignore[attr-defined]
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        engine.delivered().result(WAIT_S)

        assert failed == [1]
        assert labels(engine) == ["first"] and fed == ["first"]
    finally:
        engine.stop()


def test_a_slow_handler_s_record_is_refreshed_while_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "RECORD_EVERY_S", 0.3)
    Behaviour.slow_s = 2.5
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path, slow_handler_s=0.2)).start()

    def recorded_seconds() -> float:
        with sqlite_utils.Database(path) as other:
            row = other.execute("SELECT seconds FROM slow_deliveries WHERE subscriber = ? "
                                "AND finished = 0", (SLOW,)).fetchone()
        return 0.0 if row is None else float(row[0])

    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        assert wait_for(lambda: recorded_seconds() > 0)
        first = recorded_seconds()
        assert wait_for(lambda: recorded_seconds() >= first + 0.5)
    finally:
        engine.stop()


def test_while_a_projection_holds_the_writer_the_watchdog_still_reports_the_others(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    Behaviour.projection_hangs_on, Behaviour.slow_s = {"first"}, 1.5
    engine = Engine(runtime_on(tmp_path / "lanes.db", slow_handler_s=0.2)).start()
    try:
        with caplog.at_level(logging.WARNING):
            engine.submit(SendParcel(label="first")).result(WAIT_S)
            logged = wait_for(lambda: f"{SLOW} has been running for" in caplog.text)
        assert "projection.parcels has been running for" in caplog.text
        assert logged  # before the projection lets go (it waits for the release)
    finally:
        Behaviour.release.set()
        engine.stop()


def test_a_slow_delivery_still_running_when_its_run_ended_is_marked_interrupted(
        tmp_path: Path) -> None:
    Behaviour.hang_on = {"first"}
    path = tmp_path / "lanes.db"
    engine = Engine(runtime_on(path, slow_handler_s=0.2)).start()
    engine.submit(SendParcel(label="first")).result(WAIT_S)
    assert wait_for(lambda: any(each["subscriber"] == HANGING for each in engine.query(
        lambda store: store.failures.slow()).result(WAIT_S)))
    engine.stop(grace=0.2)  # left behind, still hanging, as in a program that ended
    Behaviour.hang_on = set()  # the next delivery of it does not hang

    again = Engine(runtime_on(path)).start()
    try:
        assert wait_for(lambda: Behaviour.hung.count("first") >= 2)  # delivered again
        slow = again.query(lambda store: store.failures.slow()).result(WAIT_S)
    finally:
        again.stop()
    assert [(each["subscriber"], each["finished"]) for each in slow] == [(HANGING, 2)]


@pytest.mark.parametrize("error", [SystemExit(3), KeyboardInterrupt()],
                         ids=["SystemExit", "KeyboardInterrupt"])
def test_a_projection_or_callback_that_raises_system_exit_on_a_lane_fails_alone(
        tmp_path: Path, error: BaseException) -> None:
    Behaviour.projection_raises = {"first": error}
    engine = Engine(runtime_on(tmp_path / "lanes.db")).start()
    fed: list[str] = []

    def feed(batch: list[StoredEvent]) -> None:
        labels_fed = [each.event.label for each in batch]  # type: ignore[attr-defined]
        if "first" in labels_fed:
            raise error
        fed.extend(labels_fed)

    engine.subscribe("feed", feed)
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        engine.delivered().result(WAIT_S)
        failures = engine.query(lambda store: store.failures.listing()).result(WAIT_S)
        assert engine.running
        engine.submit(SendParcel(label="second")).result(WAIT_S)
        engine.delivered().result(WAIT_S)
    finally:
        engine.stop()

    assert sorted(each["subscriber"] for each in failures) == ["feed", "projection.parcels"]
    assert fed == ["second"]


def test_a_lane_whose_retries_the_storage_refuses_waits_before_it_tries_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lanes.db"
    runtime = runtime_on(path)
    runtime.open().store.failures.record(FAILING, 1, "id", "Lanes.ParcelSent.v1",
                                         RuntimeError("boom"))  # its own, and due
    runtime.close()
    tries: list[float] = []

    def refused(self: Dispatcher) -> None:
        tries.append(time.monotonic())
        raise StorageError("database is locked")

    monkeypatch.setattr(Dispatcher, "retry_due", refused)
    engine = Engine(runtime_on(path)).start()
    try:
        time.sleep(1.0)
    finally:
        engine.stop()

    assert 1 <= len(tries) < 10  # not thousands a second


def test_an_event_delivered_again_that_is_slow_again_is_recorded_running_again(
        tmp_path: Path) -> None:
    runtime = runtime_on(tmp_path / "lanes.db")
    failures = runtime.open().store.failures
    try:
        failures.record_slow(SLOW, 7, "e7", "Lanes.ParcelSent.v1", "2026-12-01T10:00:00+00:00",
                             6.0, finished=False)
        failures.settle_slow([SLOW])  # its run ended first: interrupted
        interrupted = [each["finished"] for each in failures.slow()]
        failures.record_slow(SLOW, 7, "e7", "Lanes.ParcelSent.v1", "2026-12-01T11:00:00+00:00",
                             5.5, finished=False)  # delivered again at the next start
        again = failures.slow()
    finally:
        runtime.close()

    assert interrupted == [2]
    assert [(each["finished"], each["seconds"], each["started_at"]) for each in again] == [
        (0, 5.5, "2026-12-01T11:00:00+00:00")]


def test_a_projection_that_holds_the_writer_is_known_as_slow_in_this_process(
        tmp_path: Path) -> None:
    Behaviour.projection_hangs_on = {"first"}
    engine = Engine(runtime_on(tmp_path / "lanes.db", slow_handler_s=0.2)).start()
    delivery = engine.runtime.delivery
    assert delivery is not None
    try:
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        assert wait_for(lambda: bool(delivery.slow_now()))
        slow = delivery.slow_now()
    finally:
        Behaviour.release.set()
        engine.stop()

    assert [(each["subscriber"], each["position"], each["finished"]) for each in slow] == [
        ("projection.parcels", 1, 0)]
    assert float(slow[0]["seconds"]) > 0.2  # type: ignore[arg-type]


class SlowIndex(Projection):
    """A projection on a lane of its own, as the search index is, slow on every event."""

    name = "projection.slow_index"
    own_lane = True
    tables = ("slow_index",)

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.table("slow_index").create({"position": int}, pk="position", if_not_exists=True)

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        time.sleep(Behaviour.slow_s)
        store.execute("INSERT INTO slow_index (position) VALUES (?)", (stored.position,))


def test_the_feed_does_not_wait_for_a_projection_on_a_lane_of_its_own(tmp_path: Path) -> None:
    Behaviour.slow_s = 2.0
    engine = Engine(runtime_on(tmp_path / "lanes.db", subscribers=[SlowIndex()])).start()
    fed: list[float] = []
    engine.subscribe("feed", lambda batch: fed.append(time.monotonic()))
    try:
        sent = time.monotonic()
        engine.submit(SendParcel(label="first")).result(WAIT_S)
        wait_for(lambda: bool(fed))

        def indexed() -> list[int]:
            return [row[0] for row in engine.query(lambda store: store.execute(
                "SELECT position FROM slow_index").fetchall()).result(WAIT_S)]

        wait_for(lambda: indexed() == [1])
        applied = indexed()
    finally:
        engine.stop()
    assert fed[0] - sent < Behaviour.slow_s / 2  # fed while the index still worked
    assert applied == [1]


class GatheringIndex(Projection):
    """A projection on a lane of its own that takes a while of commits at once."""

    name = "projection.gathering_index"
    own_lane = True
    gather_s = 0.5
    tables = ("gathered",)
    batches: list[list[int]] = []

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.table("gathered").create({"position": int}, pk="position", if_not_exists=True)

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        GatheringIndex.batches.append([each.position for each in batch])


def test_a_lane_that_gathers_gives_several_commits_in_one_delivery(tmp_path: Path) -> None:
    GatheringIndex.batches = []
    engine = Engine(runtime_on(tmp_path / "lanes.db", subscribers=[GatheringIndex()]),
                    group_commit=1).start()
    try:
        # One commit each (group_commit=1), submitted at once so that the three commits
        # fall well within the lane's gathering time even on a loaded machine.
        sent = [engine.submit(SendParcel(label=label)) for label in ("first", "second",
                                                                      "third")]
        for future in sent:
            future.result(WAIT_S)
        wait_for(lambda: sum(map(len, GatheringIndex.batches)) >= 3)
    finally:
        engine.stop()
    assert GatheringIndex.batches == [[1, 2, 3]]


def test_a_gathering_lane_joins_only_commits_that_follow_one_another() -> None:
    def commit(*positions: int) -> list[StoredEvent]:
        return [StoredEvent(position, ParcelSent(parcel_id=f"p{position}", label="x"))
                for position in positions]

    # Another process committed 4 and 5: a batch across them would hide them.
    runs = delivery._runs_of([commit(1, 2), commit(3), commit(6, 7), commit(8)])
    assert [[each.position for each in run] for run in runs] == [[1, 2, 3], [6, 7, 8]]
