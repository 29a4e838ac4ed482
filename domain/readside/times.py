"""Timestamps as the tables show them."""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str, millis: bool = False) -> str:
    """An ISO timestamp (UTC) in the local zone, as the window's tables show it."""
    moment = datetime.fromisoformat(iso).astimezone()
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}" if millis else text


def utc_time(iso: str) -> str:
    """An ISO timestamp to the second, as stored (UTC), as the command line shows it."""
    return iso[:19].replace("T", " ")
