"""`bookshelf history`: an aggregate's versions, and one version beside the one before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from domain.cli import main
from domain.readside import short_stream


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_history_lists_each_version_with_the_events_its_write_raised(
        filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", filled["shipped"], "--db", str(database_path))

    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"bookshelf::order-{filled['shipped']}"
    # The version starts the line of its first event only: one write's events share it.
    assert [(line[:8].strip(), line.split()[-1]) for line in lines[2:]] == [
        ("0", "OrderItemAdded"), ("", "OrderItemAdded"), ("", "OrderPlaced"),
        ("1", "OrderConfirmed"), ("2", "OrderShipped")]


def test_history_at_a_version_marks_the_changed_fields(
        filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    stream = short_stream(f"bookshelf::order-{filled['shipped']}")
    code, out, _ = run(capsys, "history", stream, "--db", str(database_path), "--at", "2")

    fields = {line[2:].split()[0]: line for line in out.splitlines()[3:]}
    assert code == 0
    assert out.splitlines()[1] == "version 2 (OrderShipped)"
    assert fields["status"].startswith("* ") and fields["status"].split()[-2:] == [
        '"CONFIRMED"', '"SHIPPED"']
    assert [name for name, line in fields.items() if line.startswith("*")] == ["status"]
    assert fields["items[1].unit_price.amount"].split()[-2:] == ["4.25", "4.25"]


def test_history_at_the_first_version_says_the_aggregate_did_not_exist(
        filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", filled["dune"], "--db", str(database_path),
                       "--at", "0")

    assert code == 0
    assert out.splitlines()[3].split() == ["did", "not", "exist"]
    assert all(line.startswith("* ") for line in out.splitlines()[4:])


@pytest.mark.parametrize("name", ["order-ffffffff", "bookshelf::order-nobody"])
def test_a_stream_that_names_no_aggregate_is_not_found(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    code, out, err = run(capsys, "history", name, "--db", str(database_path))

    assert (code, out) == (1, "")
    assert err == f"bookshelf: not found: {name} names no aggregate\n"


def test_a_version_the_aggregate_does_not_have_is_not_found(
        filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "history", filled["pending"], "--db", str(database_path),
                         "--at", "1")

    assert (code, out) == (1, "")
    assert err == (f"bookshelf: not found: bookshelf::order-{filled['pending']} "
                   "has no version 1\n")


def test_a_version_asked_of_a_file_of_schema_1_says_its_numbers_were_not_recorded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema-1.db"  # read as it is: no states, no versions on the rows
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "sqlite" / "schema-1.db", path)
    stream = "bookshelf::order-4b86cab5-62ef-4647-812b-5e22aeb521cf"

    code, out, err = run(capsys, "history", stream, "--db", str(path), "--at", "1")

    assert (code, out) == (1, "")
    assert err == (f"bookshelf: not found: the version numbers of {stream} were not "
                   "recorded in this file (before states were kept)\n")
