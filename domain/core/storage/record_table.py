"""A projection class's records (`@domain.projection`) on either backend: read, written whole
or by changed columns, removed, selected, through the delivering store's `execute`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from domain.core.elements import BaseElement
from domain.core.storage.port import ProjectionRecords
from domain.core.storage.query import AggregateQuery
from domain.core.subscriber import ProjectionStore

if TYPE_CHECKING:
    from domain.core.storage.sqlite.tables import ElementTable


class RecordQueries(Protocol):
    """Runs a backend's SQL of an AggregateQuery on a record table."""

    def ids(self, query: AggregateQuery) -> list[str]: ...

    def count(self, query: AggregateQuery) -> int: ...


def as_given(values: Sequence[object]) -> list[object]:
    return list(values)


class RecordTable(ProjectionRecords):
    """A projection's records through the delivering store's `execute`: in its transaction,
    and in a rebuild's new tables while it rebuilds."""

    def __init__(self, through: ProjectionStore, table: ElementTable[BaseElement],
                 queries: RecordQueries,
                 bind: Callable[[Sequence[object]], list[object]] = as_given) -> None:
        self.through = through
        self.table = table
        self.queries = queries
        # How the backend takes a record's values (PostgreSQL: a boolean as an integer).
        self.bind = bind
        # A record replaces the row with its id: projectors write it whole each time. An
        # upsert, not INSERT OR REPLACE, so that the row keeps its rowid, the order of ties.
        id_column = self.table.id_column
        assignments = ", ".join(f'"{column}" = excluded."{column}"'
                                for column in self.table.all_columns if column != id_column)
        self.upsert_sql = (f'{self.table.insert_sql} ON CONFLICT ("{id_column}") '
                           f"DO UPDATE SET {assignments}")
        self.delete_sql = (f'DELETE FROM "{self.table.name}" '
                           f'WHERE "{self.table.id_column}" = ?')
        self.column_count = len(self.table.columns)
        # UPDATE statements by the columns they set: see write.
        self._updates: dict[tuple[int, ...], str] = {}
        # The record read last and the values it was read with, until anything is written.
        self._last_read: tuple[BaseElement, tuple[object, ...]] | None = None

    def read(self, record_id: str) -> BaseElement | None:
        row = self.through.execute(self.table.select_sql, (record_id,)).fetchone()
        if row is None:
            return None
        record = self.table.build(row)
        self._last_read = (record, row[:self.column_count])
        return record

    def write(self, record: BaseElement) -> None:
        """Store `record` whole. The record read last, written back with nothing written in
        between, sets only the columns it changed: a projector moving an order's status
        rewrites the status's index entries, not those of every column, as hand-written
        SQL would (bench/projector_cost.py). Any other record (made anew, read before
        another, or written once already) is written whole. A record kept across a
        rolled-back delivery is not written again: the delivery runs again and reads."""
        values: list[Any] = self.bind(self.table.values(record))
        last, self._last_read = self._last_read, None
        if last is not None and last[0] is record:
            pairs = zip(values, last[1], strict=True)
            changed = tuple(index for index, (new, old) in enumerate(pairs) if new != old)
            if not changed:
                return  # read in this delivery, unchanged since, and nothing written between
            cursor = self.through.execute(self._update_sql(changed),
                                          [values[index] for index in changed] + [values[0]])
            if cursor.rowcount == 1:
                return
        # _version and _sequence, which a projection's records do not use, are 0.
        self.through.execute(self.upsert_sql, [*values, 0, 0])

    def _update_sql(self, changed: tuple[int, ...]) -> str:
        sql = self._updates.get(changed)
        if sql is None:
            names = list(self.table.column_names.values())
            assignments = ", ".join(f'"{names[index]}" = ?' for index in changed)
            sql = self._updates[changed] = (
                f'UPDATE "{self.table.name}" SET {assignments} '
                f'WHERE "{self.table.id_column}" = ?')
        return sql

    def delete(self, record_id: str) -> None:
        self._last_read = None
        self.through.execute(self.delete_sql, (record_id,))

    def select(self, query: AggregateQuery) -> list[BaseElement]:
        found = (self.read(record_id) for record_id in self.queries.ids(query))
        return [record for record in found if record is not None]

    def count(self, query: AggregateQuery) -> int:
        return self.queries.count(query)
