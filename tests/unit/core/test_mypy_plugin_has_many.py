"""The mypy plugin types a HasMany field's helpers: add_, remove_, filter_, get_one_from_."""

from __future__ import annotations

from pathlib import Path

from tests.unit.core.test_mypy_plugin import assert_refused_exactly_where_marked

# Each line that must be refused ends with `# error: <mypy error code>`; no other may be.
SNIPPET = '''
from domain.core import Domain
from domain.core.fields import HasMany, Integer, String

shop = Domain("Shop")


@shop.aggregate
class Basket:
    lines = HasMany("Line")
    notes = HasMany("Note")

    def add_notes(self, text: str) -> None:
        self.notes = [*self.notes, Note(text=text)]


@shop.entity(part_of=Basket)
class Line:
    size = Integer()


@shop.entity(part_of=Basket)
class Note:
    text = String()


basket = Basket()
basket.add_lines(Line(size=1))
basket.add_lines([Line(size=2), {"size": 3}])
basket.remove_lines(basket.lines[0])
found: list[Line] = basket.filter_lines(size=2)
one: Line = basket.get_one_from_lines(size=2)
basket.add_notes("kept: the class defines its own")
basket.add_lines("a line")  # error: arg-type
basket.add_notes(Note(text="no"))  # error: arg-type
wrong: Note = basket.get_one_from_lines(size=2)  # error: assignment
'''


def test_the_plugin_types_the_has_many_helpers_and_keeps_a_class_own(tmp_path: Path) -> None:
    assert_refused_exactly_where_marked(SNIPPET, tmp_path)
