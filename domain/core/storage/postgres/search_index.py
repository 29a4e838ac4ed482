"""The search index on PostgreSQL: the tables of SearchIndex, its folded text under a pg_trgm
GIN index, written through the delivering store's `execute` (`?` placeholders)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.core.storage.search_text import searched_values
from domain.core.storage.sqlite.search_index import SECOND, stream_prefixes
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import DatabaseHandle, ProjectionStore, SqlValue

# Events per statement: five values each stay far below PostgreSQL's 65,535 parameters.
CHUNK = 500
TRIGRAM_INDEX = "search_text_trigrams"
# pg_trgm is a trusted extension (PostgreSQL 13 on): any role that may create objects in the
# database may create it, a superuser or not. It is created only when it may be: a failed
# CREATE EXTENSION would abort the transaction that creates the other tables. Where it is
# (its schema names its operator class: a rebuild runs with its own schema alone on the
# search path), or whether it may be created, in `public`.
TRIGRAMS_SQL = (
    "SELECT (SELECT n.nspname FROM pg_extension x JOIN pg_namespace n"
    " ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'),"
    " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')"
    " AND to_regnamespace('public') IS NOT NULL"
    " AND (has_database_privilege(current_database(), 'CREATE')"
    " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))")
# Times and streams compare byte by byte, as on SQLite, whatever the database's collation.
TABLES_SQL = (
    # The folded values (search_text.searched_values) and the type, by position. Not the
    # type's marker that SQLite's FTS5 table puts first: a column holds the type here.
    "CREATE TABLE IF NOT EXISTS search_text (position BIGINT PRIMARY KEY,"
    " type_id INTEGER NOT NULL, text TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_types (id INTEGER PRIMARY KEY,"
    " type TEXT COLLATE \"C\" NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS search_typed (type_id INTEGER NOT NULL,"
    " position BIGINT NOT NULL, PRIMARY KEY (type_id, position))",
    "CREATE TABLE IF NOT EXISTS search_ids (id TEXT COLLATE \"C\" NOT NULL,"
    " position BIGINT NOT NULL, PRIMARY KEY (id, position))",
    "CREATE TABLE IF NOT EXISTS search_streams (prefix TEXT COLLATE \"C\" PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS search_seconds (second TEXT COLLATE \"C\" PRIMARY KEY,"
    " first_position BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_late (position BIGINT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS search_commands (id TEXT COLLATE \"C\" NOT NULL,"
    " position BIGINT NOT NULL, PRIMARY KEY (id, position))",
    "CREATE TABLE IF NOT EXISTS search_commands_through"
    " (one INTEGER PRIMARY KEY CHECK (one = 1), through BIGINT NOT NULL)",
)
# The commands past the index's mark, each position under its id, correlation and cause,
# and the mark moved, in one statement: its one snapshot sees the same commands for both
# (READ COMMITTED gives each statement its own, and a command may commit in between).
INDEX_COMMANDS_SQL = (
    "WITH fresh AS (SELECT position, id, correlation_id, causation_id FROM commands"
    " WHERE position > (SELECT coalesce(max(through), 0) FROM search_commands_through)),"
    " indexed AS (INSERT INTO search_commands (id, position)"
    " SELECT id, position FROM fresh"
    " UNION ALL SELECT correlation_id, position FROM fresh WHERE correlation_id IS NOT NULL"
    " UNION ALL SELECT causation_id, position FROM fresh WHERE causation_id IS NOT NULL"
    " ON CONFLICT DO NOTHING)"
    " INSERT INTO search_commands_through (one, through)"
    " SELECT 1, max(position) FROM fresh HAVING max(position) IS NOT NULL"
    " ON CONFLICT (one) DO UPDATE SET through = excluded.through")


def create_tables(db: DatabaseHandle) -> str | None:
    """Create the index's tables, and the trigram index when pg_trgm is there or may be
    created; None then, else why the text is searched by a scan of `search_text` instead
    (the same answers, slower)."""
    for statement in TABLES_SQL:
        db.execute(statement)
    installed_in, creatable = db.execute(TRIGRAMS_SQL).fetchone()
    if installed_in is None and not creatable:
        return ("pg_trgm is not installed in this database, and this user may not create "
                "it (or the server lacks it: Debian's postgresql package has it)")
    if installed_in is None:
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        installed_in = "public"
    db.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON search_text"
               f' USING gin (text "{installed_in}".gin_trgm_ops)')
    return None


def reset(db: DatabaseHandle, tables: Sequence[str]) -> None:
    for name in ("search_text", *tables):
        db.execute(f'DELETE FROM "{name}"')


def receive(store: ProjectionStore, batch: list[StoredEvent]) -> None:
    """Index `batch` and the commands recorded since the last batch."""
    for start in range(0, len(batch), CHUNK):
        _index(store, batch[start:start + CHUNK])
    store.execute(INDEX_COMMANDS_SQL)


def _index(store: ProjectionStore, batch: list[StoredEvent]) -> None:
    # Numbered as SQLite numbers them (max + 1, in the order they first occur), not by a
    # sequence, which a rolled-back transaction leaves gaps in: a rebuild numbers them alike.
    types = list(dict.fromkeys(stored.type for stored in batch))
    values = ", ".join(["(?, ?)"] * len(types))
    store.execute(
        "INSERT INTO search_types (id, type) SELECT (SELECT coalesce(max(id), 0)"
        " FROM search_types) + row_number() OVER (ORDER BY v.ord::integer), v.type"
        f" FROM (VALUES {values}) AS v (type, ord) WHERE NOT EXISTS"
        " (SELECT 1 FROM search_types t WHERE t.type = v.type)",
        [value for order, type_ in enumerate(types) for value in (type_, order)])
    placeholders = ", ".join("?" * len(types))
    ids = {str(type_): int(id_) for type_, id_ in store.execute(
        f"SELECT type, id FROM search_types WHERE type IN ({placeholders})", types).fetchall()}
    _insert(store, "INSERT INTO search_text (position, type_id, text) VALUES", [
        (stored.position, ids[stored.type], searched_values(stored.event.to_dict()))
        for stored in batch])
    _insert(store, "INSERT INTO search_typed (type_id, position) VALUES",
            [(ids[stored.type], stored.position) for stored in batch])
    _insert(store, "INSERT INTO search_ids (id, position) VALUES", [
        (each, stored.position) for stored in batch
        for each in {stored.metadata.correlation_id, stored.metadata.causation_id}
        if each is not None], " ON CONFLICT DO NOTHING")
    prefixes = {prefix for stored in batch for prefix in stream_prefixes(stored.stream)}
    _insert(store, "INSERT INTO search_streams (prefix) VALUES",
            [(prefix,) for prefix in sorted(prefixes)], " ON CONFLICT DO NOTHING")
    _place_in_time(store, batch)


def _place_in_time(store: ProjectionStore, batch: list[StoredEvent]) -> None:
    """As SQLite's index does (see SearchIndex): each second's first position, and the
    events stamped before the newest second so far."""
    newest = store.execute("SELECT max(second) FROM search_seconds").fetchone()[0] or ""
    seconds: list[tuple[str, int]] = []
    late: list[tuple[int]] = []
    for stored in batch:
        second = stored.metadata.timestamp.isoformat()[:SECOND]
        if second > newest:
            newest = second
            seconds.append((second, stored.position))
        elif second < newest:
            late.append((stored.position,))
    _insert(store, "INSERT INTO search_seconds (second, first_position) VALUES", seconds)
    _insert(store, "INSERT INTO search_late (position) VALUES", late)


def _insert(store: ProjectionStore, statement: str, rows: Sequence[Sequence[SqlValue]],
            conflict: str = "") -> None:
    """`statement` ("INSERT ... VALUES") with every row in one call; none, no call."""
    if rows:
        values = ", ".join(["(" + ", ".join("?" * len(rows[0])) + ")"] * len(rows))
        store.execute(f"{statement} {values}{conflict}",
                      [value for row in rows for value in row])
