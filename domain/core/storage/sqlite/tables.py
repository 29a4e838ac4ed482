"""How aggregates and their entities become rows, and rows become aggregates again."""

from __future__ import annotations

import json
from typing import Generic, TypeVar

import sqlite_utils

from domain.core.elements import BaseElement
from domain.core.fields import Boolean, Field, Float, HasMany, Integer
from domain.core.subscriber import Row

E = TypeVar("E", bound=BaseElement)


def table_name(cls: type) -> str:
    return named_table(cls.__name__)


def named_table(name: str) -> str:
    """The table of the aggregate or entity class called `name`."""
    return name.lower()


def _column_type(field: Field) -> type:
    if isinstance(field, Integer | Boolean):
        return int
    if isinstance(field, Float):
        return float
    return str


def _quote(name: str) -> str:
    return f'"{name}"'


class ElementTable(Generic[E]):
    """The table of one aggregate or entity class, with its SQL prepared once."""

    def __init__(self, cls: type[E], parent: type | None = None) -> None:
        self.cls = cls
        self.name = table_name(cls)
        self.parent_column = f"{table_name(parent)}_id" if parent else ""
        self.columns = {
            name: field for name, field in cls._fields.items() if not isinstance(field, HasMany)
        }
        self.children: dict[str, ElementTable[BaseElement]] = {
            name: ElementTable(field.entity_cls, parent=cls)
            for name, field in cls._fields.items() if isinstance(field, HasMany)
        }
        extra = ["_version", "_sequence"] if parent is None else [self.parent_column, "_index"]
        self.all_columns = [*self.columns, *extra]
        quoted = ", ".join(_quote(column) for column in self.all_columns)
        marks = ", ".join("?" for _ in self.all_columns)
        self.insert_sql = f"INSERT INTO {_quote(self.name)} ({quoted}) VALUES ({marks})"
        assignments = ", ".join(
            f"{_quote(column)} = ?" for column in self.all_columns if column != "id"
        )
        # The version guard: the write happens only if nobody wrote since this copy was read.
        self.update_sql = (
            f"UPDATE {_quote(self.name)} SET {assignments} WHERE id = ? AND _version = ?"
        )
        self.select_sql = f"SELECT {quoted} FROM {_quote(self.name)} WHERE id = ?"
        if parent is not None:
            self.select_children_sql = (
                f"SELECT {quoted} FROM {_quote(self.name)} "
                f"WHERE {_quote(self.parent_column)} = ? ORDER BY _index"
            )
            self.delete_children_sql = (
                f"DELETE FROM {_quote(self.name)} WHERE {_quote(self.parent_column)} = ?"
            )

    def create(self, db: sqlite_utils.Database, parent_name: str = "") -> None:
        """Create the table, or add the columns that newly declared fields need."""
        columns: dict[str, type] = {
            name: _column_type(field) for name, field in self.columns.items()
        }
        if self.parent_column:
            columns.update({self.parent_column: str, "_index": int})
            foreign_keys: list[tuple[str, str, str]] = [(self.parent_column, parent_name, "id")]
        else:
            columns.update({"_version": int, "_sequence": int})
            foreign_keys = []
        table = db.table(self.name)
        if table.exists():
            for column, column_type in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, column_type)
        else:
            table.create(columns, pk="id", foreign_keys=foreign_keys)
            if self.parent_column:
                table.create_index([self.parent_column])
        for child in self.children.values():
            child.create(db, parent_name=self.name)

    def values(self, element: BaseElement) -> list[object]:
        data = element.__dict__
        return [
            json.dumps(field.to_storage(data[name])) if field.stored_as_json
            else field.to_storage(data[name])
            for name, field in self.columns.items()
        ]

    def build(self, row: Row, children: dict[str, list[BaseElement]] | None = None) -> E:
        """The element a row holds, trusted as stored (see BaseElement._from_stored)."""
        stored: dict[str, object] = {}
        for (name, field), raw in zip(self.columns.items(), row, strict=False):
            stored[name] = json.loads(raw) if field.stored_as_json and raw is not None else raw
        if children:
            stored.update(children)
        return self.cls._from_stored(stored)
