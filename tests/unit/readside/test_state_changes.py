"""Changed fields between two states, to the nested leaf, and their paths as text."""

from __future__ import annotations

from domain.readside.state_changes import changed_paths, leaves, path_text, within

ORDER = {"status": "PENDING", "items": [
    {"title": "Dune", "quantity": 2, "unit_price": {"currency": "USD", "amount": 9.5}}]}


def test_a_changed_field_is_its_own_path() -> None:
    assert changed_paths(ORDER, {**ORDER, "status": "CONFIRMED"}) == (("status",),)


def test_a_change_inside_an_items_value_object_is_marked_at_its_leaf() -> None:
    item = {**ORDER["items"][0], "unit_price": {"currency": "USD", "amount": 8.0}}

    assert changed_paths(ORDER, {**ORDER, "items": [item]}) == (
        ("items", 0, "unit_price", "amount"),)


def test_an_item_or_field_only_one_side_has_is_changed_as_a_whole() -> None:
    added = {**ORDER, "items": [*ORDER["items"], {"title": "Emma"}], "note": "gift"}

    assert changed_paths(ORDER, added) == (("items", 1), ("note",))
    assert changed_paths(added, ORDER) == (("items", 1), ("note",))


def test_equal_states_have_no_change() -> None:
    assert changed_paths(ORDER, dict(ORDER)) == ()


def test_leaves_list_every_value_with_its_path_in_order() -> None:
    assert leaves(ORDER) == [
        (("status",), "PENDING"), (("items", 0, "title"), "Dune"),
        (("items", 0, "quantity"), 2), (("items", 0, "unit_price", "currency"), "USD"),
        (("items", 0, "unit_price", "amount"), 9.5)]
    assert leaves({"items": []}) == [(("items",), [])]


def test_a_path_reads_as_attribute_and_index_access() -> None:
    assert path_text(("items", 1, "unit_price", "amount")) == "items[1].unit_price.amount"


def test_a_path_is_within_a_change_above_or_below_it() -> None:
    changed = (("items", 1),)

    assert within(("items", 1, "title"), changed)
    assert within(("items",), changed)
    assert not within(("items", 0, "title"), changed)
