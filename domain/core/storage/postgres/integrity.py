"""Our own checks of a PostgreSQL store, where SQLite's PRAGMA integrity_check has none:
the schema is ours, the events are still append-only, and their positions have no gap."""

from __future__ import annotations

from typing import Any

import psycopg

from domain.core.storage.postgres.schema import SCHEMA_VERSION, schema_version

APPEND_ONLY_TRIGGER = "events_are_append_only"
# Positions are numbered max + 1 under the append lock (event_log.py), so no rolled-back or
# concurrent append leaves a gap: one means events were deleted past the trigger. Counted
# first (one pass over the primary key); the first gap looked for only when there is one.
COUNT_SQL = (
    "SELECT count(*), coalesce(max(position), 0), coalesce(min(position), 1) FROM events")
FIRST_GAP_SQL = (
    "SELECT min(position) + 1 FROM events AS e WHERE position < (SELECT max(position)"
    " FROM events) AND NOT EXISTS (SELECT 1 FROM events WHERE position = e.position + 1)")


def own_damage(connection: psycopg.Connection[Any]) -> list[str]:
    """What is wrong with the store by our own rules: empty when nothing is."""
    found = []
    version = schema_version(connection)
    if version != SCHEMA_VERSION:
        found.append(f"the schema is at version {version}, not this version's "
                     f"{SCHEMA_VERSION}" + (" (it has no bookshelf_schema table)"
                                            if version == 0 else ""))
    row = connection.execute(
        "SELECT tgenabled FROM pg_trigger WHERE tgname = %s"
        " AND tgrelid = to_regclass('events')", (APPEND_ONLY_TRIGGER,)).fetchone()
    if row is None:
        found.append(f"the events table has lost its trigger {APPEND_ONLY_TRIGGER}: events "
                     "may be changed or deleted")
    elif row[0] == "D":
        found.append(f"the trigger {APPEND_ONLY_TRIGGER} is disabled: events may be changed "
                     "or deleted")
    count, last, first = connection.execute(COUNT_SQL).fetchone() or (0, 0, 1)
    if count != last:
        gap = connection.execute(FIRST_GAP_SQL).fetchone()
        where = 1 if first != 1 else (gap[0] if gap else None)
        found.append(f"the events' positions skip {int(last) - int(count)} of 1..{last}, "
                     f"the first at position {where}: events were deleted")
    return found
