"""A process manager as a subscriber: find or start its instance, run its step, store it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.core.metadata import caused_by
from domain.core.process_manager import BaseProcessManager, Step, declare, steps
from domain.core.runtime.unit_of_work import UnitOfWork
from domain.core.storage.port import Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import HandlerSubscriber, ProjectionStore


class ProcessManagerSubscriber(HandlerSubscriber):
    """Delivered to as an event handler (after the commit, on a lane of its own), each event
    goes to the instance its step correlates it to.

    The instance is rebuilt from its stream; the method runs, and its transition event is
    appended, in one unit of work with the commands the method processes: a method that
    fails (or a command it issues that is refused) leaves neither, and the delivery is
    retried as any handler's. An event already handled (a transition names it as its
    cause) is not handled again when it is delivered again; an event for a completed
    instance, or for none when its step does not start one, is passed over.
    """

    def __init__(self, manager_cls: type[BaseProcessManager]) -> None:
        self.name = f"{manager_cls.__module__}.{manager_cls.__qualname__}"
        self.manager_cls = manager_cls
        # Each event class's step; `methods`, as a HandlerSubscriber's, says which event
        # classes it handles (the dispatcher asks).
        self.steps: dict[type, Step] = steps(manager_cls)
        self.methods = {event_cls: [] for event_cls in self.steps}

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        stored = batch[0]
        step = self.steps.get(type(stored.event))
        if step is None:
            return
        if not isinstance(store, Store):  # delivery always passes a Store (Dispatcher)
            raise TypeError(f"a process manager is delivered to by a Store, not {store!r}")
        correlation = step.correlation(stored.event)
        if correlation is None:
            return
        # Its transition and the commands it processes are caused by the event.
        with caused_by(stored.metadata), UnitOfWork():
            manager = self.load(store, correlation)
            if manager is None:
                if not step.start:
                    return
                manager = self.manager_cls.started(correlation)
            if manager.is_complete or manager.has_handled(stored.metadata.id):
                return
            getattr(manager, step.method)(stored.event)
            if step.end:
                manager.mark_as_complete()
            unit = store.current_unit
            appended = store.append(manager.transition(step.method))
            # Its state after the step, for the history, as an event-sourced aggregate's:
            # version n is the state its (n + 1)th transition leaves.
            store.record_state(appended.position, (appended.metadata.sequence or 1) - 1,
                               manager.to_dict())
            if unit is not None:
                unit.records.append(appended)  # delivered after the commit, as any event

    def load(self, store: Store, correlation: str) -> BaseProcessManager | None:
        """The instance its stream's transitions leave, None when it has none."""
        transitions = store.load_stream(self.manager_cls.stream_name(correlation))
        if not transitions:
            return None
        return self.manager_cls.from_transitions([each.event for each in transitions])


def declare_process_manager(registry: Any, cls: type, options: Mapping[str, object]) -> Any:
    """`@domain.process_manager`: the class built (Any: its fields are values, see the
    facade's decorators), registered, and delivered to from now on. The registry is
    `Any`: it would be the facade's own, and this layer sits below it."""
    manager = declare(registry, cls, options)
    if not manager.meta_.abstract:
        registry.add_subscriber(ProcessManagerSubscriber(manager))
    return manager
