"""The details pane: a tree opened to a useful depth, copied as JSON, its links followed."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication

from desktop.event_details.pane import EMPTY, EventDetailsPane
from domain.readside import EventRow
from tests.desktop.event_details.conftest import CORRELATION, STREAM, index_at


def clipboard() -> str:
    return QGuiApplication.clipboard().text()


def test_the_sections_and_their_lists_open_and_deeper_objects_stay_closed(pane):
    tree = pane.tree
    assert tree.isExpanded(index_at(pane, "metadata"))
    assert tree.isExpanded(index_at(pane, "payload", "items"))
    assert not tree.isExpanded(index_at(pane, "payload", "items", "[0]"))


def test_the_arrow_keys_collapse_and_expand_a_row(qtbot, pane):
    tree, payload = pane.tree, index_at(pane, "payload")
    tree.setFocus()
    tree.setCurrentIndex(payload)
    qtbot.keyClick(tree, Qt.Key.Key_Left)
    assert not tree.isExpanded(payload)
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(payload)


def test_copy_as_json_copies_the_whole_event_as_stored(qtbot, pane, event: EventRow):
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(pane.copy_button, Qt.MouseButton.LeftButton)
    assert json.loads(clipboard()) == event.stored_document
    assert json.loads(clipboard())["metadata"]["timestamp"] == "2026-12-02T08:14:03.512000+00:00"
    assert list(json.loads(clipboard())["payload"]) == list(event.payload)  # in its order


def test_the_tree_shows_the_time_in_the_zone_chosen_and_copies_it_as_stored(qtbot, pane):
    stamp = index_at(pane, "metadata", "timestamp")
    assert stamp.siblingAtColumn(1).data() == '"2026-12-02 08:14:03.512000 +00:00"'
    pane.tree.setFocus()
    pane.tree.setCurrentIndex(stamp)

    qtbot.keyClick(pane.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == '"2026-12-02T08:14:03.512000+00:00"'
    pane.menu_for(stamp).findChild(QAction, "eventLogDetailsCopyField").trigger()
    assert clipboard() == '"2026-12-02T08:14:03.512000+00:00"'
    # Its text, though, as it is read on screen.
    pane.menu_for(stamp).findChild(QAction, "eventLogDetailsCopyValue").trigger()
    assert clipboard() == "2026-12-02 08:14:03.512000 +00:00"


def test_ctrl_c_copies_the_selected_subtree_as_json(qtbot, pane, event: EventRow):
    pane.tree.setFocus()
    pane.tree.setCurrentIndex(index_at(pane, "payload", "items"))
    qtbot.keyClick(pane.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert json.loads(clipboard()) == event.payload["items"]


def test_the_menu_copies_a_field_as_json_and_its_value_as_text(pane):
    stream = index_at(pane, "metadata", "stream")
    menu = pane.menu_for(stream)
    menu.findChild(type(menu.actions()[0]), "eventLogDetailsCopyField").trigger()
    assert clipboard() == json.dumps(STREAM)
    menu.findChild(type(menu.actions()[0]), "eventLogDetailsCopyValue").trigger()
    assert clipboard() == STREAM


def test_a_click_on_the_stream_asks_for_its_events(qtbot, pane):
    value = index_at(pane, "metadata", "stream", column=1)
    with qtbot.waitSignal(pane.streamRequested) as asked:
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=pane.tree.visualRect(value).center())
    assert asked.args == [STREAM]


def test_enter_on_a_correlation_id_asks_for_its_trace(qtbot, pane):
    pane.tree.setFocus()
    pane.tree.setCurrentIndex(index_at(pane, "metadata", "correlation_id"))
    with qtbot.waitSignal(pane.traceRequested) as asked:
        qtbot.keyClick(pane.tree, Qt.Key.Key_Return)
    assert asked.args == [CORRELATION]


def test_a_click_on_a_plain_value_or_on_a_links_name_follows_nothing(qtbot, pane):
    asked: list[str] = []
    pane.traceRequested.connect(asked.append)
    pane.streamRequested.connect(asked.append)
    for index in (index_at(pane, "payload", "customer_name", column=1),
                  index_at(pane, "metadata", "correlation_id", column=0)):
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=pane.tree.visualRect(index).center())
    assert asked == []


def test_the_event_id_is_followed_to_its_trace_from_the_menu(qtbot, pane, event: EventRow):
    menu = pane.menu_for(index_at(pane, "metadata", "id"))
    follow = menu.findChild(type(menu.actions()[0]), "eventLogDetailsFollowTrace")
    with qtbot.waitSignal(pane.traceRequested) as asked:
        follow.trigger()
    assert asked.args == [event.event_id]


def test_without_an_event_it_says_what_to_do_and_copies_nothing(qtbot, pane):
    QGuiApplication.clipboard().setText("before")
    pane.clear()
    assert pane.empty.text() == EMPTY and pane.pages.currentWidget() is pane.empty
    pane.copy_json(QModelIndex())
    assert clipboard() == "before"
    assert not any(action.isEnabled() for action in pane.menu_for(QModelIndex()).actions()
                   if not action.isSeparator())


def test_json_text_of_an_empty_pane_is_empty(qtbot):
    pane = EventDetailsPane()
    qtbot.addWidget(pane)
    assert pane.json_text() == ""
