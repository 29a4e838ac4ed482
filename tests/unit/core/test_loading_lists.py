"""A list field loads as stored, even past a limit declared after it was stored."""

from __future__ import annotations

from pathlib import Path

from domain.core import Domain
from domain.core.fields import List, String, ValueObject

lists = Domain("Lists")


@lists.value_object
class Tag:
    text = String(max_length=5, required=True)


@lists.aggregate
class Box:
    name = String(required=True)
    tags = List(ValueObject(Tag), max_items=3)
    words = List(String(max_length=5))


def test_a_stored_list_beyond_todays_limits_loads_as_stored(tmp_path: Path) -> None:
    lists.config["database"] = str(tmp_path / "lists.db")
    lists.init()
    try:
        boxes = lists.repository_for(Box)
        box = Box(name="b", tags=[Tag(text="a")], words=["x"])
        boxes.add(box)
        store = lists.session().store
        with store.unit_of_work():  # stored before the limits: 4 tags, a 7-letter word
            store.execute('UPDATE "box" SET words = ?, tags = ? WHERE id = ?', (
                '["toolong"]', '[{"text": "a"}, {"text": "b"}, {"text": "c"}, '
                '{"text": "longer"}]', box.id))

        loaded = boxes.get(box.id)
    finally:
        lists.close()

    assert loaded.words == ["toolong"]  # an aggregate holds a list, as in Protean
    assert [tag.text for tag in loaded.tags] == ["a", "b", "c", "longer"]
    assert loaded.tags[0] == Tag(text="a")
