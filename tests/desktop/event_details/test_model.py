"""The JSON tree model: a well-behaved Qt model whose rows are the event's fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.event_details.model import LINK_ROLE, JsonTreeModel
from desktop.look.appearance import DARK, LIGHT, apply_appearance
from domain.readside import EventRow, Link
from tests.desktop.event_details.conftest import index_at


def test_the_model_passes_qtmodeltester(qtmodeltester, event: EventRow):
    model = JsonTreeModel()
    model.show(event.details_tree())
    qtmodeltester.check(model)


def test_an_empty_model_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(JsonTreeModel())


def test_nested_values_are_rows_under_their_object_or_list(pane):
    assert index_at(pane, "payload", "items", "[0]", "title", column=1).data() == '"Dune"'
    assert index_at(pane, "payload", "items", column=1).data() == "[1 item]"
    assert index_at(pane, "metadata", "causation_id", column=1).data() == "null"


def test_ids_and_the_stream_are_links_underlined(pane):
    stream = index_at(pane, "metadata", "stream", column=1)
    assert stream.data(LINK_ROLE) == Link.STREAM
    assert stream.data(Qt.ItemDataRole.FontRole).underline()
    assert index_at(pane, "metadata", "correlation_id").data(LINK_ROLE) == Link.TRACE
    assert index_at(pane, "payload", "customer_name", column=1).data(LINK_ROLE) is None


def test_each_kind_has_its_color_and_the_colors_change_with_the_look(app, pane):
    kinds = [("payload", "customer_name"), ("payload", "total"),
             ("payload", "items", "[0]", "gift"), ("metadata", "causation_id")]

    def colors() -> list[str]:
        return [index_at(pane, *path, column=1).data(Qt.ItemDataRole.ForegroundRole).name()
                for path in kinds]

    apply_appearance(app, LIGHT)
    light = colors()
    apply_appearance(app, DARK)
    dark = colors()
    assert len(set(light)) == len(set(dark)) == 4
    assert not set(light) & set(dark)
