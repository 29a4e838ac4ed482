"""What an engine has done and how far its subscribers are: plain values, cheap to ask often."""

from __future__ import annotations

import attrs


@attrs.frozen
class EngineTally:
    """The engine's counters at one moment, and its delivery lanes' positions.

    Rates come from two tallies: (later.commands - earlier.commands) / (later.at -
    earlier.at).
    """

    at: float  # time.monotonic() when it was taken
    commands: int  # commands the worker ran since it started, committed or refused
    events: int  # events it committed since it started
    mailbox: int  # commands and queries waiting in its mailbox
    head: int  # the last position it committed (0 before its first commit)
    # Each subscriber's last delivered position in this process, as its lane holds it (the
    # written positions of handlers and callbacks trail it by up to a few hundred ms).
    positions: dict[str, int] = attrs.field(factory=dict, eq=False)
