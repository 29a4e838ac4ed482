"""The default layout on a small and a large screen: the rows the log and the orders show,
every control in sight without scrolling, no status text cut (issue 12, item 4).

Each screen is Qt's offscreen platform given that size, in a process of its own (a process
has one set of screens).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def laid_out_on(width: int, height: int, folder: Path) -> dict:
    screens = folder / f"screen-{width}x{height}.json"
    screens.write_text(json.dumps({"screens": [{
        "name": f"screen-{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
                   "XDG_CONFIG_HOME": str(folder / "config")}  # nothing remembered
    done = subprocess.run([sys.executable, "-m", "tests.desktop.layout_probe"], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_at_1024_by_700_the_log_shows_8_rows_the_orders_6_and_nothing_is_out_of_reach(
        tmp_path: Path) -> None:
    measured = laid_out_on(1024, 700, tmp_path)

    assert measured["window"] == [1024, 700]
    for when in ("opened", "reset"):
        assert measured[when]["log_rows"] >= 8, measured
        assert measured[when]["orders_rows"] >= 6, measured
    assert measured["hidden_controls"] == []
    assert measured["cut_labels"] == []


@pytest.mark.slow
def test_at_1920_by_1080_the_log_shows_at_least_25_rows(tmp_path: Path) -> None:
    measured = laid_out_on(1920, 1080, tmp_path)

    for when in ("opened", "reset"):
        assert measured[when]["log_rows"] >= 25, measured
        assert measured[when]["orders_rows"] >= 6, measured
    assert measured["hidden_controls"] == []
    assert measured["cut_labels"] == []
