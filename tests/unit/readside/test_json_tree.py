"""JSON data as a tree: each node's kind, its text, and the links of the paths named."""

from __future__ import annotations

from domain.readside import Kind, Link, json_tree
from domain.readside.json_tree import value_at


def test_members_and_items_become_children_in_their_order():
    root = json_tree({"b": 1, "a": [True, None, {"c": "x"}]})
    assert [child.key_text for child in root.children] == ["b", "a"]
    items = root.children[1]
    assert [item.key_text for item in items.children] == ["[0]", "[1]", "[2]"]
    assert items.children[2].children[0].path == ("a", 2, "c")
    assert items.children[2].children[0].parent is items.children[2]


def test_each_value_has_its_json_kind():
    root = json_tree({"s": "x", "n": 1.5, "i": 3, "t": False, "z": None, "o": {}, "l": []})
    assert [child.kind for child in root.children] == [
        Kind.STRING, Kind.NUMBER, Kind.NUMBER, Kind.BOOLEAN, Kind.NULL, Kind.OBJECT, Kind.ARRAY]


def test_leaves_are_written_as_json_and_containers_as_their_counts():
    root = json_tree({"s": "Café", "t": True, "z": None, "o": {"k": 1}, "l": [1, 2]})
    assert [child.value_text for child in root.children] == [
        '"Café"', "true", "null", "{1 field}", "[2 items]"]


def test_a_text_at_a_linked_path_is_a_link_written_without_quotes():
    root = json_tree({"meta": {"id": "e-1", "other": "e-2"}}, {("meta", "id"): Link.TRACE})
    linked, plain = root.children[0].children
    assert (linked.link, linked.value_text) == (Link.TRACE, "e-1")
    assert plain.link is None


def test_a_null_at_a_linked_path_leads_nowhere():
    root = json_tree({"causation_id": None}, {("causation_id",): Link.TRACE})
    assert root.children[0].link is None


def test_a_node_s_path_finds_the_same_place_in_a_document_of_the_same_shape():
    shown = json_tree({"metadata": {"timestamp": "02/12/2026"}, "items": [{"title": "Dune"}]})
    stored = {"metadata": {"timestamp": "2026-12-02T08:14:03+00:00"},
              "items": [{"title": "Dune"}]}
    stamp, title = shown.children[0].children[0], shown.children[1].children[0].children[0]
    assert value_at(stored, stamp.path) == "2026-12-02T08:14:03+00:00"
    assert value_at(stored, title.path) == "Dune"
    assert value_at(stored, shown.path) == stored
