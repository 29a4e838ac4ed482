"""The SQLite reader: read-only queries of the event log and the projections."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence

import attrs

from domain.core.errors import StorageError
from domain.core.storage.query_sql import identifier
from domain.core.storage.reading import (
    NO_FILTER,
    CommandRecord,
    EventFilter,
    EventRecord,
    Reader,
    StateRecord,
)
from domain.core.storage.row_query import RowQuery
from domain.core.storage.search_text import (
    fold,
    is_id,
    names_type,
    phrase,
    text_matches,
    type_marker,
)
from domain.core.storage.sqlite.command_log import COLUMNS as COMMAND_COLUMNS
from domain.core.storage.sqlite.connection import (
    connect,
    reads_frozen_file,
    refuse_without_events,
    unread_commits,
)
from domain.core.storage.sqlite.errors import translated
from domain.core.storage.sqlite.event_log import LAST_POSITION_SQL
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.row_queries import (
    contains_clause,
    count_sql,
    rows_before_sql,
    sort_value_sql,
    window_sql,
)
from domain.core.storage.sqlite.search_index import NAME as SEARCH_INDEX
from domain.core.storage.sqlite.search_index import SECOND
from domain.core.storage.sqlite.tables import named_table
from domain.core.subscriber import Row, SqlValue

EVENT_COLUMNS = "position, timestamp, type, stream, payload, metadata"
PREFIXED_EVENT_COLUMNS = ", ".join(f"e.{column}" for column in EVENT_COLUMNS.split(", "))
# The last character there is: a stream range from "x::order-1a2b" ends before it appended.
LAST_CHARACTER = "\U0010ffff"


@attrs.frozen
class Span:
    """The positions after `after` and before `before` (no end when None)."""

    after: int
    before: int | None

    @property
    def empty(self) -> bool:
        return self.before is not None and self.before <= self.after + 1

    def clauses(self, column: str) -> list[str]:
        return [f"{column} > ?"] + ([f"{column} < ?"] if self.before is not None else [])

    def parameters(self) -> list[SqlValue]:
        return [self.after, self.before] if self.before is not None else [self.after]


def min_position(before: int | None, other: int) -> int:
    """The nearer of two upper bounds, `before` being none when None."""
    return other if before is None else min(before, other)


@attrs.frozen
class SearchQuery:
    """A filter as one SELECT over the search index: `source` finds the candidates (the
    text index, the positions of a type, the ids' indexes, or the events themselves) in the
    order of `position`, and `where` keeps those that pass."""

    source: str
    position: str
    where: list[str]
    parameters: list[SqlValue]
    # The index's table alone, when `where` needs no column of the events: a count reads
    # it without a lookup of each event (a type's 480,000 of a million: 5 ms, not 215).
    bare_source: str | None = None


def search_queries(selection: EventFilter, prefixes: Sequence[str],
                   types: Mapping[int, str]) -> list[SearchQuery]:
    """`selection` as queries of the search index, whose answers together are its answer
    (none: nothing can pass). `prefixes`: the stream prefixes stored, `types`: each
    stored type by its id (SearchIndex)."""
    where, parameters = filter_clauses(attrs.evolve(selection, text=""))
    # A type's positions need no test of the type: it is chosen below by the same test.
    untyped, untyped_parameters = filter_clauses(attrs.evolve(selection, text="", type=None))

    def typed(type_id: int) -> SearchQuery:
        return SearchQuery("search_typed t JOIN events e ON e.position = t.position",
                           "t.position", ["t.type_id = ?", *untyped],
                           [type_id, *untyped_parameters],
                           None if untyped else "search_typed t")

    def matching(match: str) -> SearchQuery:
        return SearchQuery("search_text JOIN events e ON e.position = search_text.rowid",
                           "search_text.rowid", ["search_text MATCH ?", *where],
                           [match, *parameters], None if where else "search_text")

    chosen = None if not selection.type else [
        type_id for type_id, name in types.items()
        if name == selection.type or selection.type_marker in name]
    if chosen is not None and not chosen:
        return []  # a type never stored
    text = selection.text
    if text and selection.stream and not is_id(text):
        # A stream holds few events: find them, then look for the text in each (the
        # text's own index may hold half the log for a common word).
        streams, named = stream_ranges(selection.stream, prefixes)
        return [SearchQuery("events e", "e.position",
                            [streams, "search_matches(?, e.type, e.payload)", *where],
                            [*named, text, *parameters])]
    if text and is_id(text):
        # An id is looked up, never searched as text: the events' own indexes (id; stream,
        # sequence) and the correlation and causation ids' (search_ids).
        ids = ["e.id = ?", "e.position IN (SELECT position FROM search_ids WHERE id = ?)"]
        found: list[SqlValue] = [text, text]
        if prefixes:
            ids.append(f"e.stream IN ({', '.join('?' * len(prefixes))})")
            found += [prefix + text for prefix in prefixes]
        return [SearchQuery("events e", "e.position", ["(" + " OR ".join(ids) + ")", *where],
                            [*found, *parameters])]
    if text:
        # In a type's name: every event of that type; in the payload's values: the text
        # index, where a type is its marker, so that both meet in one walk of the index.
        folded = fold(text)
        in_names = {type_id for type_id, name in types.items() if names_type(folded, name)}
        if chosen is None:
            return [matching(phrase(text)), *(typed(type_id) for type_id in sorted(in_names))]
        return [typed(type_id) if type_id in in_names else
                matching(f"{phrase(text)} AND {phrase(type_marker(type_id))}")
                for type_id in chosen]
    if selection.stream:
        streams, named_streams = stream_ranges(selection.stream, prefixes)
        return [SearchQuery("events e", "e.position", [streams, *where],
                            [*named_streams, *parameters])]
    if chosen:
        # A short name of several types (two versions, two contexts): one walk of each
        # type's positions, merged, rather than one sort of all of them.
        return [typed(type_id) for type_id in chosen]
    return [SearchQuery("events e", "e.position", where, parameters)]


def stream_ranges(stream: str, prefixes: Sequence[str]) -> tuple[str, list[SqlValue]]:
    """SQL finding `stream` through the events' index on (stream, sequence): the stream
    itself, or those whose name after their context starts with it (`order-1a2b3c4d`),
    one range per context (the prefixes that end in "::"). A subquery: asked for the
    newest first, SQLite would otherwise walk every position."""
    finds = ["SELECT position FROM events WHERE stream = ?"]
    parameters = list[SqlValue]([stream])
    for context in sorted(prefix for prefix in prefixes if prefix.endswith("::")):
        finds.append("SELECT position FROM events WHERE stream >= ? AND stream < ?")
        parameters += [context + stream, context + stream + LAST_CHARACTER]
    return f"e.position IN ({' UNION ALL '.join(finds)})", parameters


# A stream's recorded states, oldest first: a write's is under its last event's position
# (see the migration's step 6), found through the events' index on (stream, sequence);
# one that raised no event is under a negative key, with its stream.
STATES_SQL = (
    "SELECT state.version, event.sequence, state.state, 1 FROM events AS event"
    " JOIN aggregate_states AS state ON state.position = event.position"
    " WHERE event.stream = ? UNION ALL"  # a write that raised no event has a negative key
    " SELECT version, sequence, state, 0 FROM aggregate_states"
    " WHERE stream = ? AND position < 0 ORDER BY 1")


class SqliteReader(Reader):
    """A read-only connection to the database at `location`, for one thread.

    WAL lets it read while a writer commits; each query runs in autocommit, so it sees
    every transaction committed before it started. A filter is answered from the search
    index (SearchIndex) up to the index's position, and by examining the newer events one
    by one (the caller bounds how many: EventLog.scope); no filter is a scan of the log.
    """

    def __init__(self, location: str, create_nothing: bool = False) -> None:
        """`create_nothing`: no file is created beside the database, not even the -wal and
        -shm a reader of a WAL database creates when no program has it open (then the file
        alone is read, and later commits are not seen: `frozen` says so)."""
        self.location = location
        self.create_nothing = create_nothing
        self._connection: sqlite3.Connection | None = connect(
            location, read_only=True, create_nothing=create_nothing)
        self.frozen = create_nothing and reads_frozen_file(location)
        self.unread_commits = unread_commits(location)
        self._generations = False  # whether the checkpoints table counts them (schema 3)
        self._commands = False  # whether it has the commands on record (schema 5)
        self._states = False  # whether it has the aggregates' states (schema 6)
        self._connection.row_factory = sqlite3.Row
        # The picker's and the tables' filters fold case only ("émile" finds "Émile").
        self._connection.create_function("fold", 1, str.casefold, deterministic=True)
        # The text filter on events the search index does not hold yet.
        self._connection.create_function("search_matches", 3, text_matches,
                                         deterministic=True)
        self._search_index = False  # whether the file has its tables (SearchIndex)
        try:
            with translated(location):
                refuse_without_events(self._connection, location)
            self._data_version = self._read_data_version()
        except BaseException:
            self.close()
            raise

    def written_since_frozen(self) -> bool:
        return self.frozen and not reads_frozen_file(self.location)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _execute(self, sql: str, parameters: Sequence[SqlValue] = ()) -> list[sqlite3.Row]:
        if self._connection is None:
            raise StorageError(f"the reader of {self.location} is closed")
        # Fetched inside: a damaged page may be met on any row, not only the first.
        with translated(self.location):
            return self._connection.execute(sql, parameters).fetchall()

    # -- the event log ---------------------------------------------------------------------

    def last_position(self) -> int:
        return int(self._execute(LAST_POSITION_SQL)[0][0])

    def events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
               before: int | None = None, newest_first: bool = False,
               limit: int | None = None) -> list[EventRecord]:
        if selection.empty:
            return self._events_in(Span(after, before), [], [], newest_first, limit)
        # What the search index holds is read from it; what is newer (it is a commit or
        # so behind, or catching up, or stopped) is examined one event at a time.
        indexed = self.search_position() if not selection.needs_scan else 0
        parts = [Span(after, min_position(before, indexed + 1)),
                 Span(max(after, indexed), before)]
        if newest_first:
            parts.reverse()
        found: list[EventRecord] = []
        for part in parts:
            if part.empty or (limit is not None and len(found) >= limit):
                continue
            wanted = None if limit is None else limit - len(found)
            if part.after >= indexed:
                where, parameters = filter_clauses(selection)
                found += self._events_in(part, where, parameters, newest_first, wanted)
            else:
                found += self._searched(selection, part, newest_first, wanted)
        return found

    def _events_in(self, span: Span, where: list[str], parameters: list[SqlValue],
                   newest_first: bool, limit: int | None) -> list[EventRecord]:
        """The events of `span` that pass `where`, examined one by one in position order."""
        where = [*span.clauses("position"), *where]
        order = "DESC" if newest_first else "ASC"
        sql = (f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)}"
               f" ORDER BY position {order} LIMIT ?")
        rows = self._execute(sql, [*span.parameters(), *parameters,
                                   -1 if limit is None else limit])
        return [EventRecord(*row) for row in rows]

    def _searched(self, selection: EventFilter, span: Span, newest_first: bool,
                  limit: int | None) -> list[EventRecord]:
        """The events of `span`, all of it indexed, that pass `selection`, found through
        the search index (see SearchIndex)."""
        asked, span = span, self._time_span(selection, span)
        late = self._late(selection, span, asked)
        if span.empty and late is None:
            return []
        queries = search_queries(selection, self._stream_prefixes(), self._types())
        found: list[EventRecord] = []
        for query in queries:
            if not span.empty:
                found += self._execute_search(query, span, newest_first, limit)
            if late is not None:
                found += self._execute_search(query, late, newest_first, limit, late=True)
        if len(queries) > 1 or late is not None:
            found = sorted(set(found), reverse=newest_first)[:limit]
        return found

    def _execute_search(self, query: SearchQuery, span: Span, newest_first: bool,
                        limit: int | None, late: bool = False) -> list[EventRecord]:
        """`query` over `span`; with `late`, only over the late events of `span`."""
        sql, parameters = self._search_sql(query, span, late, PREFIXED_EVENT_COLUMNS)
        order = "DESC" if newest_first else "ASC"
        rows = self._execute(f"{sql} ORDER BY {query.position} {order} LIMIT ?",
                             [*parameters, -1 if limit is None else limit])
        return [EventRecord(*row) for row in rows]

    @staticmethod
    def _search_sql(query: SearchQuery, span: Span, late: bool, columns: str,
                    source: str | None = None) -> tuple[str, list[SqlValue]]:
        """`query` over `span` (with `late`, only over its late events) as a SELECT of
        `columns` from `source` (the query's own when None), unordered."""
        where = [*query.where]
        if late:
            where.append(f"{query.position} IN (SELECT position FROM search_late WHERE"
                         f" {' AND '.join(span.clauses('position'))})")
        else:
            where += span.clauses(query.position)
        return (f"SELECT {columns} FROM {source or query.source} WHERE {' AND '.join(where)}",
                [*query.parameters, *span.parameters()])

    # -- counting --------------------------------------------------------------------------

    def count_events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
                     before: int | None = None) -> int:
        if selection.empty:
            # Positions run 1..last without a gap: each is the rowid SQLite gives the one
            # append (max + 1, again after a rollback), and the log refuses deletes. A
            # count(*) would read every page between (1.7 s for a million events, cold).
            end = self.last_position() if before is None else min(before - 1,
                                                                  self.last_position())
            return max(0, end - after)
        # As `events` reads them: from the search index up to its position, one by one past.
        indexed = self.search_position() if not selection.needs_scan else 0
        count = 0
        for part in (Span(after, min_position(before, indexed + 1)),
                     Span(max(after, indexed), before)):
            if part.empty:
                continue
            if part.after >= indexed:
                where, parameters = filter_clauses(selection)
                where = [*part.clauses("position"), *where]
                count += int(self._execute(f"SELECT count(*) FROM events WHERE"
                                           f" {' AND '.join(where)}",
                                           [*part.parameters(), *parameters])[0][0])
            else:
                count += self._count_searched(selection, part)
        return count

    def _count_searched(self, selection: EventFilter, span: Span) -> int:
        """How many events `_searched` finds in `span`: its queries' positions, each once."""
        asked, span = span, self._time_span(selection, span)
        late = self._late(selection, span, asked)
        selects: list[tuple[str, list[SqlValue]]] = []
        for query in search_queries(selection, self._stream_prefixes(), self._types()):
            column = f"{query.position} AS position"
            if not span.empty:
                selects.append(self._search_sql(query, span, False, column, query.bare_source))
            if late is not None:
                selects.append(self._search_sql(query, late, True, column, query.bare_source))
        if not selects:
            return 0
        # UNION: an event two queries find (a text in its type's name and in its payload)
        # is counted once.
        union = " UNION ".join(sql for sql, _ in selects)
        return int(self._execute(f"SELECT count(*) FROM ({union})",
                                 [value for _, parameters in selects
                                  for value in parameters])[0][0])

    # -- the search index ------------------------------------------------------------------

    def search_position(self) -> int:
        if not self._has_search_index():
            return 0
        rows = self._execute("SELECT position FROM checkpoints WHERE subscriber = ?",
                             (SEARCH_INDEX,))
        return int(rows[0][0]) if rows else 0

    def _has_search_index(self) -> bool:
        # Asked again until found: a writer may create the tables while this reader is open.
        if not self._search_index:
            self._search_index = bool(self._execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'search_late'"))
        return self._search_index

    def _time_span(self, selection: EventFilter, span: Span) -> Span:
        """`span` narrowed to the positions whose newest second so far is in the range."""
        after, before = span.after, span.before
        if selection.since:
            rows = self._execute("SELECT min(first_position) FROM search_seconds"
                                 " WHERE second >= ?", (selection.since[:SECOND],))
            if rows[0][0] is None:
                return Span(after, after)  # no indexed event is that recent
            after = max(after, int(rows[0][0]) - 1)
        if selection.until:
            rows = self._execute("SELECT min(first_position) FROM search_seconds"
                                 " WHERE second > ?", (selection.until[:SECOND],))
            if rows[0][0] is not None:
                before = min_position(before, int(rows[0][0]))
        return Span(after, before)

    def _late(self, selection: EventFilter, span: Span, asked: Span) -> Span | None:
        """The positions of `asked` past where `until` cut it to `span`, when events there
        were stamped before the newest second so far (none can be before where `since`
        cut it); None when there are none."""
        if not selection.until or span.before is None or span.before == asked.before:
            return None
        upto = Span(max(span.after, span.before - 1), asked.before)
        found = self._execute(f"SELECT 1 FROM search_late WHERE"
                              f" {' AND '.join(upto.clauses('position'))} LIMIT 1",
                              upto.parameters())
        return upto if found else None

    def _stream_prefixes(self) -> list[str]:
        return [str(row[0]) for row in self._execute("SELECT prefix FROM search_streams")]

    def _types(self) -> dict[int, str]:
        return {int(row[0]): str(row[1]) for row in self._execute(
            "SELECT id, type FROM search_types")}

    def event_types(self) -> list[str]:
        # The search index keeps each type once: only the events past it are scanned.
        if not self._has_search_index():
            return [str(row[0]) for row in self._execute("SELECT DISTINCT type FROM events")]
        return [str(row[0]) for row in self._execute(
            "SELECT type FROM search_types UNION SELECT type FROM events WHERE position > ?",
            (self.search_position(),))]

    # -- the projections -------------------------------------------------------------------

    def projection_rows(self, table: str, *, order_by: str,
                        equal: Mapping[str, SqlValue] | None = None,
                        above: Mapping[str, SqlValue] | None = None,
                        containing: tuple[Collection[str], str] | None = None,
                        limit: int | None = None) -> list[dict[str, Row]]:
        where: list[str] = []
        parameters: list[SqlValue] = []
        for operator, values in (("=", equal or {}), (">", above or {})):
            for column, value in values.items():
                where.append(f"{identifier(column)} {operator} ?")
                parameters.append(value)
        if containing is not None:
            clause, texts = contains_clause(*containing)
            where.append(clause)
            parameters.extend(texts)
        # NOCASE: "a Quiet Garden" sorts with "A Distant Kingdom", not after "Z".
        sql = (f"SELECT * FROM {identifier(table)} WHERE {' AND '.join(where) or '1'}"
               f" ORDER BY {identifier(order_by)} COLLATE NOCASE")
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return [dict(row) for row in self._execute(sql, parameters)]

    def aggregate_row(self, aggregate: str, aggregate_id: str) -> dict[str, Row] | None:
        # Every column the file has, by name: one an older release did not write is
        # missing (a read-only file is never migrated), never an error.
        rows = self._execute(f"SELECT * FROM {identifier(named_table(aggregate))}"
                             " WHERE id = ?", (aggregate_id,))
        return dict(rows[0]) if rows else None

    def count_rows(self, query: RowQuery) -> int:
        return int(self._execute(*count_sql(query))[0][0])

    def rows_at(self, query: RowQuery, offset: int, limit: int) -> list[dict[str, Row]]:
        return [dict(row) for row in self._execute(*window_sql(query, offset, limit))]

    def row_index(self, query: RowQuery, key: SqlValue) -> int | None:
        sql, parameters = sort_value_sql(query)
        found = self._execute(sql, [key, *parameters])
        if not found:
            return None
        value, rowid = found[0]
        return int(self._execute(*rows_before_sql(query, value, rowid))[0][0])

    def type_counts(self, after: int = 0) -> dict[str, int]:
        return {str(type_): int(count) for type_, count in self._execute(
            "SELECT type, count(*) FROM events WHERE position > ? GROUP BY type", (after,))}

    def positions(self) -> dict[str, int]:
        return {str(name): int(position) for name, position in self._execute(
            "SELECT subscriber, position FROM checkpoints")}

    def failures(self) -> list[dict[str, Row]]:
        return [dict(row) for row in self._execute(
            "SELECT * FROM failures ORDER BY position, subscriber")]

    def failure_counts(self) -> tuple[int, int]:
        # A file of an older schema read as it is has no column skipped_at: none skipped.
        skips = any(row["name"] == "skipped_at" for row in self._execute(
            "PRAGMA table_info(failures)"))
        waiting, parked = self._execute(
            "SELECT count(*), coalesce(sum(parked), 0) FROM failures"
            + (" WHERE skipped_at IS NULL" if skips else ""))[0]
        return int(waiting), int(parked)

    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Row]]:
        if not self._execute("SELECT 1 FROM sqlite_master WHERE name = 'slow_deliveries'"):
            return []  # a read-only file of schema 2, which nothing migrated
        return [dict(row) for row in self._execute(
            "SELECT * FROM slow_deliveries ORDER BY finished, started_at DESC LIMIT ?",
            (limit,))]

    def stops(self, subscribers: Collection[str]) -> list[dict[str, Row]]:
        names = sorted(subscribers)
        if not names:
            return []
        # Filtered here, not in SQL: a file of an older schema read as it is has no
        # column skipped_at, and then no failure was skipped.
        rows = self._execute(stops_sql(len(names), skips=False), names)
        return [dict(row) for row in rows if dict(row).get("skipped_at") is None]

    def commands(self, *, correlation_id: str | None = None, limit: int | None = 100
                 ) -> list[CommandRecord]:
        if not self._has_commands():
            return []
        where = "WHERE correlation_id = ? " if correlation_id is not None else ""
        parameters: list[SqlValue] = [correlation_id] if correlation_id is not None else []
        rows = self._execute(f"SELECT {COMMAND_COLUMNS} FROM commands {where}"
                             "ORDER BY position DESC LIMIT ?",
                             [*parameters, -1 if limit is None else limit])
        return [CommandRecord(*row) for row in rows]

    def command(self, command_id: str) -> CommandRecord | None:
        found = [each for each in self.commands_about(command_id) if each.id == command_id]
        return found[-1] if found else None

    def commands_about(self, message_id: str) -> list[CommandRecord]:
        if not self._has_commands():
            return []
        # What the search index holds is read from it; the newer commands (all of them in
        # a file without its tables: an old one read as it is) are examined one by one.
        through = self._commands_indexed()
        indexed = ("position <= ? AND position IN (SELECT position FROM search_commands"
                   " WHERE id = ?)")
        rows = self._execute(
            f"SELECT {COMMAND_COLUMNS} FROM commands WHERE {indexed} UNION ALL"
            f" SELECT {COMMAND_COLUMNS} FROM commands WHERE position > ?"
            " AND ? IN (id, correlation_id, causation_id) ORDER BY position",
            (through, message_id, through, message_id)) if through is not None else (
            self._execute(f"SELECT {COMMAND_COLUMNS} FROM commands"
                          " WHERE ? IN (id, correlation_id, causation_id) ORDER BY position",
                          (message_id,)))
        return [CommandRecord(*row) for row in rows]

    def _commands_indexed(self) -> int | None:
        """The last command position the search index holds; None without its tables."""
        if not self._has_search_index() or not self._execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'search_commands_through'"):
            return None
        return int(self._execute(
            "SELECT coalesce(max(through), 0) FROM search_commands_through")[0][0])

    def _has_commands(self) -> bool:
        # Asked again until found: a file of schema 4 read as it is has no commands table,
        # and the writer may migrate it while this reader is open.
        if not self._commands:
            self._commands = bool(self._execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'commands'"))
        return self._commands

    def states(self, stream: str) -> list[StateRecord]:
        if not self._states:
            # Asked again until found, as for the commands: the writer may migrate the file.
            self._states = bool(self._execute("SELECT 1 FROM sqlite_master WHERE type = "
                                              "'table' AND name = 'aggregate_states'"))
            if not self._states:
                return []
        rows = self._execute(STATES_SQL, (stream, stream))
        return [StateRecord(version, sequence, state, bool(raised))
                for version, sequence, state, raised in rows]

    def generation(self) -> int:
        if not self._has_generations():
            return 0  # a file of schema 2, read as it is: never rebuilt this way
        return int(self._execute("SELECT coalesce(sum(generation), 0) FROM checkpoints")[0][0])

    def _has_generations(self) -> bool:
        # Asked again until found: the writer may migrate the file while this reader is open.
        if not self._generations:
            self._generations = any(row["name"] == "generation" for row in self._execute(
                "PRAGMA table_info(checkpoints)"))
        return self._generations

    # -- other connections' commits --------------------------------------------------------

    def changed(self) -> bool:
        # data_version moves with every commit of another connection, never with our reads.
        version = self._read_data_version()
        moved, self._data_version = version != self._data_version, version
        return moved

    def _read_data_version(self) -> int:
        return int(self._execute("PRAGMA data_version")[0][0])


def filter_clauses(selection: EventFilter) -> tuple[list[str], list[SqlValue]]:
    """`selection` as SQL conditions on the events table, examined one event at a time
    (`events` may be aliased `e`: no column is qualified), and their parameters."""
    where: list[str] = []
    parameters: list[SqlValue] = []
    if selection.type:
        # instr, not GLOB or LIKE: the name is matched as written, wildcards and all.
        where.append("(type = ? OR instr(type, ?) > 0)")
        parameters += [selection.type, selection.type_marker]
    if selection.stream:  # as EventFilter.accepts: the stream, or its name starts so
        where.append("(stream = ? OR (instr(stream, '::') > 0"
                     " AND substr(stream, instr(stream, '::') + 2, ?) = ?))")
        parameters += [selection.stream, len(selection.stream), selection.stream]
    if selection.text and is_id(selection.text):  # as EventFilter.accepts looks it up
        where.append("(id = ? OR substr(stream, -36) = ?"
                     " OR ? IN (json_extract(metadata, '$.correlation_id'),"
                     " json_extract(metadata, '$.causation_id')))")
        parameters += [selection.text] * 3
    elif selection.text:
        where.append("search_matches(?, type, payload)")
        parameters.append(selection.text)
    # Stored as datetime.isoformat writes UTC, as EventFilter.moment does: text compares.
    if selection.since:
        where.append("timestamp >= ?")
        parameters.append(selection.since)
    if selection.until:
        where.append("timestamp < ?")
        parameters.append(selection.until)
    return where, parameters
