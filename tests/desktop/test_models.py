"""Every Qt model of the window passes pytest-qt's model tester, empty and populated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.desktop.helpers import add_book, log_types, place_order

MODELS = ("catalog_model", "orders_model", "transitions_model", "event_log_model")


@pytest.fixture
def populated(qtbot, window):
    add_book(qtbot, window, "Dune")
    add_book(qtbot, window, "Emma", author="Jane Austen")
    place_order(qtbot, window, "Ann")
    qtbot.waitUntil(lambda: len(log_types(window)) == 4)
    window.orders_panel.select_order(window.orders_model.order(0)["order_id"])
    return window


@pytest.mark.parametrize("name", MODELS)
def test_the_window_models_pass_the_model_tester(qtmodeltester, populated, name):
    qtmodeltester.check(getattr(populated, name))


# Sorted and filtered by SQL: each is a layout change that the tester follows.
@pytest.mark.parametrize("name", ("catalog_model", "orders_model"))
def test_the_lazy_models_pass_the_model_tester_through_sorts_and_filters(
        qtmodeltester, populated, name):
    model = getattr(populated, name)
    qtmodeltester.check(model, force_py=True)
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        model.sort(column, Qt.SortOrder.DescendingOrder)
    model.set_text("dune")
    model.set_text("")
    model.refresh()


def test_the_order_lines_pass_the_model_tester(qtmodeltester, populated):
    form = populated.orders_panel.form
    form.add_line()
    qtmodeltester.check(form.lines)


# One tester per test: a ModelTester follows the signals of the last model it checked.
@pytest.mark.parametrize("name", MODELS)
def test_the_models_stay_consistent_while_rows_arrive(qtmodeltester, qtbot, window, name):
    qtmodeltester.check(getattr(window, name), force_py=True)
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    window.orders_panel.select_order(window.orders_model.order(0)["order_id"])
    window.orders_panel.confirm_selected()
    qtbot.waitUntil(lambda: len(log_types(window)) == 4)
