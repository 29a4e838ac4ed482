"""The `bookshelf` command line: events, check, rebuild and failures on a real file."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.launcher import main as launcher_main
from domain.bookshelf import AddBook, Bookshelf
from domain.cli import main
from domain.core.storage.sqlite.failures import COLUMNS

FAILURE_COLUMNS = ", ".join(COLUMNS)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tamper(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(sql)
        connection.commit()


def test_events_prints_an_aligned_table_in_global_order(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "events", "--db", str(database_path))

    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["position", "time", "type", "stream", "payload"]
    assert [int(line.split()[0]) for line in lines[1:]] == list(range(1, 10))
    assert "Bookshelf.BookAdded.v1" in lines[1] and "title='Dune'" in lines[1]
    assert f"order-{filled['shipped'][:8]}" in lines[3]
    # Aligned: the type column starts at the same place on every line.
    assert len({line.index("Bookshelf.") for line in lines[1:]}) == 1


def test_events_as_json_gives_one_object_per_line(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "events", "--db", str(database_path), "--json")

    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [record["position"] for record in records] == list(range(1, 10))
    first = records[0]
    assert set(first) == {"position", "type", "stream", "payload", "metadata"}
    assert first["payload"]["book_id"] == filled["dune"]
    assert first["stream"] == f"bookshelf::book-{filled['dune']}"
    assert first["metadata"]["sequence"] == 1


def test_events_filters_by_type_stream_position_and_count(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(database_path)

    def positions(*options: str) -> list[int]:
        _, out, _ = run(capsys, "events", "--db", db, "--json", *options)
        return [json.loads(line)["position"] for line in out.splitlines()]

    assert positions("--type", "BookAdded") == [1, 2]
    assert positions("--type", "Bookshelf.OrderPlaced.v1") == [5, 9]
    assert positions("--stream", f"bookshelf::order-{filled['shipped']}") == [3, 4, 5, 6, 7]
    assert positions("--stream", f"order-{filled['pending'][:8]}") == [8, 9]
    assert positions("--after", "6") == [7, 8, 9]
    assert positions("--after", "2", "--limit", "2") == [3, 4]
    assert positions("--type", "OrderShipped", "--after", "7") == []


@pytest.mark.parametrize("option", [["--type", "*"], ["--type", "?ookAdded"],
                                    ["--type", "Book*"], ["--stream", "*"],
                                    ["--stream", "order-*"], ["--stream", "?rder-"]])
def test_events_takes_a_wildcard_in_a_type_or_stream_as_written_and_finds_nothing(
        option: list[str], filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # The query once used GLOB: `--type '*'` kept every event, `--stream '*'` every stream.
    code, out, _ = run(capsys, "events", "--db", str(database_path), "--json", *option)

    assert code == 0
    assert out == ""


def test_check_passes_on_a_healthy_store(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", str(database_path))

    assert code == 0
    assert "(9 events)" in out
    assert out.strip().endswith("The store is whole.")


def test_check_fails_with_exit_code_1_and_names_the_problem(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(database_path,
           "UPDATE projection_catalog SET title = 'Dune Messiah' WHERE title = 'Dune'")

    code, out, _ = run(capsys, "check", "--db", str(database_path))

    assert code == 1
    assert "projections  PROBLEM" in out
    assert "table projection_catalog differs from a fresh rebuild" in out
    assert "1 problem(s) found." in out


def test_rebuild_repairs_an_edited_projection(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(database_path, "UPDATE projection_orders SET transitions = '[]'")
    tamper(database_path,
           "UPDATE projection_catalog SET title = 'Dune Messiah' WHERE title = 'Dune'")

    code, out, _ = run(capsys, "rebuild", "--db", str(database_path))

    assert code == 0
    assert "Rebuilt projection.catalog, projection.orders, projection.search from 9 events." in out
    assert run(capsys, "check", "--db", str(database_path))[0] == 0
    with closing(sqlite3.connect(database_path)) as connection:
        assert connection.execute("SELECT count(*) FROM projection_orders, "
                                  "json_each(transitions)").fetchone() == (4,)


def test_failures_lists_recorded_failures_and_says_when_there_are_none(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "failures", "--db", str(database_path))[1] == "No failed deliveries.\n"
    tamper(database_path, f"INSERT INTO failures ({FAILURE_COLUMNS}) VALUES ("
                          "'handlers.Mailer', 3, 'e3', 'Bookshelf.OrderItemAdded.v1', "
                          "'RuntimeError: the mail server is down',"
                          " 5, '2024-01-01T10:00:00+00:00', '2024-01-01T10:05:00+00:00', 0, 1)")

    code, out, _ = run(capsys, "failures", "--db", str(database_path))

    header, row = out.splitlines()
    assert code == 0
    assert header.split() == ["position", "subscriber", "attempts", "state", "last", "failed",
                              "skipped", "error"]
    assert row.split()[:4] == ["3", "handlers.Mailer", "5", "parked"]
    assert "2024-01-01 10:05:00" in row and "RuntimeError: the mail server is down" in row


def test_failures_lists_slow_deliveries_those_still_running_first(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    just_now = (datetime.now(UTC) - timedelta(seconds=9)).isoformat()  # reported 3 s ago
    tamper(database_path, "INSERT INTO slow_deliveries VALUES ('handlers.Mailer', 3, 'e3', "
                          "'Bookshelf.OrderItemAdded.v1', '2024-01-01T10:00:00+00:00', 7.5, 1)")
    tamper(database_path, "INSERT INTO slow_deliveries VALUES ('handlers.Tracker', 5, 'e5', "
                          f"'Bookshelf.OrderPlaced.v1', '{just_now}', 6.0, 0)")
    tamper(database_path, "INSERT INTO slow_deliveries VALUES ('handlers.Stuck', 4, 'e4', "
                          "'Bookshelf.OrderPlaced.v1', '2024-01-01T09:00:00+00:00', 6.0, 0)")
    tamper(database_path, "INSERT INTO slow_deliveries VALUES ('handlers.Left', 2, 'e2', "
                          "'Bookshelf.BookAdded.v1', '2024-01-01T08:00:00+00:00', 9.0, 2)")

    code, out, _ = run(capsys, "failures", "--db", str(database_path))

    lines = out.splitlines()
    assert code == 0
    assert lines[:3] == ["No failed deliveries.", "", "Slow deliveries (times in UTC):"]
    assert lines[4].split()[:4] == ["5", "handlers.Tracker", "6.0", "running"]
    assert lines[5].split()[:4] == ["4", "handlers.Stuck", "6.0", "unknown"]
    assert lines[6].split()[:4] == ["3", "handlers.Mailer", "7.5", "finished"]
    assert "2024-01-01 10:00:00" in lines[6] and lines[6].endswith("Bookshelf.OrderItemAdded.v1")
    assert lines[7].split()[:4] == ["2", "handlers.Left", "9.0", "interrupted"]
    assert lines[8].startswith("interrupted: its program stopped before it finished")
    assert lines[9].startswith("unknown: still running when its program last reported")


def test_failures_retry_unparks_and_delivers_to_a_registered_subscriber(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The catalog projection failed on event 1, stopped there and was parked; it works again.
    tamper(database_path, "DELETE FROM projection_catalog")
    tamper(database_path, "UPDATE checkpoints SET position = 0 "
                          "WHERE subscriber = 'projection.catalog'")
    tamper(database_path, f"INSERT INTO failures ({FAILURE_COLUMNS}) VALUES ("
                          "'projection.catalog', 1, 'e1', 'Bookshelf.BookAdded.v1', "
                          "'RuntimeError: boom', 5, "
                          "'2024-01-01T10:00:00+00:00', '2024-01-01T10:05:00+00:00', 0, 1)")

    code, out, _ = run(capsys, "failures", "--db", str(database_path), "--retry")

    assert code == 0
    assert "Unparked 1; retried: 1 delivered, 0 still failing." in out
    assert out.strip().endswith("No failed deliveries.")
    with closing(sqlite3.connect(database_path)) as connection:
        assert connection.execute("SELECT count(*) FROM projection_catalog").fetchone() == (2,)
    assert run(capsys, "check", "--db", str(database_path))[0] == 0


def test_demo_runs_the_chapter_flow_on_a_throwaway_database(
        capsys: pytest.CaptureFixture[str], shop: Bookshelf) -> None:
    code, out, _ = run(capsys, "demo")

    assert code == 0
    for step in ("Book added:", "Order placed:", "Order confirmed:", "Order shipped:",
                 "is now SHIPPED", "Bookshelf.OrderShipped.v1", "The store is whole."):
        assert step in out
    throwaway = Path(out.splitlines()[0].split(": ", 1)[1])
    assert not throwaway.parent.exists()


def test_simulate_without_the_simulation_package_is_a_clear_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "domain.cli.simulate", None)  # import now fails

    code, _, err = run(capsys, "simulate", "--db", "x.db")

    assert code == 2
    assert "bookshelf simulate is not available" in err


def test_the_bookshelf_command_runs_without_loading_qt(
        filled: dict[str, str], database_path: Path) -> None:
    script = ("import sys; from desktop.launcher import main; code = main(sys.argv[1:]); "
              "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(code)")
    result = subprocess.run(
        [sys.executable, "-c", script, "events", "--db", str(database_path), "--type",
         "OrderShipped"], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).parents[2],
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "Bookshelf.OrderShipped.v1" in lines[1]


def test_the_bookshelf_console_script_checks_a_store(
        filled: dict[str, str], database_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop.launcher", "check", "--db", str(database_path)],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2],
    )

    assert result.returncode == 0, result.stderr
    assert "The store is whole." in result.stdout


def test_events_follow_shows_new_events_until_interrupted(
        filled: dict[str, str], database_path: Path, shop: Bookshelf) -> None:
    from domain.bookshelf import AddBook, open_bookshelf

    follower = subprocess.Popen(
        [sys.executable, "-m", "desktop.launcher", "events", "--db", str(database_path),
         "--json", "--follow"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
        # A shell that runs CI in the background ignores SIGINT, and the child would inherit
        # that; Ctrl-C is what this test is about, so the child gets the default back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    watchdog = threading.Timer(60, follower.kill)  # a hung follower fails the test, not CI
    watchdog.start()
    try:
        seen = [json.loads(follower.stdout.readline())["position"] for _ in range(9)]
        domain = open_bookshelf(database_path)
        domain.process(AddBook(title="Ulysses", author="James Joyce", price_amount=15.0))
        domain.close()
        new = json.loads(follower.stdout.readline())  # blocks until the follower polls
        follower.send_signal(signal.SIGINT)
        assert follower.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        follower.kill()
        follower.wait()

    assert seen == list(range(1, 10))
    assert new["position"] == 10 and new["payload"]["title"] == "Ulysses"


@pytest.mark.parametrize("option", [["--limit", "-1"], ["--limit", "0"], ["--after", "-5"]])
def test_events_refuses_a_senseless_limit_or_position(
        option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["events", *option])
    assert exit_.value.code == 2
    assert option[0] in capsys.readouterr().err


def test_the_database_may_be_named_before_the_command(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher_main(["--db", str(database_path), "events", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 9


def three_books_apart(shop: Bookshelf, database_path: Path) -> list[str]:
    """Three books added a few milliseconds apart; their events' stored timestamps."""
    for title in ("Dune", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="A", price_amount=1.0))
        time.sleep(0.005)
    with closing(sqlite3.connect(database_path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT timestamp FROM events ORDER BY position")]


def titles(out: str) -> list[str]:
    return [json.loads(line)["payload"]["title"] for line in out.splitlines()]


def test_events_since_and_until_bound_the_time_since_included_until_not(
        shop: Bookshelf, database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second, third = three_books_apart(shop, database_path)

    _, since, _ = run(capsys, "events", "--db", str(database_path), "--json", "--since", second)
    _, until, _ = run(capsys, "events", "--db", str(database_path), "--json", "--until", second)
    _, both, _ = run(capsys, "events", "--db", str(database_path), "--json",
                     "--since", first, "--until", third, "--text", "emma")

    assert titles(since) == ["Emma", "Ulysses"]
    assert titles(until) == ["Dune"]
    assert titles(both) == ["Emma"]


def test_events_since_without_an_offset_is_local_time(
        shop: Bookshelf, database_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # +05:30: far from UTC, and not by whole hours
    time.tzset()
    try:
        _first, second, _third = three_books_apart(shop, database_path)
        local = datetime.fromisoformat(second).astimezone().replace(tzinfo=None).isoformat()

        _, out, _ = run(capsys, "events", "--db", str(database_path), "--json",
                        "--since", local)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert titles(out) == ["Emma", "Ulysses"]


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_events_refuses_a_time_it_cannot_read_naming_the_option_and_the_forms(
        option: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["events", option, "yesterday"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert f"argument {option}: 'yesterday' is not a date and time" in err
    assert "2026-12-01T14:30" in err and "local time" in err


@pytest.mark.parametrize(("moment", "said"), [
    ("2026-03-29T02:30", "does not exist in local time (a clock change skips it)"),
    ("2026-10-25T02:30", "happens twice in local time (a clock change); give an offset: "
                         "2026-10-25T02:30+02:00 or 2026-10-25T02:30+01:00"),
    ("9999-12-31T23:59-05:00", "is out of range"),
], ids=["skipped by a clock change", "repeated by a clock change", "beyond year 9999"])
def test_events_refuses_a_local_time_that_names_no_single_moment(
        moment: str, said: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        with pytest.raises(SystemExit) as exit_:
            main(["events", "--since", moment])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert exit_.value.code == 2
    assert f"argument --since: '{moment}' {said}" in capsys.readouterr().err


def test_events_finds_text_in_any_case_and_accent_and_an_aggregate_by_its_id(
        shop: Bookshelf, database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = shop.process(AddBook(title="Café Society", author="A", price_amount=1.0))
    shop.process(AddBook(title="אברהם", author="B", price_amount=1.0))

    _, cafe, err = run(capsys, "events", "--db", str(database_path), "--json", "--text", "CAFE")
    _, hebrew, _ = run(capsys, "events", "--db", str(database_path), "--json", "--text", "אברהם")
    _, by_id, _ = run(capsys, "events", "--db", str(database_path), "--json", "--text", book)
    _, syntax, syntax_err = run(capsys, "events", "--db", str(database_path), "--json",
                                "--text", 'NEAR("a" *')

    assert titles(cafe) == ["Café Society"] and err == ""
    assert titles(hebrew) == ["אברהם"]
    assert titles(by_id) == ["Café Society"]
    assert syntax == "" and syntax_err == ""


def test_events_with_a_text_too_short_for_the_index_says_how_far_back_it_looked(
        shop: Bookshelf, database_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.readside import event_log
    monkeypatch.setattr(event_log, "SCAN_LIMIT", 2)
    for title in ("Tiny", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="A", price_amount=1.0))

    _, out, err = run(capsys, "events", "--db", str(database_path), "--json", "--text", "y")

    assert titles(out) == ["Ulysses"]  # and not "Tiny", older than the newest two
    assert "Searched the newest 2 events only" in err


def test_version_names_the_program_python_and_sqlite(
        capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version
    from platform import python_version

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    out = capsys.readouterr().out

    assert exited.value.code == 0
    assert out.strip() == (f"Bookshelf Events {version('bookshelf-events')} "
                           f"(Python {python_version()}, SQLite {sqlite3.sqlite_version})")


@pytest.mark.parametrize("command", [["events"], ["simulate", "--seconds", "0.1"], ["check"]])
def test_a_postgresql_address_without_psycopg_is_refused_saying_what_to_install(
        command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed

    with pytest.raises(SystemExit) as stopped:
        main([*command, "--db", "postgresql://ann:secret@db.example:5432/shop"])

    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "argument --db: postgresql://ann@db.example:5432/shop is a PostgreSQL server" in err
    assert "pip install 'bookshelf-events[postgres]'" in err
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []  # nothing made, not even a folder named postgresql:


@pytest.mark.parametrize("command", [["check"], ["rebuild"], ["failures", "--retry"],
                                     ["simulate", "--seconds", "0.1"]])
def test_a_server_that_cannot_be_reached_is_named_without_its_password(
        command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    code = main([*command, "--db", "postgresql://ann:secret@127.0.0.1:1/shop"])

    err = capsys.readouterr().err
    assert code == 2
    assert "postgresql://ann@127.0.0.1:1/shop: could not connect" in err
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []
