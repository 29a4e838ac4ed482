"""Runs the simulation on the window's engine, with every control call off the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from domain.core import StorageError
from domain.simulation.settings import SimulationSettings
from domain.simulation.simulation import Simulation

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine

log = logging.getLogger(__name__)

# How long stopping may take: the driver first waits for every command it sent to be
# committed and delivered, which at most means working through a full mailbox.
STOP_TIMEOUT_S = 60.0

# A control's outcome: the state it led to ("" for none) and a problem to report, if any.
Outcome = tuple[str, BaseException | None]


class SimulationControl(QObject):
    """Starts, pauses, resumes, stops and retunes simulation runs on one engine.

    `Simulation`'s controls wait for its driver thread: `pause` until the driver parked,
    `set_customers`, `set_rate` and `set_invalid_share` until it applied them, `stop`
    until every command sent was committed and delivered. The driver in turn waits for the
    engine. None of that may hold up the GUI thread, so each call runs on one control
    thread, in the order asked, and its outcome comes back as a signal. The engine never
    waits for the GUI thread (its subscribers only queue signals), so these waits always end.

    A simulation starts once: every Start makes a new run, which replaces the last one.

    `state` is what the last finished control established: "stopped", "running" or
    "paused". `transition` is the latest control still in flight ("starting", "pausing",
    "resuming", "stopping"), or None.

    A command the store could not write (a full disk, say) pauses the run: without that it
    would go on sending commands that all fail. It is reported once, as `storageFailed`,
    until the run is resumed or a new one started.

    Signals:
        changed(): `state` or `transition` changed.
        failed(str): a control failed, or the run ended on an error; the text says why.
        storageFailed(object): the StorageError of the first command the store could not
            write since the run started or resumed; the run is being paused.
    """

    changed = Signal()
    failed = Signal(str)
    storageFailed = Signal(object)
    _done = Signal(str, str, object)  # transition, state reached, problem
    _storageError = Signal(object)  # emitted on the engine's thread

    def __init__(self, engine: Engine | None, parent: QObject | None = None) -> None:
        """`engine` None: a read-only window's, which refuses to start a run."""
        super().__init__(parent)
        self.engine = engine
        self.state = "stopped"
        self.transition: str | None = None
        # Written on the control thread only; read anywhere (one reference, swapped whole).
        self.simulation: Simulation | None = None
        self._stopped: Simulation | None = None  # the last run stopped (control thread only)
        self._in_flight = 0
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=1,
                                            thread_name_prefix="simulation-control")
        # Set on the engine's thread at the first storage error, cleared by Start and Resume.
        self._storage_alarm = threading.Event()
        # Emitted on the control thread, received on the GUI thread: Qt queues it.
        self._done.connect(self._on_done)
        self._storageError.connect(self._on_storage_error)

    # -- controls (GUI thread; each returns at once) ---------------------------------------

    def start(self, settings: SimulationSettings) -> None:
        """A new run with `settings` (a failure to start comes back as `failed`)."""
        def start() -> Outcome:
            if self.engine is None:
                raise StorageError("the database is open read-only: nothing can be simulated")
            simulation = Simulation(self.engine, settings,
                                    on_storage_error=self._storage_error_seen)
            simulation.start()
            self.simulation = simulation
            return "running", None

        self._storage_alarm.clear()
        self._submit("starting", start)

    def pause(self) -> None:
        self._submit("pausing", lambda: self._with_run(Simulation.pause, "paused"))

    def resume(self) -> None:
        self._storage_alarm.clear()
        self._submit("resuming", lambda: self._with_run(Simulation.resume, "running"))

    def stop(self) -> None:
        self._submit("stopping", self._stop_run)

    def set_customers(self, count: int) -> None:
        self._submit(None, lambda: self._with_run(lambda run: run.set_customers(count)))

    def set_rate(self, rate: float) -> None:
        self._submit(None, lambda: self._with_run(lambda run: run.set_rate(rate)))

    def set_speed(self, speed: float) -> None:
        self._submit(None, lambda: self._with_run(lambda run: run.set_speed(speed)))

    def set_invalid_share(self, share: float) -> None:
        self._submit(None, lambda: self._with_run(lambda run: run.set_invalid_share(share)))

    def snapshot(self) -> dict[str, Any] | None:
        """The current (or last) run's counters; notices a run that ended on its own."""
        simulation = self.simulation
        if simulation is None:
            return None
        if (simulation.finished and self.state != "stopped" and not self._in_flight
                and not self._closed):
            self.stop()  # the driver ended on an error: settle the state and report it
        return simulation.snapshot()

    # -- shutting down ---------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the run and the control thread, on the calling thread; call before the engine stops.

        Controls still queued are dropped, the one running is waited for: then nothing but
        this thread touches the run. Stopping waits for the driver to see every command it
        sent delivered; the engine does that without the GUI thread, so this cannot deadlock.
        """
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        simulation = self.simulation
        if simulation is not None:
            simulation.stop(STOP_TIMEOUT_S)
            if not simulation.finished:
                log.error("the simulation did not stop within %s s", STOP_TIMEOUT_S)

    # -- the control thread ----------------------------------------------------------------

    def _submit(self, transition: str | None, job: Callable[[], Outcome]) -> None:
        if self._closed:
            return
        if transition is not None:
            self._in_flight += 1
            self.transition = transition
            self.changed.emit()
        self._executor.submit(self._run_job, transition or "", job)

    def _run_job(self, transition: str, job: Callable[[], Outcome]) -> None:
        try:
            state, problem = job()
        except Exception as error:  # reported in the panel: a control must not vanish
            log.warning("simulation control %r failed: %r", transition or "setting", error)
            state, problem = "", error
        self._done.emit(transition, state, problem)

    def _with_run(self, call: Callable[[Simulation], Any], state: str = "") -> Outcome:
        # Settings changed while no run is going are read at the next Start instead.
        simulation = self.simulation
        if simulation is None or simulation.finished:
            return "", None
        call(simulation)
        return state, None

    def _stop_run(self) -> Outcome:
        simulation = self.simulation
        if simulation is None or simulation is self._stopped:
            return "stopped", None  # a Stop queued behind a failed Start: nothing new to say
        simulation.stop(STOP_TIMEOUT_S)
        if not simulation.finished:
            raise TimeoutError(f"the simulation did not stop within {STOP_TIMEOUT_S:.0f} s")
        self._stopped = simulation
        return "stopped", simulation.error

    def _storage_error_seen(self, error: StorageError) -> None:
        # The engine's thread: only a flag and a queued signal, never a wait.
        if not self._storage_alarm.is_set():
            self._storage_alarm.set()
            self._storageError.emit(error)

    @Slot(object)
    def _on_storage_error(self, error: StorageError) -> None:
        if self._closed:
            return
        if self.state == "running" or self.transition in ("starting", "resuming"):
            self.pause()
        self.storageFailed.emit(error)

    @Slot(str, str, object)
    def _on_done(self, transition: str, state: str, problem: BaseException | None) -> None:
        if self._closed:
            return
        if transition:
            self._in_flight -= 1
            if not self._in_flight:
                self.transition = None
        if state:
            self.state = state
        if problem is not None:
            self.failed.emit(describe(transition, problem))
        self.changed.emit()


def describe(transition: str, problem: BaseException) -> str:
    """A sentence for the panel's message area."""
    what = {"starting": "The simulation could not start",
            "stopping": "The simulation stopped on an error",
            "pausing": "The simulation could not pause",
            "resuming": "The simulation could not resume"}.get(
                transition, "The simulation did not take the new setting")
    if transition == "stopping" and isinstance(problem, TimeoutError):
        what = "The simulation could not stop"
    return f"{what}: {problem}"
