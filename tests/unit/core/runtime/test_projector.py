"""Projectors keep a projection's records after each commit: in order, exactly once, in the
transaction that moves their position; `rebuild_projection` replays them from the log."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    HandlersFailedAfterCommit,
    IncorrectUsageError,
    ObjectNotFoundError,
    current_domain,
    on,
)
from domain.core.fields import Identifier, String
from domain.core.runtime.integrity import IntegrityReport, check_integrity
from domain.core.storage import open_snapshot
from tests.unit.core.conftest import BACKENDS, fresh_store
from tests.unit.core.pantry import (
    PROJECTOR,
    FillJar,
    JarFilled,
    JarLabelled,
    JarTotal,
    JarTotalProjector,
    LabelJar,
    pantry,
)


@pytest.fixture(params=BACKENDS)
def domain(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    pantry.close()
    pantry.config["database"] = fresh_store(request, tmp_path, "pantry.db")
    pantry.init()
    JarTotalProjector.failing = set()
    yield pantry
    pantry.close()
    JarTotalProjector.failing = set()


def rows(domain: Domain) -> list[tuple[object, ...]]:
    """The projection's table as stored."""
    return domain.session().store.execute(
        "SELECT jar_id, label, grams, fills FROM projection_jartotal ORDER BY label").fetchall()


def test_a_projection_is_kept_by_its_projector_after_each_commit(domain: Domain) -> None:
    jar = domain.process(LabelJar(label="Rice"))
    domain.process(FillJar(jar_id=jar, grams=500))
    domain.process(FillJar(jar_id=jar, grams=250))

    total = domain.view_for(JarTotal).get(jar)
    assert (total.label, total.grams, total.fills) == ("Rice", 750, 2)
    assert domain.session().store.position(PROJECTOR) == 3


def test_the_projector_declares_the_event_types_of_its_on_methods(domain: Domain) -> None:
    (projector,) = [each for each in domain.registry.subscribers if each.name == PROJECTOR]
    assert projector.handled_types == {JarLabelled._type, JarFilled._type}


def test_a_redelivered_event_is_applied_once(domain: Domain) -> None:
    jar = domain.process(LabelJar(label="Rice"))
    domain.process(FillJar(jar_id=jar, grams=500))
    session = domain.session()

    session.dispatcher.deliver(session.store.load(0))  # the whole log, delivered again

    assert rows(domain) == [(jar, "Rice", 500, 1)]


def test_a_failing_on_method_leaves_the_table_and_the_position_as_they_were(
        domain: Domain) -> None:
    jar = domain.process(LabelJar(label="Rice"))
    JarTotalProjector.failing = {13}
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(FillJar(jar_id=jar, grams=13))

    assert rows(domain) == [(jar, "Rice", 0, 0)]
    assert domain.session().store.position(PROJECTOR) == 1


def test_a_stopped_projector_applies_no_later_event_until_the_failed_one_goes_through(
        domain: Domain) -> None:
    jar = domain.process(LabelJar(label="Rice"))
    JarTotalProjector.failing = {13}
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(FillJar(jar_id=jar, grams=13))
    domain.process(FillJar(jar_id=jar, grams=100))  # waits behind the failed one
    assert rows(domain) == [(jar, "Rice", 0, 0)]

    JarTotalProjector.failing = set()
    session = domain.session()
    session.store.execute("UPDATE failures SET next_attempt_at = 0")
    session.dispatcher.retry_due()

    assert rows(domain) == [(jar, "Rice", 113, 2)]
    assert session.store.position(PROJECTOR) == 3


def test_rebuilding_the_projection_gives_what_live_projection_gave(domain: Domain) -> None:
    rice = domain.process(LabelJar(label="Rice"))
    oats = domain.process(LabelJar(label="Oats"))
    domain.process(FillJar(jar_id=rice, grams=500))
    domain.process(FillJar(jar_id=oats, grams=40))
    live = rows(domain)
    domain.session().store.execute("UPDATE projection_jartotal SET grams = 0")  # damaged

    result = domain.rebuild_projection(JarTotal)

    assert rows(domain) == live
    assert (result.projection_name, result.projectors_processed) == ("JarTotal", 1)
    assert (result.events_dispatched, result.events_skipped, result.success) == (4, 0, True)
    assert domain.session().store.position(PROJECTOR) == 4


def test_writing_a_projection_outside_its_projector_is_refused(domain: Domain) -> None:
    with pytest.raises(IncorrectUsageError, match="written by its projectors only"):
        domain.repository_for(JarTotal).add(JarTotal(jar_id="j", label="Rice"))
    with pytest.raises(ObjectNotFoundError):
        domain.view_for(JarTotal).get("j")


def test_rebuilding_a_projection_without_a_projector_is_refused(domain: Domain) -> None:
    orphan = Domain("Orphans")

    @orphan.projection
    class Lonely:
        lonely_id = Identifier(identifier=True)

    with pytest.raises(IncorrectUsageError, match="has no projector"):
        domain.rebuild_projection(Lonely)


def test_a_projector_for_what_is_not_a_projection_is_refused() -> None:
    elsewhere = Domain("Elsewhere")

    with pytest.raises(ConfigurationError, match="is not a registered projection"):
        @elsewhere.projector(projector_for=JarTotal, aggregates=[object])
        class Stray:
            @on(JarFilled)
            def filled(self, event: object) -> None: ...


