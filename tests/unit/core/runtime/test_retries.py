"""A failed delivery retried later runs as it first ran: in its domain, on its database."""

from __future__ import annotations

import time
from pathlib import Path

from domain.core import Domain, current_domain, handle
from domain.core.fields import Identifier, String
from domain.core.runtime.engine import Engine
from domain.core.runtime.runtime import Runtime

WAIT_S = 10
retried = Domain("Retried")
seen: list[str] = []
attempts: list[int] = []


@retried.aggregate
class Parcel:
    label = String(required=True)

    def send(self) -> None:
        self.raise_(ParcelSent(parcel_id=self.id))


@retried.event(part_of=Parcel)
class ParcelSent:
    parcel_id = Identifier(required=True)


@retried.command(part_of=Parcel)
class SendParcel:
    label = String(required=True)


@retried.command_handler(part_of=Parcel)
class ParcelCommandHandler:
    @handle(SendParcel)
    def send_parcel(self, command: SendParcel) -> str:
        parcel = Parcel(label=command.label)
        parcel.send()
        current_domain.repository_for(Parcel).add(parcel)
        return str(parcel.id)


@retried.event_handler(part_of=Parcel)
class FlakyTracker:
    """Fails the first time; the retry reads the parcel through current_domain."""

    @handle(ParcelSent)
    def on_sent(self, event: ParcelSent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("the tracking service is down")
        seen.append(current_domain.repository_for(Parcel).get(event.parcel_id).label)


retried.init()


def test_a_handler_retried_while_the_engine_idles_reads_its_database(tmp_path: Path) -> None:
    runtime = Runtime(retried.registry, str(tmp_path / "retried.db"), face=retried)
    engine = Engine(runtime).start()
    try:
        engine.submit(SendParcel(label="books")).result(WAIT_S)
        deadline = time.monotonic() + WAIT_S
        failures = [{"not": "retried yet"}]
        while failures and time.monotonic() < deadline:
            time.sleep(0.05)  # the handler's lane retries on its own, after the backoff
            failures = engine.query(lambda store: store.failures.listing()).result(WAIT_S)
    finally:
        engine.stop()
    assert seen == ["books"]
    assert failures == []
