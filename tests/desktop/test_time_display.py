"""Every table writes its times with their offset, and the log's UTC toggle switches them all
(issue 12, item 8)."""

from __future__ import annotations

import re

from desktop.widgets.time_display import time_display
from tests.desktop.helpers import add_book, place_order
from tests.time_zones import local_zone

WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})? [+-]\d\d:\d\d$")


def times_shown(window) -> list[str]:
    catalog, orders, history = (window.catalog_model, window.orders_model,
                                window.transitions_model)
    return [catalog.index(0, 3).data(), orders.index(0, 4).data(), orders.index(0, 5).data(),
            history.index(0, 1).data()]


def test_the_tables_show_local_times_with_their_offset_and_utc_at_the_toggle(qtbot, window):
    with local_zone("Asia/Kathmandu"):  # +05:45 all year: never mistaken for UTC
        add_book(qtbot, window, "Dune")
        place_order(qtbot, window, "Ann")
        window.orders_panel.select_order(window.orders_model.order(0)["order_id"])
        qtbot.waitUntil(lambda: window.transitions_model.rowCount() == 1)

        local = times_shown(window)
        window.event_log_panel.utc_toggle.setChecked(True)
        utc = times_shown(window)
        window.event_log_panel.utc_toggle.setChecked(False)

    assert all(WITH_OFFSET.match(text) for text in local + utc), local + utc
    assert all(text.endswith(" +05:45") for text in local)
    assert all(text.endswith(" +00:00") for text in utc)
    assert not time_display().utc
