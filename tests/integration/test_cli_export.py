"""`bookshelf export`: the same bytes as the read side's export, the filters of `events`,
and its exit codes (issue 14, item 5)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from domain.cli import main
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import EventFilter, EventLog
from domain.readside.export import ExportFormat, ExportProgress, export_events


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def exported_by_the_read_side(database: Path, target: Path, form: ExportFormat,
                              selection: EventFilter) -> bytes:
    reader = SqliteReader(str(database))
    try:
        export_events(EventLog(reader), target, form, selection)
    finally:
        reader.close()
    return target.read_bytes()


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_export_writes_the_bytes_the_read_side_writes(
        form: str, filled: dict[str, str], database_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"all.{form}"

    code, out, err = run(capsys, "export", "--format", form, str(target),
                         "--db", str(database_path))

    assert code == 0
    assert out == ""  # stdout stays free; what was done is said on stderr
    assert "Exported 9 events" in err
    assert target.read_bytes() == exported_by_the_read_side(
        database_path, tmp_path / f"again.{form}", ExportFormat(form), EventFilter())


def test_export_takes_the_filters_of_events(filled: dict[str, str], database_path: Path,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "shipped.jsonl"
    stream = f"order-{filled['shipped'][:8]}"

    code, _, _ = run(capsys, "export", "--format", "jsonl", str(target), "--type",
                     "OrderShipped", "--stream", stream, "--db", str(database_path))

    objects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert code == 0
    assert [each["type"] for each in objects] == ["Bookshelf.OrderShipped.v1"]
    assert target.read_bytes() == exported_by_the_read_side(
        database_path, tmp_path / "again.jsonl", ExportFormat.JSONL,
        EventFilter(type="OrderShipped", stream=stream))


def test_export_to_a_folder_that_does_not_exist_exits_2_and_says_so(
        filled: dict[str, str], database_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "csv",
                       str(tmp_path / "missing" / "all.csv"), "--db", str(database_path))

    assert code == 2
    assert "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_export_of_a_database_that_is_not_there_exits_2_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "csv", str(tmp_path / "all.csv"),
                       "--db", str(tmp_path / "none.db"))

    assert code == 2
    assert "there is no bookshelf database" in err
    assert sorted(each.name for each in tmp_path.iterdir()) == []


def test_export_needs_a_known_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--format", "xml", str(tmp_path / "all.xml")])

    assert exit_.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_export_over_the_database_it_reads_is_refused_and_the_store_kept(
        filled: dict[str, str], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = database_path.read_bytes()

    code, _, err = run(capsys, "export", "--format", "csv", str(database_path),
                       "--db", str(database_path))

    assert code == 2
    assert "it is a SQLite database" in err
    assert "nothing was written there" in err
    assert database_path.read_bytes() == before


def test_export_stopped_by_ctrl_c_says_so_and_leaves_no_file(
        filled: dict[str, str], database_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "exports" / "all.csv"
    target.parent.mkdir()

    def interrupted(_written: ExportProgress) -> None:
        raise KeyboardInterrupt

    real = export_events
    # The module, not the function domain.cli exports under its name.
    monkeypatch.setattr(sys.modules["domain.cli.main"], "export_events",
                        lambda *args, **kwargs: real(*args, progress=interrupted, **kwargs))

    code, _, err = run(capsys, "export", "--format", "csv", str(target),
                       "--db", str(database_path))

    assert code == 130
    assert err.strip() == f"Export cancelled: nothing was written to {target}."
    assert list(target.parent.iterdir()) == []
