"""The PostgreSQL reader: read-only queries of the event log and the projections, answering
as the SQLite reader does."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager

import attrs
import psycopg
from psycopg.rows import dict_row

from domain.core.errors import StorageError
from domain.core.storage.port import EventResolver
from domain.core.storage.postgres.connection import connect, shown
from domain.core.storage.postgres.json_order import metadata_text, payload_text
from domain.core.storage.postgres.row_queries import (
    contains_clause,
    count_sql,
    like_pattern,
    nocase,
    rows_before_sql,
    sort_value_sql,
    window_sql,
)
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
from domain.core.storage.search_text import fold, is_id, names_type, text_matches
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.reader import Span, min_position
from domain.core.storage.sqlite.search_index import NAME as SEARCH_INDEX
from domain.core.storage.sqlite.search_index import SECOND
from domain.core.storage.sqlite.tables import named_table
from domain.core.subscriber import Row, SqlValue

EVENT_COLUMNS = ("e.position, e.timestamp, e.type, e.stream, e.payload::text,"
                 " e.metadata::text")
COMMAND_COLUMNS = ("position, id, type, timestamp, payload::text, correlation_id,"
                   " causation_id, outcome, error_type, errors::text")
# Events read at a time where the text is tested here, past the search index: the test
# is Python's (search_text.text_matches), which no SQL of PostgreSQL's folds alike.
PAGE = 1_000
# A stream's recorded states, oldest first, as SQLite's reader reads them (STATES_SQL).
STATES_SQL = (
    "SELECT state.version, event.sequence, state.state::text, 1 FROM events AS event"
    " JOIN aggregate_states AS state ON state.position = event.position"
    " WHERE event.stream = %s UNION ALL"
    " SELECT version, sequence, state::text, 0 FROM aggregate_states"
    " WHERE stream = %s AND position < 0 ORDER BY 1")
# What moves with every commit a reader could see: the newest event and command, each
# subscriber's position and generation, the failed and slow deliveries, and a write that
# raised no event (its state takes the next negative key). Ends of primary keys and small
# tables: one cheap query, and nothing else a commit can change goes unseen.
FINGERPRINT_SQL = (
    "SELECT (SELECT coalesce(max(position), 0) FROM events),"
    " (SELECT coalesce(max(position), 0) FROM commands),"
    " (SELECT coalesce(min(position), 0) FROM aggregate_states),"
    " (SELECT coalesce(string_agg(subscriber || ':' || position || ':' || generation, ','"
    " ORDER BY subscriber), '') FROM checkpoints),"
    " (SELECT count(*) || ':' || count(skipped_at) || ':' || coalesce(sum(attempts), 0)"
    " || ':' || coalesce(max(last_failed_at), '') FROM failures),"
    " (SELECT count(*) || ':' || coalesce(sum(finished), 0) || ':'"
    " || coalesce(sum(seconds), 0) || ':' || coalesce(max(started_at), '')"
    " FROM slow_deliveries)")
# Timestamps and seconds are ISO 8601 text in UTC: they compare byte by byte, whatever the
# database's collation.
BYTES = 'COLLATE "C"'


@attrs.frozen
class SearchQuery:
    """A filter as one SELECT over the search index: `source` finds the candidates in the
    order of `position`, and `where` keeps those that pass."""

    source: str
    position: str
    where: list[str]
    parameters: list[object]
    # The index's table alone, when `where` tests no column of the events: a count reads
    # it without joining each event.
    bare_source: str | None = None


def filter_clauses(selection: EventFilter) -> tuple[list[str], list[object]]:
    """`selection` as SQL conditions on the events table `e`, examined one event at a time,
    and their parameters; a text that is no id is not among them (see `examined`)."""
    where: list[str] = []
    parameters: list[object] = []
    if selection.type:
        where.append("(e.type = %s OR strpos(e.type, %s) > 0)")
        parameters += [selection.type, selection.type_marker]
    if selection.stream:  # as EventFilter.accepts: the stream, or its name starts so
        where.append("(e.stream = %s OR (strpos(e.stream, '::') > 0"
                     " AND substr(e.stream, strpos(e.stream, '::') + 2, %s) = %s))")
        parameters += [selection.stream, len(selection.stream), selection.stream]
    if selection.text and is_id(selection.text):
        where.append("(e.id = %s OR right(e.stream, 36) = %s OR %s IN"
                     " (e.metadata->>'correlation_id', e.metadata->>'causation_id'))")
        parameters += [selection.text] * 3
    if selection.since:
        where.append(f"e.timestamp {BYTES} >= %s")
        parameters.append(selection.since)
    if selection.until:
        where.append(f"e.timestamp {BYTES} < %s")
        parameters.append(selection.until)
    return where, parameters


def span_clauses(column: str, span: Span) -> tuple[list[str], list[object]]:
    return ([f"{column} > %s"] + ([f"{column} < %s"] if span.before is not None else []),
            list(span.parameters()))


class PostgresReader(Reader):
    """A read-only connection of its own to the PostgreSQL store at `location`.

    Each query runs in autocommit, so it sees every transaction committed before it
    started. A filter is answered from the search index (SearchIndex, on PostgreSQL
    postgres/search_index.py) up to its position, and by examining the newer events one
    by one, the text tested here (the caller bounds how many: EventLog.scope).

    `resolve_event` (the registry's event_class): payloads come back in their class's field
    order, as SQLite stored them, rather than jsonb's (json_order.py); without it, or for a
    type it does not know, in jsonb's.
    """

    def __init__(self, location: str, resolve_event: EventResolver | None = None) -> None:
        self.location = location
        self.resolve_event = resolve_event
        self._shown = shown(location)
        self._connection: psycopg.Connection | None = None
        self._search_index = False  # whether the database has its tables (SearchIndex)
        self._text_columns: dict[tuple[str, str], bool] = {}
        self._connection = self._connect()
        try:
            self._fingerprint = self._read_fingerprint()
        except BaseException:
            self.close()
            raise

    def _connect(self) -> psycopg.Connection:
        """A read-only autocommit connection to a store (StorageError if it is none)."""
        connection = connect(self.location, autocommit=True)
        try:
            with self._translated():
                connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                found = connection.execute("SELECT to_regclass('events') IS NOT NULL").fetchone()
            if not found or not found[0]:
                raise StorageError(f"{self._shown} is not a bookshelf database (it has no "
                                   "events table)")
        except BaseException:
            connection.close()
            raise
        return connection

    def _live(self) -> psycopg.Connection:
        """The connection; after one was lost (the error said so), a new one."""
        if self._connection is None:
            raise StorageError(f"the reader of {self._shown} is closed")
        if self._connection.broken:
            self._connection.close()
            self._connection = self._connect()
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """psycopg's errors as StorageError naming the server (never its password)."""
        try:
            yield
        except psycopg.errors.ReadOnlySqlTransaction:
            raise StorageError(f"{self._shown} cannot be written through a reader") from None
        except psycopg.Error as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            if self._connection is not None and self._connection.broken:
                # The next read connects again: a server back from a restart is read on.
                raise StorageError(f"{self._shown}: the connection was lost ({first}); the "
                                   "next read connects again") from None
            raise StorageError(f"{self._shown}: {first}") from None

    def _execute(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Row, ...]]:
        connection = self._live()
        with self._translated():
            return connection.execute(sql, parameters).fetchall()

    def _dicts(self, sql: str, parameters: Sequence[object] = ()) -> list[dict[str, Row]]:
        connection = self._live()
        with self._translated(), connection.cursor(row_factory=dict_row) as cursor:
            rows = cursor.execute(sql, parameters).fetchall()
        # A jsonb column comes back as text, as SQLite's JSON does; `_row` (the written
        # order, SQLite's rowid) is not a column of the table as its readers know it.
        return [{column: json.dumps(value, ensure_ascii=False)
                 if isinstance(value, dict | list) else value
                 for column, value in row.items() if column != "_row"} for row in rows]

    def _exists(self, table: str) -> bool:
        return bool(self._execute("SELECT to_regclass(%s) IS NOT NULL", (table,))[0][0])

    def _record(self, row: tuple[Row, ...]) -> EventRecord:
        position, timestamp, type_, stream, payload, metadata = row
        return EventRecord(int(position), str(timestamp), str(type_), str(stream),
                           payload_text(self.resolve_event, str(type_), str(payload)),
                           metadata_text(str(metadata)))

    # -- the event log ---------------------------------------------------------------------

    def last_position(self) -> int:
        return int(self._execute("SELECT coalesce(max(position), 0) FROM events")[0][0])

    def events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
               before: int | None = None, newest_first: bool = False,
               limit: int | None = None) -> list[EventRecord]:
        if selection.empty:
            return self._examined(Span(after, before), selection, newest_first, limit)
        # What the search index holds is read from it; what is newer is examined one by one.
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
                found += self._examined(part, selection, newest_first, wanted)
            else:
                found += self._searched(selection, part, newest_first, wanted)
        return found

    def _examined(self, span: Span, selection: EventFilter, newest_first: bool,
                  limit: int | None) -> list[EventRecord]:
        """The events of `span` that pass `selection`, examined one by one in position
        order: in SQL but for a text, which is tested here, a page of events at a time."""
        text = selection.text if selection.text and not is_id(selection.text) else ""
        where, parameters = filter_clauses(selection)
        order = "DESC" if newest_first else "ASC"
        found: list[EventRecord] = []
        while not span.empty:
            bounds, bound_parameters = span_clauses("e.position", span)
            wanted = PAGE if text else limit
            rows = self._execute(
                f"SELECT {EVENT_COLUMNS} FROM events e WHERE {' AND '.join(bounds + where)}"
                f" ORDER BY e.position {order} LIMIT %s",
                [*bound_parameters, *parameters, wanted])
            records = [self._record(row) for row in rows]
            if not text:
                return records
            found += [each for each in records if text_matches(text, each.type, each.payload)]
            if (limit is not None and len(found) >= limit) or len(rows) < PAGE:
                break
            last = records[-1].position
            span = Span(span.after, last) if newest_first else Span(last, span.before)
        return found[:limit]

    def _searched(self, selection: EventFilter, span: Span, newest_first: bool,
                  limit: int | None) -> list[EventRecord]:
        """The events of `span`, all of it indexed, that pass `selection`, found through
        the search index."""
        asked, span = span, self._time_span(selection, span)
        late = self._late(selection, span, asked)
        query = self._search_query(selection)
        if query is None or (span.empty and late is None):
            return []
        order = "DESC" if newest_first else "ASC"
        found: list[EventRecord] = []
        for part, is_late in ((span, False), (late, True)):
            if part is None or part.empty:
                continue
            where, parameters = self._search_where(query, part, is_late)
            rows = self._execute(
                f"SELECT {EVENT_COLUMNS} FROM {query.source} WHERE {where}"
                f" ORDER BY {query.position} {order} LIMIT %s", [*parameters, limit])
            found += [self._record(row) for row in rows]
        if late is not None:
            found = sorted(found, reverse=newest_first)[:limit]
        return found

    @staticmethod
    def _search_where(query: SearchQuery, span: Span, late: bool) -> tuple[str, list[object]]:
        """`query`'s conditions over `span` (with `late`, only over its late events)."""
        bounds, parameters = span_clauses("position", span)
        if late:
            where = [*query.where, f"{query.position} IN (SELECT position FROM search_late"
                                   f" WHERE {' AND '.join(bounds)})"]
        else:
            where = [*query.where, *span_clauses(query.position, span)[0]]
        return " AND ".join(where), [*query.parameters, *parameters]

    def _search_query(self, selection: EventFilter) -> SearchQuery | None:
        """`selection` as one query of the search index; None when nothing can pass."""
        types = self._types()
        # Streams and times are tested on the events found (the planner picks the index).
        where, parameters = filter_clauses(attrs.evolve(selection, text="", type=None))
        chosen = None if not selection.type else [
            type_id for type_id, name in types.items()
            if name == selection.type or selection.type_marker in name]
        if chosen is not None and not chosen:
            return None  # a type never stored
        text = selection.text
        if text and is_id(text):
            # An id is looked up, never searched as text: the events' own indexes (id;
            # stream, sequence) and the correlation and causation ids' (search_ids).
            typed, typed_parameters = filter_clauses(EventFilter(type=selection.type))
            streams = [prefix + text for prefix in self._stream_prefixes()]
            ids = ("e.position IN (SELECT position FROM events WHERE id = %s UNION ALL"
                   " SELECT position FROM search_ids WHERE id = %s UNION ALL"
                   " SELECT position FROM events WHERE stream = ANY(%s))")
            return SearchQuery("events e", "e.position", [ids, *typed, *where],
                               [text, text, streams, *typed_parameters, *parameters])
        if text:
            # In a type's name: every event of that type; in the payload's values: the
            # trigram index of the folded text, LIKE's exact substring rechecked.
            folded = fold(text)
            in_names = [type_id for type_id, name in types.items()
                        if names_type(folded, name)]
            tests = ["s.text LIKE %s"] + (["s.type_id = ANY(%s)"] if in_names else [])
            conditions: list[str] = ["(" + " OR ".join(tests) + ")"]
            found: list[object] = [like_pattern(folded)] + ([in_names] if in_names else [])
            if chosen is not None:
                conditions.append("s.type_id = ANY(%s)")
                found.append(chosen)
            return SearchQuery("search_text s JOIN events e ON e.position = s.position",
                               "s.position", [*conditions, *where], [*found, *parameters],
                               None if where else "search_text s")
        if chosen is not None:
            return SearchQuery("search_typed t JOIN events e ON e.position = t.position",
                               "t.position", ["t.type_id = ANY(%s)", *where],
                               [chosen, *parameters], None if where else "search_typed t")
        return SearchQuery("events e", "e.position", where, parameters)

    # -- counting --------------------------------------------------------------------------

    def count_events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
                     before: int | None = None) -> int:
        if selection.empty:
            # Positions run 1..last without a gap: each append takes max + 1 under the
            # append lock (event_log.py), and the log refuses deletes.
            last = self.last_position()
            end = last if before is None else min(before - 1, last)
            return max(0, end - after)
        indexed = self.search_position() if not selection.needs_scan else 0
        count = 0
        for part in (Span(after, min_position(before, indexed + 1)),
                     Span(max(after, indexed), before)):
            if part.empty:
                continue
            if part.after >= indexed:
                count += self._count_examined(selection, part)
            else:
                count += self._count_searched(selection, part)
        return count

    def _count_examined(self, selection: EventFilter, span: Span) -> int:
        if selection.text and not is_id(selection.text):
            return len(self._examined(span, selection, False, None))
        where, parameters = filter_clauses(selection)
        bounds, bound_parameters = span_clauses("e.position", span)
        return int(self._execute(f"SELECT count(*) FROM events e WHERE"
                                 f" {' AND '.join(bounds + where)}",
                                 [*bound_parameters, *parameters])[0][0])

    def _count_searched(self, selection: EventFilter, span: Span) -> int:
        """How many events `_searched` finds in `span`: the late ones lie past the rest."""
        asked, span = span, self._time_span(selection, span)
        late = self._late(selection, span, asked)
        query = self._search_query(selection)
        if query is None:
            return 0
        count = 0
        for part, is_late in ((span, False), (late, True)):
            if part is None or part.empty:
                continue
            where, parameters = self._search_where(query, part, is_late)
            source = query.bare_source or query.source
            count += int(self._execute(f"SELECT count(*) FROM {source} WHERE {where}",
                                       parameters)[0][0])
        return count

    # -- the search index ------------------------------------------------------------------

    def search_position(self) -> int:
        if not self._has_search_index():
            return 0
        rows = self._execute("SELECT position FROM checkpoints WHERE subscriber = %s",
                             (SEARCH_INDEX,))
        return int(rows[0][0]) if rows else 0

    def _has_search_index(self) -> bool:
        # Asked again until found: a writer may create the tables while this reader is open.
        if not self._search_index:
            self._search_index = self._exists("search_late")
        return self._search_index

    def _time_span(self, selection: EventFilter, span: Span) -> Span:
        """`span` narrowed to the positions whose newest second so far is in the range."""
        after, before = span.after, span.before
        if selection.since:
            rows = self._execute("SELECT min(first_position) FROM search_seconds"
                                 " WHERE second >= %s", (selection.since[:SECOND],))
            if rows[0][0] is None:
                return Span(after, after)  # no indexed event is that recent
            after = max(after, int(rows[0][0]) - 1)
        if selection.until:
            rows = self._execute("SELECT min(first_position) FROM search_seconds"
                                 " WHERE second > %s", (selection.until[:SECOND],))
            if rows[0][0] is not None:
                before = min_position(before, int(rows[0][0]))
        return Span(after, before)

    def _late(self, selection: EventFilter, span: Span, asked: Span) -> Span | None:
        """The positions of `asked` past where `until` cut it to `span`, when events there
        were stamped before the newest second so far; None when there are none."""
        if not selection.until or span.before is None or span.before == asked.before:
            return None
        upto = Span(max(span.after, span.before - 1), asked.before)
        bounds, parameters = span_clauses("position", upto)
        found = self._execute(f"SELECT 1 FROM search_late WHERE {' AND '.join(bounds)}"
                              " LIMIT 1", parameters)
        return upto if found else None

    def _stream_prefixes(self) -> list[str]:
        return [str(row[0]) for row in self._execute("SELECT prefix FROM search_streams")]

    def _types(self) -> dict[int, str]:
        return {int(row[0]): str(row[1]) for row in self._execute(
            "SELECT id, type FROM search_types")}

    def event_types(self) -> list[str]:
        if not self._has_search_index():
            return [str(row[0]) for row in self._execute("SELECT DISTINCT type FROM events")]
        return [str(row[0]) for row in self._execute(
            "SELECT type FROM search_types UNION SELECT type FROM events WHERE position > %s",
            (self.search_position(),))]

    # -- the projections -------------------------------------------------------------------

    def projection_rows(self, table: str, *, order_by: str,
                        equal: Mapping[str, SqlValue] | None = None,
                        above: Mapping[str, SqlValue] | None = None,
                        containing: tuple[Collection[str], str] | None = None,
                        limit: int | None = None) -> list[dict[str, Row]]:
        where: list[str] = []
        parameters: list[object] = []
        for operator, values in (("=", equal or {}), (">", above or {})):
            for column, value in values.items():
                where.append(f"{identifier(column)} {operator} %s")
                parameters.append(value)
        if containing is not None:
            clause, texts = contains_clause(*containing)
            where.append(clause)
            parameters.extend(texts)
        # As SQLite's COLLATE NOCASE, which folds text only: "a Quiet Garden" sorts with
        # "A Distant Kingdom", and 10 after 9.
        column = identifier(order_by)
        term = nocase(column) if self._is_text(table, order_by) else column
        sql = (f"SELECT * FROM {identifier(table)} WHERE {' AND '.join(where) or 'TRUE'}"
               f" ORDER BY {term} NULLS FIRST LIMIT %s")
        return self._dicts(sql, [*parameters, limit])

    def _is_text(self, table: str, column: str) -> bool:
        if (table, column) not in self._text_columns:
            self._text_columns[table, column] = bool(self._execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema ="
                " current_schema() AND table_name = %s AND column_name = %s"
                " AND data_type = 'text'", (table, column)))
        return self._text_columns[table, column]

    def aggregate_row(self, aggregate: str, aggregate_id: str) -> dict[str, Row] | None:
        rows = self._dicts(f"SELECT * FROM {identifier(named_table(aggregate))}"
                           " WHERE id = %s", (aggregate_id,))
        return rows[0] if rows else None

    def count_rows(self, query: RowQuery) -> int:
        return int(self._execute(*count_sql(query))[0][0])

    def rows_at(self, query: RowQuery, offset: int, limit: int) -> list[dict[str, Row]]:
        return self._dicts(*window_sql(query, offset, limit))

    def row_index(self, query: RowQuery, key: SqlValue) -> int | None:
        sql, parameters = sort_value_sql(query)
        found = self._execute(sql, [key, *parameters])
        if not found:
            return None
        value, row = found[0]
        return int(self._execute(*rows_before_sql(query, value, row))[0][0])

    def type_counts(self, after: int = 0) -> dict[str, int]:
        return {str(type_): int(count) for type_, count in self._execute(
            "SELECT type, count(*) FROM events WHERE position > %s GROUP BY type", (after,))}

    def positions(self) -> dict[str, int]:
        return {str(name): int(position) for name, position in self._execute(
            "SELECT subscriber, position FROM checkpoints")}

    def failures(self) -> list[dict[str, Row]]:
        return self._dicts("SELECT * FROM failures ORDER BY position, subscriber")

    def failure_counts(self) -> tuple[int, int]:
        waiting, parked = self._execute(
            "SELECT count(*), coalesce(sum(parked), 0) FROM failures"
            " WHERE skipped_at IS NULL")[0]
        return int(waiting), int(parked)

    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Row]]:
        return self._dicts(f"SELECT * FROM slow_deliveries ORDER BY finished,"
                           f" started_at {BYTES} DESC LIMIT %s", (limit,))

    def stops(self, subscribers: Collection[str]) -> list[dict[str, Row]]:
        names = sorted(subscribers)
        if not names:
            return []
        return self._dicts(stops_sql(len(names)).replace("?", "%s"), names)

    def commands(self, *, correlation_id: str | None = None, limit: int | None = 100
                 ) -> list[CommandRecord]:
        where = "WHERE correlation_id = %s " if correlation_id is not None else ""
        parameters: list[object] = [correlation_id] if correlation_id is not None else []
        rows = self._execute(f"SELECT {COMMAND_COLUMNS} FROM commands {where}"
                             "ORDER BY position DESC LIMIT %s", [*parameters, limit])
        return [CommandRecord(*row) for row in rows]

    def command(self, command_id: str) -> CommandRecord | None:
        found = [each for each in self.commands_about(command_id) if each.id == command_id]
        return found[-1] if found else None

    def commands_about(self, message_id: str) -> list[CommandRecord]:
        # What the search index holds is read from it; the newer commands one by one.
        through = self._commands_indexed()
        if not self._has_search_index():  # a store without the index: every command looked at
            rows = self._execute(
                f"SELECT {COMMAND_COLUMNS} FROM commands WHERE %s IN"
                " (id, correlation_id, causation_id) ORDER BY position", (message_id,))
            return [CommandRecord(*row) for row in rows]
        rows = self._execute(
            f"SELECT {COMMAND_COLUMNS} FROM commands WHERE position <= %s AND position IN"
            " (SELECT position FROM search_commands WHERE id = %s) UNION ALL"
            f" SELECT {COMMAND_COLUMNS} FROM commands WHERE position > %s"
            " AND %s IN (id, correlation_id, causation_id) ORDER BY position",
            (through, message_id, through, message_id))
        return [CommandRecord(*row) for row in rows]

    def _commands_indexed(self) -> int:
        """The last command position the search index holds (0 without its tables)."""
        if not self._has_search_index():
            return 0
        return int(self._execute(
            "SELECT coalesce(max(through), 0) FROM search_commands_through")[0][0])

    def states(self, stream: str) -> list[StateRecord]:
        rows = self._execute(STATES_SQL, (stream, stream))
        return [StateRecord(version, sequence, state, bool(raised))
                for version, sequence, state, raised in rows]

    def generation(self) -> int:
        return int(self._execute("SELECT coalesce(sum(generation), 0) FROM checkpoints")[0][0])

    # -- other connections' commits --------------------------------------------------------

    def changed(self) -> bool:
        fingerprint = self._read_fingerprint()
        moved, self._fingerprint = fingerprint != self._fingerprint, fingerprint
        return moved

    def _read_fingerprint(self) -> tuple[Row, ...]:
        return tuple(self._execute(FINGERPRINT_SQL)[0])

