"""A one-line progress bar on a terminal's standard error."""

from __future__ import annotations

import sys
from typing import Any, TextIO

WIDTH = 30


class ProgressBar:
    """Redraws one line in place; draws nothing when the stream is not a terminal."""

    def __init__(self, total: float, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def update(self, done: float, snapshot: dict[str, Any]) -> None:
        if not self.enabled:
            return
        share = min(1.0, done / self.total) if self.total > 0 else 1.0
        filled = round(share * WIDTH)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done:5.1f}/{self.total:g} s  "
            f"accepted {snapshot['commands_accepted']}  rejected {snapshot['commands_rejected']}"
            f"  {snapshot['commands_per_s']:.0f}/s ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
