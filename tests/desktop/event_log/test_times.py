"""The event log's times: local with their offset, or UTC at the toggle's word."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication

from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import BETWEEN, EventLogPanel
from domain.readside import EventLog, EventLogPager
from tests.desktop.event_details.conftest import index_at
from tests.event_history import fill

pytestmark = pytest.mark.usefixtures("berlin")


def in_berlin(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo("Europe/Berlin"))
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} " \
           f"{offset[:3]}:{offset[3:]}"


@pytest.fixture
def panel(qtbot, database_path, event_log: EventLog) -> EventLogPanel:
    fill(database_path, 3)
    shown = EventLogPanel(EventLogModel(EventLogPager(event_log)))
    qtbot.addWidget(shown)
    return shown


def time_cell(panel: EventLogPanel, row: int) -> str:
    return str(panel.model.index(row, 1).data())


def test_times_are_shown_in_the_local_zone_with_their_offset(panel: EventLogPanel):
    stamp = panel.model.row_at(0).timestamp
    assert time_cell(panel, 0) == in_berlin(stamp)
    assert not panel.utc_toggle.isChecked()


def test_the_toggle_shows_every_time_in_utc_and_back(qtbot, panel: EventLogPanel):
    stamp = panel.model.row_at(2).timestamp
    with qtbot.waitSignal(panel.model.dataChanged) as changed:
        panel.utc_toggle.setChecked(True)
    first, last = changed.args[:2]
    assert (first.row(), last.row(), first.column(), last.column()) == (0, 2, 1, 1)
    assert time_cell(panel, 2) == f"{stamp[:10]} {stamp[11:23]} +00:00"

    panel.utc_toggle.setChecked(False)
    assert time_cell(panel, 2) == in_berlin(stamp)


def test_the_details_follow_the_toggle(panel: EventLogPanel):
    panel.table.setCurrentIndex(panel.model.index(1, 0, QModelIndex()))
    stamp = panel.model.row_at(1).timestamp

    def shown_stamp() -> str:
        return str(json.loads(index_at(panel.details, "metadata", "timestamp",
                                       column=1).data()))

    assert shown_stamp().startswith(in_berlin(stamp)[:23])
    assert shown_stamp().endswith(in_berlin(stamp)[-6:])
    panel.utc_toggle.setChecked(True)
    assert shown_stamp() == f"{stamp[:10]} {stamp[11:26]} +00:00"


def test_copy_as_json_copies_the_time_as_stored_whatever_the_zone_shown(
        panel: EventLogPanel):
    panel.table.setCurrentIndex(panel.model.index(1, 0, QModelIndex()))
    event = panel.model.row_at(1)

    for utc in (False, True):
        panel.utc_toggle.setChecked(utc)
        panel.details.copy_event()
        copied = json.loads(QGuiApplication.clipboard().text())
        assert copied["metadata"]["timestamp"] == event.timestamp  # ISO 8601, UTC
        assert copied == event.stored_document


def test_the_range_fields_name_the_same_moments_in_either_zone(panel: EventLogPanel):
    panel.time_filter.setCurrentText(BETWEEN)
    before = panel.time_range()
    panel.utc_toggle.setChecked(True)
    assert panel.time_range() == before
    assert panel.since_edit.dateTime().timeZone().id() == b"UTC"
