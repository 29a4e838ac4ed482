"""The integrity check on PostgreSQL: one REPEATABLE READ snapshot, amcheck and our own
checks of the store, projections rebuilt in a scratch schema dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.core import Domain, StorageError
from domain.core.runtime.integrity import IntegrityReport, check_integrity
from domain.core.storage import open_snapshot
from domain.core.storage.postgres.snapshot import PostgresSnapshot
from tests.postgres_server import Cluster, require_psycopg
from tests.unit.core.pantry import PROJECTOR, FillJar, JarTotalProjector, LabelJar, pantry

psycopg = require_psycopg()


@pytest.fixture
def filled(postgres_url: str) -> Iterator[Domain]:
    """The pantry on a new database with two jars, three fills; closed for tampering."""
    pantry.close()
    pantry.config["database"] = postgres_url
    pantry.init()
    JarTotalProjector.failing = set()
    rice = pantry.process(LabelJar(label="Rice"))
    oats = pantry.process(LabelJar(label="Oats"))
    pantry.process(FillJar(jar_id=rice, grams=500))
    pantry.process(FillJar(jar_id=rice, grams=250))
    pantry.process(FillJar(jar_id=oats, grams=100))
    pantry.close()
    yield pantry
    pantry.close()


def check(domain: Domain, location: str | None = None) -> IntegrityReport:
    snapshot = open_snapshot(location or str(domain.config["database"]))
    try:
        return check_integrity(snapshot, domain.registry)
    finally:
        snapshot.close()


def tamper(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def problems(report: IntegrityReport, name: str) -> list[str]:
    return [each.message for each in report.problems if each.check == name]


def test_a_server_address_opens_a_postgresql_snapshot(filled: Domain) -> None:
    snapshot = open_snapshot(str(filled.config["database"]))
    try:
        assert isinstance(snapshot, PostgresSnapshot)
    finally:
        snapshot.close()


def test_a_healthy_store_passes_every_check_with_amcheck(filled: Domain) -> None:
    report = check(filled)

    assert report.ok, report.findings
    assert report.checks == ["postgresql", "streams", "positions", "events", "projections",
                             "commands"]
    assert report.notes == []  # the cluster's superuser may create and run amcheck
    with psycopg.connect(str(filled.config["database"])) as looked:
        assert looked.execute(
            "SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").fetchone()


def test_the_scratch_schema_is_dropped_when_the_check_ends(filled: Domain) -> None:
    check(filled)

    with psycopg.connect(str(filled.config["database"])) as looked:
        left = looked.execute("SELECT nspname FROM pg_namespace"
                              " WHERE nspname LIKE 'bookshelf_check_%'").fetchall()
    assert left == []


def test_an_edited_projection_row_is_reported(filled: Domain) -> None:
    tamper(str(filled.config["database"]),
           "UPDATE projection_jartotal SET grams = 1 WHERE label = 'Rice'")

    (found,) = problems(check(filled), "projections")

    assert f"{PROJECTOR}: table projection_jartotal differs from a fresh rebuild" in found
    assert "1 row(s) not in the rebuild, 1 rebuilt row(s) missing" in found


def test_stored_rows_leave_out_the_insertion_order(filled: Domain) -> None:
    snapshot = open_snapshot(str(filled.config["database"]))
    try:
        rows = list(snapshot.rows("projection_jartotal") or ())
    finally:
        snapshot.close()

    with psycopg.connect(str(filled.config["database"])) as looked:
        columns = [row[0] for row in looked.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'projection_jartotal' ORDER BY ordinal_position")]
    assert "_row" in columns
    assert rows == sorted(rows, key=lambda row: (row[0], row[1:]))
    assert {row[1:4] for row in rows} == {("Oats", 100, 1), ("Rice", 750, 2)}
    assert all(len(row) == len(columns) - 1 for row in rows)


def test_a_missing_table_has_no_rows(filled: Domain) -> None:
    snapshot = open_snapshot(str(filled.config["database"]))
    try:
        assert snapshot.rows("no_such_table") is None
    finally:
        snapshot.close()


def test_deleted_events_are_reported_as_a_gap_and_a_disabled_trigger(filled: Domain) -> None:
    tamper(str(filled.config["database"]),
           "ALTER TABLE events DISABLE TRIGGER events_are_append_only",
           "DELETE FROM events WHERE position = 2")

    found = problems(check(filled), "postgresql")

    assert any("events_are_append_only is disabled" in each for each in found)
    assert any("positions skip 1 of 1..5, the first at position 2" in each for each in found)


def test_a_dropped_trigger_is_reported(filled: Domain) -> None:
    tamper(str(filled.config["database"]),
           "DROP TRIGGER events_are_append_only ON events")

    (found,) = problems(check(filled), "postgresql")

    assert "has lost its trigger events_are_append_only" in found


def test_a_schema_of_another_version_is_reported(filled: Domain) -> None:
    tamper(str(filled.config["database"]), "UPDATE bookshelf_schema SET version = 99")

    (found,) = problems(check(filled), "postgresql")

    assert "the schema is at version 99" in found


def test_a_role_that_may_not_create_amcheck_gets_a_note_not_a_problem(
        filled: Domain, postgres_cluster: Cluster) -> None:
    url = str(filled.config["database"])
    name = url.rsplit("/", 1)[1]
    tamper(url, "CREATE ROLE plain LOGIN", f'GRANT ALL ON DATABASE "{name}" TO plain',
           "GRANT ALL ON SCHEMA public TO plain",
           "GRANT SELECT ON ALL TABLES IN SCHEMA public TO plain")
    try:
        report = check(filled, url.replace("bookshelf@", "plain@"))
    finally:
        tamper(url, "DROP OWNED BY plain", "DROP ROLE plain")

    assert report.ok, report.findings
    (note,) = [each.message for each in report.notes if each.check == "postgresql"]
    assert "amcheck) were not run: this role may not create the extension" in note


def test_a_quick_check_of_a_sound_store_finds_nothing(filled: Domain) -> None:
    snapshot = open_snapshot(str(filled.config["database"]))
    try:
        assert snapshot.quick_check() == []
    finally:
        snapshot.close()


def test_every_answer_is_of_the_moment_the_snapshot_began(filled: Domain) -> None:
    snapshot = open_snapshot(str(filled.config["database"]))
    try:
        before = snapshot.last_position()
        pantry.init()
        pantry.process(LabelJar(label="Salt"))
        pantry.close()

        assert snapshot.last_position() == before
        report = check_integrity(snapshot, pantry.registry)
    finally:
        snapshot.close()
    assert report.ok, report.findings


def test_a_database_holding_no_store_is_refused_and_nothing_is_made_in_it(
        postgres_url: str) -> None:
    with pytest.raises(StorageError) as refused:
        open_snapshot(postgres_url)

    assert "is not a bookshelf database (it has no events table)" in str(refused.value)
    with psycopg.connect(postgres_url) as looked:
        assert looked.execute("SELECT extname FROM pg_extension"
                              " WHERE extname = 'amcheck'").fetchall() == []


def test_a_role_that_may_only_read_gets_a_note_for_the_projections_not_a_problem(
        filled: Domain) -> None:
    url = str(filled.config["database"])
    tamper(url, "CREATE ROLE reading LOGIN", "GRANT USAGE ON SCHEMA public TO reading",
           "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reading")
    try:
        report = check(filled, url.replace("bookshelf@", "reading@"))
    finally:
        tamper(url, "DROP OWNED BY reading", "DROP ROLE reading")

    assert report.ok, report.findings
    (note,) = [each.message for each in report.notes if each.check == "projections"]
    assert "may not create the scratch schema" in note


def test_what_a_killed_check_left_is_dropped_by_the_next_and_a_running_one_s_kept(
        filled: Domain) -> None:
    url = str(filled.config["database"])
    tamper(url, "CREATE SCHEMA bookshelf_check_left", "CREATE SCHEMA bookshelf_check_alive")
    with psycopg.connect(url, autocommit=True) as running:  # a check still running holds it
        running.execute("SELECT pg_advisory_lock(hashtext('bookshelf_check_alive'))")

        assert check(filled).ok

        with psycopg.connect(url) as connection:
            left = [row[0] for row in connection.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bookshelf_check_%'")]
    assert left == ["bookshelf_check_alive"]
