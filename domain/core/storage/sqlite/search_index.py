"""The search index: a projection of every event into tables a search reads instead of scanning."""

from __future__ import annotations

import sqlite_utils

from domain.core.storage.search_text import is_id, searched_text
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection, ProjectionStore

NAME = "projection.search"
# Timestamps are ISO 8601 text: their first 16 characters name the minute.
MINUTE = 16


def stream_prefix(stream: str) -> str | None:
    """`bookshelf::order-` of `bookshelf::order-<uuid>`: what an aggregate id is put after
    to name its stream; None for a stream that does not end in an id."""
    head = stream[:-36]
    return head if is_id(stream[-36:]) and head.endswith("-") else None


class SearchIndex(Projection):
    """Every event, written where an index finds it, a commit after it is stored.

    - `search_text`: an FTS5 table of the event's searched text (search_text.searched_text),
      by position. The trigram tokenizer finds any substring of three characters or more,
      in any script; the text is folded by Python (str.casefold) before it is indexed and
      before it is looked up, because SQLite 3.40's tokenizer folds simple case only and
      cannot fold accents. Contentless: the text is not stored twice (0.17x the events).
    - `search_types` and `search_typed`: each type once, and the positions of each type.
    - `search_ids`: the positions of each correlation and causation id. Event ids and
      aggregate ids need no table: the events table's own indexes (id; stream, sequence)
      find them, with the stream prefixes kept in `search_streams`.
    - `search_minutes` and `search_late`: time. Positions grow with commits and timestamps
      with the clock, almost together; `search_minutes` keeps, for each minute the newest
      timestamp so far reached, the first position where it did, so a time range becomes
      a range of positions. An event stamped in a minute before the newest one so far (it
      waited for the write lock, or another process was slower) is `late`: a range that
      ends before the newest minute takes those one by one.

    It handles every event type, so delivery decodes every event for it; it writes off the
    commands' transactions, on the delivery lane. The events table stays without indexes
    beyond its ids: an index on type cost 10-15% of every append.
    """

    name = NAME
    # What `bookshelf check` compares with a fresh rebuild. Not `search_text`: a contentless
    # FTS5 table keeps no text to read back (and refuses to be scanned).
    tables = ("search_types", "search_typed", "search_ids", "search_streams",
              "search_minutes", "search_late")

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
        db.execute("CREATE TABLE IF NOT EXISTS search_minutes (minute TEXT PRIMARY KEY,"
                   " first_position INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS search_late (position INTEGER PRIMARY KEY)")

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        position, metadata = stored.position, stored.metadata
        store.execute("INSERT INTO search_text (rowid, text) VALUES (?, ?)",
                      (position, searched_text(stored.type, stored.event.to_dict())))
        store.execute("INSERT OR IGNORE INTO search_types (type) VALUES (?)", (stored.type,))
        store.execute("INSERT INTO search_typed (type_id, position)"
                      " SELECT id, ? FROM search_types WHERE type = ?", (position, stored.type))
        for each in {metadata.correlation_id, metadata.causation_id} - {None}:
            store.execute("INSERT OR IGNORE INTO search_ids (id, position) VALUES (?, ?)",
                          (each, position))
        prefix = stream_prefix(stored.stream)
        if prefix is not None:
            store.execute("INSERT OR IGNORE INTO search_streams (prefix) VALUES (?)", (prefix,))
        self._place_in_time(store, position, metadata.timestamp.isoformat()[:MINUTE])

    @staticmethod
    def _place_in_time(store: ProjectionStore, position: int, minute: str) -> None:
        newest = store.execute("SELECT max(minute) FROM search_minutes").fetchone()[0]
        if newest is None or minute > newest:
            store.execute("INSERT INTO search_minutes (minute, first_position) VALUES (?, ?)",
                          (minute, position))
        elif minute < newest:
            store.execute("INSERT INTO search_late (position) VALUES (?)", (position,))

    def reset(self, db: sqlite_utils.Database) -> None:
        # A contentless FTS5 table refuses DELETE; 'delete-all' is its own way.
        db.execute("INSERT INTO search_text (search_text) VALUES ('delete-all')")
        for name in self.tables:
            db.execute(f'DELETE FROM "{name}"')
