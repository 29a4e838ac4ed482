"""Timestamps as the tables show them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def local_time(iso: str, millis: bool = False) -> str:
    """An ISO timestamp (UTC) in the local zone, as the window's tables show it."""
    moment = datetime.fromisoformat(iso).astimezone()
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}" if millis else text


def zoned_time(iso: str, utc: bool = False, digits: int = 3) -> str:
    """An ISO timestamp in the local zone (or in UTC) with its offset, to `digits` of a
    second (3: milliseconds, 6: microseconds): `2026-12-02 09:14:03.512 +01:00`. The
    offset is the one of that moment, which daylight saving time may make another than
    today's."""
    moment = datetime.fromisoformat(iso).astimezone(UTC if utc else None)
    fraction = f"{moment.microsecond:06d}"[:digits]
    offset = moment.strftime("%z")  # +0100: written +01:00, as ISO 8601 writes it
    return (f"{moment:%Y-%m-%d %H:%M:%S}{'.' if digits else ''}{fraction}"
            f" {offset[:3]}:{offset[3:5]}")


def with_zoned_times(value: Any, utc: bool = False) -> Any:
    """`value` (JSON data) with every timestamp that names its zone as `zoned_time`
    writes it to the microsecond: the time an event's metadata and payload carry, in the
    zone the window shows."""
    if isinstance(value, dict):
        return {key: with_zoned_times(each, utc) for key, each in value.items()}
    if isinstance(value, list):
        return [with_zoned_times(each, utc) for each in value]
    if isinstance(value, str) and _is_zoned_timestamp(value):
        return zoned_time(value, utc, digits=6)
    return value


def _is_zoned_timestamp(text: str) -> bool:
    # A date alone, or a time without a zone, names no moment: it is left as written.
    if len(text) < 20 or "T" not in text:
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def utc_time(iso: str) -> str:
    """An ISO timestamp to the second, as stored (UTC), as the command line shows it."""
    return iso[:19].replace("T", " ")
