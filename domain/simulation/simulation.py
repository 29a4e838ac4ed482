"""The simulation: simulated people driven by a clock on one thread, talking to the engine."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from domain.bookshelf import BookAdded, OrderPlaced
from domain.core.errors import (
    EngineStoppedError,
    MailboxFullError,
    StorageError,
    ValidationError,
)
from domain.core.metadata import caused_by
from domain.simulation.actor import Actor, Observed, Request
from domain.simulation.barrier import DeliveryBarrier
from domain.simulation.clerk import Clerk
from domain.simulation.clock import SimulationClock
from domain.simulation.customer import Customer
from domain.simulation.settings import SimulationSettings
from domain.simulation.stats import SimulationStats
from domain.simulation.warehouse import CONFIRMED, PLACED, Warehouse
from domain.simulation.world import Origin, World

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine
    from domain.core.stored_event import StoredEvent

log = logging.getLogger(__name__)

BOOK_ADDED = BookAdded._type
CONTROL_TIMEOUT_S = 10.0
LONGEST_NAP_S = 0.25  # the driver re-reads the clock at least this often


class Simulation:
    """Clerk, warehouse and customers acting in simulated-time order on one driver thread.

    Every public method is thread-safe. Decisions depend on simulated time only: an actor
    sees the events of a command `reaction_lag` simulated seconds after it was sent, and
    the driver waits until the engine delivered them, so the same seed gives the same run.
    """

    def __init__(self, engine: Engine, settings: SimulationSettings | None = None, *,
                 subscriber_name: str = "simulation",
                 on_storage_error: Callable[[StorageError], None] | None = None) -> None:
        self.engine = engine
        # Told of every command the store could not write (a full disk, say), on the
        # engine's thread: it must not block. The run goes on unless paused.
        self.on_storage_error = on_storage_error
        self.settings = settings = settings or SimulationSettings()
        self.clock = SimulationClock(settings.speed)
        self.stats = SimulationStats(track_own_commands=settings.track_own_commands)
        self.world = World(settings.reaction_lag, record_aliases=settings.record_commands)
        # (sent at, actor, command, fields with ids aliased, mistake): what a run did.
        self.command_log: list[tuple[float, str, str, Any, str | None]] = []
        self.error: BaseException | None = None
        self.start_position = 0
        self.clerk = Clerk(settings.seed, initial_books=settings.initial_books,
                           book_interval=settings.book_interval)
        self.warehouse = Warehouse(settings.seed, confirm_delay=settings.confirm_delay,
                                   ship_delay=settings.ship_delay)
        self.customers: list[Customer] = []
        self._customer_numbers = 0
        self._subscriber_name = subscriber_name
        self._subscriber: Any = None
        self._barrier = DeliveryBarrier(engine, spacing=settings.reaction_lag / 2)
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._cond = threading.Condition()
        self._controls: list[tuple[Callable[[float], None], threading.Event]] = []
        self._stop_requested = False
        self._parked = False
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None
        self._ordinal = 0
        self._steps = 0
        self._add_customers(settings.customers, starts_at=0.0)

    # -- controls (any thread) -------------------------------------------------------------

    def start(self) -> Simulation:
        """Subscribe to the engine's deliveries and start the driver thread."""
        if self._thread is not None:
            raise RuntimeError("a simulation starts once")
        self._subscriber, self.start_position = self.engine.subscribe_from_now(
            self._subscriber_name, self._observe).result()
        self.stats.running(True)
        self._thread = threading.Thread(target=self._run, name="simulation", daemon=True)
        self._thread.start()
        return self

    def pause(self, timeout: float = CONTROL_TIMEOUT_S) -> None:
        """Freeze simulated time; returns once the driver has stopped sending commands."""
        with self._cond:
            if self._finished.is_set():
                return
            self.clock.pause()
            self.stats.running(False)
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._parked or self._finished.is_set(), timeout)

    def resume(self) -> None:
        with self._cond:
            self.clock.resume()
            if not self._finished.is_set():
                self.stats.running(True)
            self._cond.notify_all()

    def stop(self, timeout: float | None = None) -> None:
        """Stop acting, wait until every command sent was committed and delivered, unsubscribe."""
        with self._cond:
            self._stop_requested = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def set_rate(self, rate: float) -> None:
        """Orders per simulated minute per customer, from now on."""
        if rate < 0:
            raise ValueError("a rate must be zero or more")

        def apply(now: float) -> None:
            self.settings.rate = rate
            for customer in self.customers:
                customer.rate = rate
                customer.reschedule(now)

        self._control(apply)

    def set_invalid_share(self, share: float) -> None:
        """The share of orders customers send with invalid input, from now on."""
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"a share is between 0 and 1, not {share}")

        def apply(_now: float) -> None:
            self.settings.invalid_share = share  # for the customers let in later
            for customer in self.customers:
                customer.invalid_share = share

        self._control(apply)

    def set_customers(self, count: int) -> None:
        """Let new customers in, or the most recent ones leave."""
        if count < 0:
            raise ValueError("the number of customers must be zero or more")

        def apply(now: float) -> None:
            self.settings.customers = count
            if count < len(self.customers):
                del self.customers[count:]
            else:
                self._add_customers(count - len(self.customers), starts_at=now)

        self._control(apply)

    def set_speed(self, speed: float) -> None:
        """Simulated seconds per real second (math.inf: as fast as the engine goes)."""
        with self._cond:
            self.clock.speed = speed
            self.settings.speed = speed
            self._cond.notify_all()

    # -- state (any thread) ----------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.clock.paused

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def wait_finished(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    def wait_for(self, condition: Callable[[], bool], timeout: float = CONTROL_TIMEOUT_S) -> bool:
        """Wait until `condition()` holds after a step of the driver (or the run ended)."""
        with self._cond:
            return self._cond.wait_for(lambda: condition() or self._finished.is_set(), timeout) \
                and condition()

    def snapshot(self) -> dict[str, Any]:
        snapshot = self.stats.snapshot()
        snapshot.update(simulated_seconds=round(self.clock.now(), 3), paused=self.paused,
                        finished=self.finished, customers=self.settings.customers,
                        rate=self.settings.rate, speed=self.settings.speed,
                        books_known=len(self.world.books))
        return snapshot

    # -- the engine's side (worker thread: never block here) -------------------------------

    def _observe(self, batch: list[StoredEvent]) -> None:
        fresh = [stored for stored in batch if stored.position > self.start_position]
        if fresh:
            # A command's future is answered before its events are delivered: its id is
            # already among the accepted ones here.
            own = [stored.type for stored in fresh
                   if self.stats.is_own(stored.metadata.causation_id)]
            self.stats.delivered([stored.type for stored in fresh], own)
            self._inbox.put(fresh)

    def _outcome(self, command_type: str, lines: int, sent: float, command_id: str,
                 future: Future) -> None:
        error = future.exception()
        self.stats.outcome(command_type, lines, error, time.perf_counter() - sent, command_id)
        if isinstance(error, StorageError) and self.on_storage_error is not None:
            self.on_storage_error(error)
        if error is not None:
            self._inbox.put(command_id)  # no events will name it: forget where it came from

    # -- the driver (its own thread) ---------------------------------------------------------

    def _control(self, apply: Callable[[float], None]) -> None:
        applied = threading.Event()
        with self._cond:
            if self._thread is None or self._finished.is_set():
                apply(self.clock.now())
                return
            self._controls.append((apply, applied))
            self._cond.notify_all()
        if threading.current_thread() is not self._thread:
            applied.wait(CONTROL_TIMEOUT_S)

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException as error:
            self.error = error
            log.exception("the simulation stopped on an error")
        finally:
            self._finish()

    def _loop(self) -> None:
        until = self.settings.until
        while True:
            with self._cond:
                self._apply_controls()
                if self._stop_requested:
                    return
                if self.clock.paused:
                    self._parked = True
                    self._cond.notify_all()
                    self._cond.wait()
                    continue
                self._parked = False
                due = self._next_actor()
                if due is None:
                    self._cond.wait(LONGEST_NAP_S)
                    continue
                _actor, at = due
                if until is not None and at > until:
                    self.clock.advance_to(until)
                    return
                delay = self.clock.real_seconds_until(at)
                if delay > 0.0005:
                    self._cond.wait(min(delay, LONGEST_NAP_S))
                    continue
            self._step(at)
            with self._cond:
                self._steps += 1
                self._cond.notify_all()

    def _apply_controls(self) -> None:
        now = self.clock.now()
        for apply, applied in self._controls:
            apply(now)
            applied.set()
        self._controls.clear()

    def _next_actor(self) -> tuple[Actor, float] | None:
        """The actor due first, and when; None when no actor is waiting to act."""
        candidates = [self.clerk, self.warehouse, *self.customers]
        waiting = [(actor.next_at, actor.rank, index) for index, actor in enumerate(candidates)
                   if actor.next_at is not None]
        if not waiting:
            return None
        at, _rank, index = min(waiting)
        return candidates[index], at

    def _step(self, at: float) -> None:
        lag = self.settings.reaction_lag
        self._barrier.wait_through(at - lag)
        self._take_deliveries(at)
        # What just arrived may be due earlier than `at` (never earlier than the last step).
        due = self._next_actor()
        assert due is not None  # the actor found due before the deliveries still is
        actor, due_at = due
        at = min(at, due_at)
        self.clock.advance_to(at)
        requests = actor.act(at, self.world)
        if requests:
            self._barrier.before_sending(at)
        for request in requests:
            self._send(request, at)

    def _take_deliveries(self, now: float) -> None:
        """Hand what the engine delivered to the actors, in the order of the event log."""
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, str):
                self.world.origins.pop(item, None)
                continue
            for stored in item:
                self._route(stored, now)
            for stored in item:
                self.world.origins.pop(stored.metadata.causation_id, None)
        for actor in (self.clerk, self.warehouse, *self.customers):
            actor.receive(self.world)

    def _route(self, stored: StoredEvent, now: float) -> None:
        # By the command that raised it: a confirmation's correlation is its order's
        # placing, which the warehouse's ConfirmOrder carries on.
        command_id = stored.metadata.causation_id
        origin = self.world.origins.get(command_id) if command_id is not None else None
        sent_at = origin.sent_at if origin is not None else now  # sent by someone else
        # The type names the event class, which the casts say.
        if stored.type == BOOK_ADDED:
            book_id = cast(BookAdded, stored.event).book_id
            self.world.books.add(sent_at, book_id)
            self.world.alias(book_id, "book", origin)
        elif stored.type in (PLACED, CONFIRMED):
            if stored.type == PLACED:
                self.world.alias(cast(OrderPlaced, stored.event).order_id, "order", origin)
            self.warehouse.mailbox.put(Observed(stored, sent_at))

    def _send(self, request: Request, at: float) -> None:
        self._ordinal += 1
        if self.settings.record_commands:
            self.command_log.append((round(at, 9), request.actor, request.command.__name__,
                                     self.world.normalized(request.fields), request.invalid))
        try:
            with caused_by(request.cause):
                command = request.command(**request.fields)
        except ValidationError:
            self.stats.refused("invalid input")
            return
        command_id = command._metadata.id
        self.world.origins[command_id] = Origin(at, self._ordinal)
        sent = time.perf_counter()
        self.stats.sending(command_id)
        try:
            future = self.engine.submit(command)
        except MailboxFullError:
            self.world.origins.pop(command_id, None)
            self.stats.refused("mailbox full")
            return
        self.stats.sent()
        self._barrier.sent(at)
        lines = len(request.fields.get("items") or ())
        future.add_done_callback(
            partial(self._outcome, request.command.__name__, lines, sent, command_id))

    def _finish(self) -> None:
        try:
            self._barrier.wait_all()
            self._take_deliveries(self.clock.now())
        except EngineStoppedError:
            log.warning("the engine stopped before the simulation did")
        except Exception:
            log.exception("finishing the simulation failed")
        finally:
            if self._subscriber is not None:
                self.engine.unsubscribe(self._subscriber)
            self.stats.running(False)
            with self._cond:
                self._finished.set()
                self._cond.notify_all()

    def _add_customers(self, count: int, *, starts_at: float) -> None:
        for _ in range(count):
            self.customers.append(Customer(
                self.settings.seed, self._customer_numbers, rate=self.settings.rate,
                invalid_share=self.settings.invalid_share, starts_at=starts_at))
            self._customer_numbers += 1

