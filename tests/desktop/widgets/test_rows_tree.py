"""Trees copy their selected rows with Ctrl+C as the tables do, in the tree's order."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView

from desktop.widgets.rows_tree import RowsTree


def tree_of(qtbot) -> RowsTree:
    """PlaceOrder with two events under it, then ConfirmOrder with one."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Type", "Delay"])
    for command, events in (("PlaceOrder", ["OrderItemAdded", "OrderPlaced"]),
                            ("ConfirmOrder", ["OrderConfirmed"])):
        parent = [QStandardItem(command), QStandardItem("")]
        model.appendRow(parent)
        for event in events:
            parent[0].appendRow([QStandardItem(event), QStandardItem("+0.002 s")])
    tree = RowsTree()
    tree.setModel(model)
    qtbot.addWidget(tree)
    tree.expandAll()
    tree.show()
    qtbot.waitExposed(tree)
    tree.setFocus()
    return tree


def test_ctrl_c_copies_the_selected_rows_top_to_bottom_under_the_headers(qtbot):
    tree = tree_of(qtbot)
    model = tree.model()
    confirmed = model.index(0, 0, model.index(1, 0))
    placed = model.index(1, 0, model.index(0, 0))
    for index in (confirmed, model.index(0, 0), placed):  # picked in another order
        tree.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select
                                     | QItemSelectionModel.SelectionFlag.Rows)
    QGuiApplication.clipboard().clear()

    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    assert QGuiApplication.clipboard().text() == (
        "Type\tDelay\nPlaceOrder\t\nOrderPlaced\t+0.002 s\nOrderConfirmed\t+0.002 s\n")


def test_several_rows_may_be_selected_and_none_selected_copies_nothing(qtbot):
    tree = tree_of(qtbot)
    assert tree.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "before"
