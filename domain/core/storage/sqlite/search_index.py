"""The search index: a projection of every event into tables a search reads instead of scanning."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from domain.core.storage.search_text import is_id, searched_values, type_marker
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection, ProjectionStore, SqlValue

NAME = "projection.search"
# Timestamps are ISO 8601 text: their first 19 characters name the second.
SECOND = 19
# Events per statement: two values each stay far below SQLite's 32,766 parameters.
CHUNK = 500
# The commands past the index's mark, each position under its id, correlation and cause.
INDEX_COMMANDS_SQL = (
    "WITH fresh AS (SELECT position, id, correlation_id, causation_id FROM commands"
    " WHERE position > (SELECT coalesce(max(through), 0) FROM search_commands_through))"
    " INSERT OR IGNORE INTO search_commands (id, position)"
    " SELECT id, position FROM fresh"
    " UNION ALL SELECT correlation_id, position FROM fresh WHERE correlation_id IS NOT NULL"
    " UNION ALL SELECT causation_id, position FROM fresh WHERE causation_id IS NOT NULL")
# In the same transaction, under the write lock: no command was recorded in between.
# `max` alone in its SELECT: SQLite reads it off the primary key's end (with HAVING, or a
# WHERE beside it, it scanned every command: 0.5 ms more per command at 10,000).
MOVE_THROUGH_SQL = (
    "INSERT OR REPLACE INTO search_commands_through (one, through)"
    " SELECT 1, newest FROM (SELECT max(position) AS newest FROM commands)"
    " WHERE newest > (SELECT coalesce(max(through), 0) FROM search_commands_through)")
# The tables of the commands' index (see SearchIndex). A rebuild from events cannot make
# them (its scratch store holds no commands): `bookshelf check` compares them with the
# commands on record instead (COMMAND_INDEX_DIFFERENCES_SQL).
COMMAND_TABLES = ("search_commands", "search_commands_through")
# What the index should hold up to its mark, as INDEX_COMMANDS_SQL writes it; then the
# rows it holds that it should not, and those it lacks.
COMMAND_INDEX_DIFFERENCES_SQL = (
    "WITH mark AS (SELECT coalesce(max(through), 0) AS through FROM search_commands_through),"
    " indexed AS (SELECT position, id, correlation_id, causation_id FROM commands"
    " WHERE position <= (SELECT through FROM mark)),"
    " expected AS (SELECT id, position FROM indexed"
    " UNION SELECT correlation_id, position FROM indexed WHERE correlation_id IS NOT NULL"
    " UNION SELECT causation_id, position FROM indexed WHERE causation_id IS NOT NULL)"
    " SELECT (SELECT count(*) FROM (SELECT id, position FROM search_commands"
    " EXCEPT SELECT id, position FROM expected)),"
    " (SELECT count(*) FROM (SELECT id, position FROM expected"
    " EXCEPT SELECT id, position FROM search_commands))")


def stream_prefixes(stream: str) -> list[str]:
    """`bookshelf::`, its context, which a stream's short form is put after, and
    `bookshelf::order-`, which an aggregate id is put after, of `bookshelf::order-<uuid>`
    (neither for a stream without a context or an id)."""
    context, found, _name = stream.partition("::")
    return ([context + found] if found else []) + (
        [stream[:-36]] if is_id(stream[-36:]) else [])


class SearchIndex(Projection):
    """Every event, written where an index finds it, a commit after it is stored.

    - `search_text`: an FTS5 table of the event's payload values
      (search_text.searched_values) after its type's marker (search_text.type_marker),
      by position. Type names are not in it: a text is looked for in the few names of
      `search_types` instead, and their trigrams ("der", "add"), which every event would
      share, stay out of it. The trigram tokenizer finds any substring of three
      characters or more, in any script; the text is folded by Python (search_text.fold)
      before it is indexed and before it is looked up, because SQLite 3.40's tokenizer
      folds simple case only and cannot fold accents. Contentless: the text is not
      stored twice.
    - `search_types` and `search_typed`: each type once, and the positions of each type.
    - `search_ids`: the positions of each correlation and causation id. Event ids,
      aggregate ids and streams need no table: the events table's own indexes (id;
      stream, sequence) find them, with the contexts and the prefixes that an aggregate
      id follows kept in `search_streams`.
    - `search_seconds` and `search_late`: time. Positions grow with commits and timestamps
      with the clock, almost together; `search_seconds` keeps, for each second the newest
      timestamp so far reached, the first position where it did, so a time range becomes
      a range of positions (a second, not a minute: a flood stores 170,000 events a
      minute, which a range would then examine one by one). An event stamped in a second
      before the newest one so far (it waited for the write lock, or another process was
      slower) is `late`: a range that ends before the newest second takes those one by one.
    - `search_commands`: the positions of the commands on record (the `commands` table)
      by their id, correlation id and causation id, up to the position kept in
      `search_commands_through`; a reader examines the newer ones one by one. The commands
      table has no index of its own (each cost a command ~10 µs, schema step 5): it is
      indexed here, with each batch of events, off the commands' transactions. A refused
      command raises no event: it is indexed with the next batch.

    It handles every event type, so delivery decodes every event for it; it writes off the
    commands' transactions, on the delivery lane. The events table stays without indexes
    beyond its ids: an index on type cost 10-15% of every append.
    """

    name = NAME
    own_lane = True  # the window's feed and the other projections never wait for it
    # A transaction per commit took the write lock from the commands three times per
    # command instead of twice: at 1,000 commands/s without group commit, latency went
    # from 0.8 to 440 ms (p50). A tenth of a second of commits at once, one transaction.
    gather_s = 0.1
    # What `bookshelf check` compares with a fresh rebuild. Not `search_text`: a contentless
    # FTS5 table keeps no text to read back (and refuses to be scanned).
    tables = ("search_types", "search_typed", "search_ids", "search_streams",
              "search_seconds", "search_late")

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(text, content='',"
            " detail=full, columnsize=0, tokenize='trigram case_sensitive 1')")
        db.execute("CREATE TABLE IF NOT EXISTS search_types (id INTEGER PRIMARY KEY,"
                   " type TEXT NOT NULL UNIQUE)")
        db.execute("CREATE TABLE IF NOT EXISTS search_typed (type_id INTEGER NOT NULL,"
                   " position INTEGER NOT NULL, PRIMARY KEY (type_id, position)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_ids (id TEXT NOT NULL,"
                   " position INTEGER NOT NULL, PRIMARY KEY (id, position)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_streams (prefix TEXT PRIMARY KEY)"
                   " WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_seconds (second TEXT PRIMARY KEY,"
                   " first_position INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_late (position INTEGER PRIMARY KEY)")
        db.execute("CREATE TABLE IF NOT EXISTS search_commands (id TEXT NOT NULL,"
                   " position INTEGER NOT NULL, PRIMARY KEY (id, position)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_commands_through"
                   " (one INTEGER PRIMARY KEY CHECK (one = 1), through INTEGER NOT NULL)")

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        self.receive(store, [stored])

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        # A statement per table for a whole commit's events, not one per event: delivery
        # runs beside the commands, and every call into SQLite holds the GIL they need.
        for start in range(0, len(batch), CHUNK):
            self._index(store, batch[start:start + CHUNK])
        self._index_commands(store)

    @staticmethod
    def _index_commands(store: ProjectionStore) -> None:
        """Index the commands on record past `search_commands_through`, and move it: two
        statements, whatever their number (with every sync command, they are on its path)."""
        store.execute(INDEX_COMMANDS_SQL)
        store.execute(MOVE_THROUGH_SQL)

    def _index(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        # In the order they first occur: a rebuild, in batches of other sizes, numbers
        # them as delivery did.
        types = list(dict.fromkeys(stored.type for stored in batch))
        _insert(store, "INSERT OR IGNORE INTO search_types (type) VALUES",
                [(type_,) for type_ in types])
        ids = dict(store.execute(
            f"SELECT type, id FROM search_types WHERE type IN ({', '.join('?' * len(types))})",
            types).fetchall())
        _insert(store, "INSERT INTO search_text (rowid, text) VALUES", [
            (stored.position, f"{type_marker(ids[stored.type])} "
                              f"{searched_values(stored.event.to_dict())}")
            for stored in batch])
        typed = [(stored.type, stored.position) for stored in batch]
        rows = ", ".join(["(?, ?)"] * len(typed))
        store.execute("INSERT INTO search_typed (type_id, position) SELECT t.id, v.column2"
                      f" FROM (VALUES {rows}) v JOIN search_types t ON t.type = v.column1",
                      [value for row in typed for value in row])
        _insert(store, "INSERT OR IGNORE INTO search_ids (id, position) VALUES", [
            (each, stored.position) for stored in batch
            for each in {stored.metadata.correlation_id, stored.metadata.causation_id}
            if each is not None])
        prefixes = {prefix for stored in batch for prefix in stream_prefixes(stored.stream)}
        _insert(store, "INSERT OR IGNORE INTO search_streams (prefix) VALUES",
                [(prefix,) for prefix in sorted(prefixes)])
        self._place_in_time(store, batch)

    @staticmethod
    def _place_in_time(store: ProjectionStore, batch: list[StoredEvent]) -> None:
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

    def reset(self, db: sqlite_utils.Database) -> None:
        # A contentless FTS5 table refuses DELETE; 'delete-all' is its own way.
        db.execute("INSERT INTO search_text (search_text) VALUES ('delete-all')")
        for name in (*self.tables, *COMMAND_TABLES):
            db.execute(f'DELETE FROM "{name}"')


def _insert(store: ProjectionStore, statement: str,
            rows: Sequence[Sequence[SqlValue]]) -> None:
    """`statement` ("INSERT ... VALUES") with every row in one call; none, no call."""
    if rows:
        values = ", ".join(["(" + ", ".join("?" * len(rows[0])) + ")"] * len(rows))
        store.execute(f"{statement} {values}", [value for row in rows for value in row])