def test_a_projector_without_aggregates_is_refused() -> None:
    bare = Domain("Bare")

    @bare.projection
    class Count:
        count_id = Identifier(identifier=True)

    with pytest.raises(ConfigurationError, match="needs aggregates"):
        bare.projector(projector_for=Count, aggregates=[])(type("Counter", (), {}))


def test_a_second_projector_for_one_projection_is_refused() -> None:
    twice = Domain("Twice")

    @twice.projection
    class Name:
        name_id = Identifier(identifier=True)
        name = String()

    twice.projector(projector_for=Name, aggregates=[object])(type("First", (), {}))
    with pytest.raises(ConfigurationError, match="already has a projector"):
        twice.projector(projector_for=Name, aggregates=[object])(type("Second", (), {}))


def test_an_unknown_projector_option_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="stream_categories"):
        pantry.projector(projector_for=JarTotal, aggregates=[object],
                         stream_categories=["x"])


def test_with_async_event_processing_the_delivery_lane_keeps_the_projection(
        tmp_path: Path) -> None:
    pantry.close()
    pantry.config["database"] = str(tmp_path / "lanes.db")
    pantry.config["event_processing"] = "async"
    try:
        pantry.init()
        jar = pantry.process(LabelJar(label="Rice"))
        pantry.process(FillJar(jar_id=jar, grams=500))
        pantry.close()  # lets the lanes deliver what they hold

        # Read as stored, by a connection of its own (a session would catch up itself).
        with closing(sqlite3.connect(tmp_path / "lanes.db")) as connection:
            assert connection.execute("SELECT jar_id, label, grams, fills FROM projection_jartotal"
                                      ).fetchall() == [(jar, "Rice", 500, 1)]
    finally:
        pantry.config["event_processing"] = "sync"
        pantry.close()


def test_the_integrity_check_rebuilds_a_projector_s_table_and_finds_it_the_same(
        domain: Domain) -> None:
    jar = domain.process(LabelJar(label="Rice"))
    domain.process(FillJar(jar_id=jar, grams=500))
    domain.close()

    assert check(domain).problems == []

    domain.session().store.execute("UPDATE projection_jartotal SET grams = 1")  # damaged
    domain.close()
    (finding,) = check(domain).problems
    assert f"{PROJECTOR}: table projection_jartotal differs from a fresh rebuild" in finding.message


def check(domain: Domain) -> IntegrityReport:
    snapshot = open_snapshot(str(domain.config["database"]))
    try:
        return check_integrity(snapshot, domain.registry)
    finally:
        snapshot.close()


def test_a_projection_named_as_an_aggregate_keeps_a_table_of_its_own(tmp_path: Path) -> None:
    twins = Domain("Twins")

    @twins.event(part_of="Shelf")
    class ShelfBuilt:
        shelf_id = Identifier(required=True)

    @twins.aggregate
    class Shelf:
        name = String()

    @twins.projection
    class Events:  # the name of the core's own table, lower-cased, once
        events_id = Identifier(identifier=True)

    @twins.projector(projector_for=Events, aggregates=[Shelf])
    class Counting:
        @on(ShelfBuilt)
        def built(self, event: ShelfBuilt) -> None:
            current_domain.repository_for(Events).add(Events(events_id=event.shelf_id))

    twins.config["database"] = str(tmp_path / "twins.db")
    twins.init()
    try:
        shelf = Shelf(name="Oak")
        shelf.raise_(ShelfBuilt(shelf_id=shelf.id))
        twins.repository_for(Shelf).add(shelf)
        twins.rebuild_projection(Events)

        assert twins.view_for(Events).count() == 1
        assert twins.repository_for(Shelf).get(shelf.id).name == "Oak"
    finally:
        twins.close()


def test_a_projector_cannot_write_another_projection(domain: Domain) -> None:
    from domain.core.runtime.projector import ProjectorDomain

    class Other(JarTotal):  # any projection that is not the projector's own
        pass

    projector_domain = ProjectorDomain(domain.session().store, domain, JarTotal)
    with pytest.raises(IncorrectUsageError, match="written by its projectors only"):
        projector_domain.repository_for(Other).add(Other(jar_id="j", label="x"))


def test_a_projector_handling_an_aggregate_it_does_not_name_is_refused_at_init() -> None:
    mixed = Domain("Mixed")

    @mixed.event(part_of="Lid")
    class LidTurned:
        lid_id = Identifier(required=True)

    @mixed.aggregate
    class Lid:
        name = String()

    @mixed.aggregate
    class Pot:
        name = String()

    @mixed.projection
    class Turns:
        turns_id = Identifier(identifier=True)

    @mixed.projector(projector_for=Turns, aggregates=[Pot])
    class TurnCounter:
        @on(LidTurned)
        def turned(self, event: LidTurned) -> None: ...

    with pytest.raises(ConfigurationError, match="handles LidTurned, of an aggregate not in"):
        mixed.init()


def test_a_projector_for_a_name_instead_of_a_class_is_refused() -> None:
    named = Domain("Named")

    with pytest.raises(ConfigurationError, match="projector_for must be a projection class"):
        named.projector(projector_for="JarTotal", aggregates=[object])(  # type: ignore[arg-type]
            type("ByName", (), {}))
