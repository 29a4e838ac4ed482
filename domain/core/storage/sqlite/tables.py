"""How aggregates and their entities become rows, and rows become aggregates again."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Generic, TypeVar, cast

import sqlite_utils

from domain.core.elements import BaseElement, BaseProjection
from domain.core.errors import ValidationError
from domain.core.fields import Association, Boolean, Field, Float, Integer
from domain.core.index import Index
from domain.core.subscriber import Row

E = TypeVar("E", bound=BaseElement)


# A projection's table is named apart: named after its class alone, `Jar` or `Events`
# took an aggregate's or the core's own table, which its rebuild then replaced.
PROJECTION_TABLE_PREFIX = "projection_"


def table_name(cls: type) -> str:
    if issubclass(cls, BaseProjection):
        return PROJECTION_TABLE_PREFIX + named_table(cls.__name__)
    return named_table(cls.__name__)


def named_table(name: str) -> str:
    """The table of the aggregate or entity class called `name`."""
    return name.lower()


def column_type(field: Field) -> type:
    if isinstance(field, Integer | Boolean):
        return int
    if isinstance(field, Float):
        return float
    return str


def _quote(name: str) -> str:
    return f'"{name}"'


# SQLite takes at most 127 arguments a function: a wider state is built in parts.
STATE_PAIRS_A_CALL = 60


def state_object(pairs: list[tuple[str, str]]) -> str:
    """SQL making one JSON object of `pairs` (name, value expression), in their order."""
    first, rest = pairs[:STATE_PAIRS_A_CALL], pairs[STATE_PAIRS_A_CALL:]
    expression = "json_object(" + ", ".join(
        "'" + name + "', " + value for name, value in first) + ")"
    for start in range(0, len(rest), STATE_PAIRS_A_CALL):
        part = rest[start:start + STATE_PAIRS_A_CALL]
        # json_insert adds each key after the others (json_patch would drop a null one).
        expression = f"json_insert({expression}, " + ", ".join(
            "'$.\"" + name + "\"', " + value for name, value in part) + ")"
    return expression


def _state_value(field: Field) -> str:
    """The SQL of one field's value in the recorded state. SQLite has no boolean: a
    Boolean's 1 or 0 is made JSON's true or false (NULL stays null)."""
    if field.stored_as_json:
        return "json(?)"
    if isinstance(field, Boolean):
        return "json(CASE ? WHEN 0 THEN 'false' WHEN 1 THEN 'true' END)"
    return "?"


class ElementTable(Generic[E]):
    """The table of one aggregate or entity class, with its SQL prepared once."""

    def __init__(self, cls: type[E], parent: type | None = None) -> None:
        self.cls = cls
        self.name = table_name(cls)
        self.parent_column = f"{table_name(parent)}_id" if parent else ""
        self.columns = {
            name: field for name, field in cls._fields.items()
            if not isinstance(field, Association)
        }
        self.associations = {
            name: field for name, field in cls._fields.items() if isinstance(field, Association)
        }
        self.children: dict[str, ElementTable[BaseElement]] = {
            name: ElementTable(field.entity_cls, parent=cls)
            for name, field in self.associations.items()
        }
        # A field's column is its name, or the name it is `referenced_as`; the identity's
        # column is keyed on (it comes first: see elements._identity).
        self.column_names = {name: field.referenced_as or name
                             for name, field in self.columns.items()}
        id_column = self.column_names.get(cls._id_field or "id", "id")
        self.id_column = id_column
        extra = ["_version", "_sequence"] if parent is None else [self.parent_column, "_index"]
        self.all_columns = [*self.column_names.values(), *extra]
        quoted = ", ".join(_quote(column) for column in self.all_columns)
        marks = ", ".join("?" for _ in self.all_columns)
        self.insert_sql = f"INSERT INTO {_quote(self.name)} ({quoted}) VALUES ({marks})"
        assignments = ", ".join(
            f"{_quote(column)} = ?" for column in self.all_columns if column != id_column
        )
        # The version guard: the write happens only if nobody wrote since this copy was read.
        self.update_sql = (
            f"UPDATE {_quote(self.name)} SET {assignments} "
            f"WHERE {_quote(id_column)} = ? AND _version = ?"
        )
        self.select_sql = f"SELECT {quoted} FROM {_quote(self.name)} WHERE {_quote(id_column)} = ?"
        # `unique=True` fields: is the value held by another row than this element's?
        self.unique_sql = {
            name: (f"SELECT 1 FROM {_quote(self.name)} WHERE {_quote(self.column_names[name])}"
                   f" = ? AND {_quote(id_column)} != ? LIMIT 1")
            for name, field in self.columns.items()
            if field.unique and self.column_names[name] != id_column
        }
        # Declared indexes (`indexes=[Index(...)]`) by their columns; a unique one's values
        # are refused like a `unique` field's, before SQLite's constraint would be met.
        meta = getattr(cls, "meta_", None)
        self.indexes: tuple[Index, ...] = tuple(getattr(meta, "indexes", ()) or ())
        self.unique_index_sql = {
            index: (f"SELECT 1 FROM {_quote(self.name)} WHERE "
                    + " AND ".join(f"{_quote(self.column_names[each])} = ?"
                                   for each in index.fields)
                    + f" AND {_quote(id_column)} != ? LIMIT 1")
            for index in self.indexes if index.unique
        }
        if parent is None:
            # The state the history keeps, made by SQLite from the values the row is
            # written with: no second serialization in Python. A JSON column (a value
            # object) is nested as JSON, and so is each association's rows (`document`).
            pairs = [(name, _state_value(field)) for name, field in self.columns.items()]
            pairs += [(name, "json(?)") for name in self.associations]
            state = state_object(pairs)
            self.record_sql = ("INSERT INTO aggregate_states (position, version, state)"
                               f" VALUES (?, ?, {state})")
            # A write that raised no event: the next key below every other (see migrations).
            self.record_quiet_sql = (
                "INSERT INTO aggregate_states (position, stream, version, sequence, state)"
                " VALUES ((SELECT min(0, coalesce(min(position), 0)) - 1 FROM"
                f" aggregate_states), ?, ?, ?, {state})")
        else:
            self.select_children_sql = (
                f"SELECT {quoted} FROM {_quote(self.name)} "
                f"WHERE {_quote(self.parent_column)} = ? ORDER BY _index"
            )
            self.delete_children_sql = (
                f"DELETE FROM {_quote(self.name)} WHERE {_quote(self.parent_column)} = ?"
            )

    def create(self, db: sqlite_utils.Database, parent_name: str = "",
               parent_id: str = "id") -> None:
        """Create the table, or add the columns that newly declared fields need."""
        columns: dict[str, type] = {
            self.column_names[name]: column_type(field) for name, field in self.columns.items()
        }
        if self.parent_column:
            columns.update({self.parent_column: str, "_index": int})
            foreign_keys: list[tuple[str, str, str]] = [
                (self.parent_column, parent_name, parent_id)]
        else:
            columns.update({"_version": int, "_sequence": int})
            foreign_keys = []
        table = db.table(self.name)
        if table.exists():
            for column, kind in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, kind)
        else:
            table.create(columns, pk=self.id_column, foreign_keys=foreign_keys)
            if self.parent_column:
                table.create_index([self.parent_column])
        for index in self.indexes:
            self._create_index(db, index)
        for child in self.children.values():
            child.create(db, parent_name=self.name, parent_id=self.id_column)

    def _create_index(self, db: sqlite_utils.Database, index: Index) -> None:
        # SQL, not sqlite-utils' create_index: that has no COLLATE for `nocase`.
        indexed = [self.column_names[each] for each in index.fields]
        terms = ", ".join(
            _quote(column) + (" COLLATE NOCASE" if field in index.nocase else "")
            + (" DESC" if field in index.desc else "")
            for field, column in zip(index.fields, indexed, strict=True))
        # `nocase` in its default name: Index("title") and Index("title", nocase=...) are
        # two indexes. (`desc` is not, as files made before `nocase` named theirs.)
        suffix = "_nocase" if index.nocase else ""
        name = index.name or f"ix_{self.name}_{'_'.join(indexed)}{suffix}"
        db.execute(f"CREATE {'UNIQUE ' if index.unique else ''}INDEX IF NOT EXISTS "
                   f"{_quote(name)} ON {_quote(self.name)} ({terms})")

    def unique_problems(self, connection: sqlite3.Connection, element: BaseElement,
                        values: Sequence[object]) -> None:
        """Refuse (ValidationError) a `unique` field's value, or a unique index's values,
        that another stored element holds."""
        if not self.unique_sql and not self.unique_index_sql:
            return
        positions = {name: index for index, name in enumerate(self.columns)}
        problems: dict[str, list[str]] = {}
        for index, sql in self.unique_index_sql.items():
            held = [values[positions[each]] for each in index.fields]
            if None not in held and connection.execute(sql, (*held, values[0])).fetchone():
                shown = ", ".join(f"{name}={value!r}" for name, value in
                                  zip(index.fields, held, strict=True))
                problems.setdefault(index.fields[0], []).append(
                    f"{shown} is already used by another {self.cls.__name__}")
        for name, sql in self.unique_sql.items():
            value = values[positions[name]]
            if value is not None and connection.execute(sql, (value, values[0])).fetchone():
                field = self.columns[name]
                problems[name] = [field.message(
                    "unique", f"{value!r} is already used by another {self.cls.__name__}",
                    value=value, field_name=name, entity_name=self.cls.__name__)]
        if problems:
            raise ValidationError(problems)

    def child_entities(self, element: BaseElement, name: str) -> list[BaseElement]:
        """The child entities `element` holds in its association `name` (none, one or many)."""
        return cast("list[BaseElement]", self.associations[name].children(element.__dict__[name]))

    def values(self, element: BaseElement) -> list[object]:
        data = element.__dict__
        return [
            json.dumps(field.to_storage(data[name])) if field.stored_as_json
            else field.to_storage(data[name])
            for name, field in self.columns.items()
        ]

    def document(self, values: Sequence[object],
                 children: Sequence[Sequence[Sequence[object]]] = ()) -> dict[str, object]:
        """`values` (as `values` gives them) by field name, a JSON column's decoded, with
        each association's child rows as a list of the same: an entity's state as the
        history records it inside its aggregate's."""
        document: dict[str, object] = {
            name: json.loads(raw) if field.stored_as_json and isinstance(raw, str) else raw
            for (name, field), raw in zip(self.columns.items(), values, strict=True)
        }
        for (name, child), rows in zip(self.children.items(), children, strict=True):
            document[name] = [child.document(row) for row in rows]
        return document

    def loaded(self, row: Row, child_rows: dict[str, list[Row]]) -> E:
        """The aggregate its row and its entities' rows hold (either backend's), with
        `_version`, `_sequence` and `_stored_state`: what it was stored as, the rows
        themselves, not the aggregate serialized again (a row an older release wrote
        differently only makes the next save write it once more)."""
        children = {name: [child.build(child_row) for child_row in child_rows[name]]
                    for name, child in self.children.items()}
        element = self.build(row, children)
        state = element.__dict__
        state["_version"], state["_sequence"] = row[-2], row[-1]
        state["_stored_state"] = (
            tuple(row[:len(self.columns)]),
            tuple(tuple(tuple(child_row[:len(child.columns)]) for child_row in child_rows[name])
                  for name, child in self.children.items()),
        )
        return element

    def build(self, row: Row, children: dict[str, list[BaseElement]] | None = None) -> E:
        """The element a row holds, trusted as stored (see BaseElement._from_stored)."""
        stored: dict[str, object] = {}
        for (name, field), raw in zip(self.columns.items(), row, strict=False):
            stored[name] = json.loads(raw) if field.stored_as_json and raw is not None else raw
        if children:
            stored.update(children)
        return self.cls._from_stored(stored)
