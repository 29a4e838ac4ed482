"""Our own checks of a PostgreSQL store, where SQLite's PRAGMA integrity_check has none:
the schema is ours, the events are still append-only, and their positions have no gap."""

from __future__ import annotations

from typing import Any

import psycopg

from domain.core.storage.postgres.schema import SCHEMA_VERSION, schema_version

APPEND_ONLY_TRIGGER = "events_are_append_only"
# A gap below the last position, and where the first one is. Positions are numbered
# max + 1 under the append lock (event_log.py), so no rolled-back or concurrent append
# leaves one: a gap means events were deleted past the trigger.
GAP_SQL = (
    "SELECT count(*), coalesce(max(position), 0),"
    " (SELECT min(position) + 1 FROM events AS e WHERE position < (SELECT max(position)"
    " FROM events) AND NOT EXISTS (SELECT 1 FROM events WHERE position = e.position + 1)),"
    " coalesce(min(position), 1) FROM events")


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
    count, last, first_gap, first = connection.execute(GAP_SQL).fetchone() or (0, 0, None, 1)
    if count != last:
        missing = int(last) - int(count)
        where = 1 if first != 1 else first_gap
        found.append(f"the events' positions have {missing} gap(s) up to {last}, the first "
                     f"at position {where}: events were deleted")
    return found
