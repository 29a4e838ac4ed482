"""Tables copy their selected rows with Ctrl+C, as spreadsheets paste them, and have a menu."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop.widgets.table_view import make_table


def table_of(qtbot, rows: list[list[str]], several: bool = True):
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Title", "Author", "Price"])
    for row in rows:
        model.appendRow([QStandardItem(cell) for cell in row])
    table = make_table("someTable", several=several)
    table.setModel(model)
    qtbot.addWidget(table)
    table.resize(500, 300)
    table.show()
    qtbot.waitExposed(table)
    table.setFocus()
    return table


BOOKS = [["Dune", "Frank Herbert", "9.99"], ["Emma", "Jane Austen", "7.50"],
         ["Ulysses", "James Joyce", "12.00"]]


def select(table, *rows: int) -> None:
    selection = table.selectionModel()
    for row in rows:
        selection.select(table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def copied(qtbot, table) -> str:
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QGuiApplication.clipboard().text()


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_lines_under_the_headers(qtbot):
    table = table_of(qtbot, BOOKS)
    select(table, 2, 0)
    assert copied(qtbot, table) == ("Title\tAuthor\tPrice\nDune\tFrank Herbert\t9.99\n"
                                    "Ulysses\tJames Joyce\t12.00\n")


def test_columns_are_copied_in_their_order_on_screen_and_hidden_ones_left_out(qtbot):
    table = table_of(qtbot, BOOKS)
    table.horizontalHeader().moveSection(2, 0)
    table.setColumnHidden(1, True)
    select(table, 1)
    assert copied(qtbot, table) == "Price\tTitle\n7.50\tEmma\n"


def test_a_cell_with_a_tab_or_a_newline_is_quoted_as_spreadsheets_expect(qtbot):
    table = table_of(qtbot, [['A "tab"\there', "two\nlines", "x"]])
    select(table, 0)
    assert copied(qtbot, table).splitlines()[1] == '"A ""tab""\there"\t"two'


def test_nothing_selected_leaves_the_clipboard_alone(qtbot):
    table = table_of(qtbot, BOOKS)
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "before"


def test_shift_and_the_arrows_select_several_rows_in_a_table_made_for_it(qtbot):
    table = table_of(qtbot, BOOKS)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(table.selected_rows()) == 2
    single = table_of(qtbot, BOOKS, several=False)
    qtbot.keyClick(single, Qt.Key.Key_Down)
    qtbot.keyClick(single, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(single.selected_rows()) == 1


def test_the_menu_holds_the_panels_items_then_copy(qtbot):
    table = table_of(qtbot, BOOKS)
    asked: list[int] = []
    table.menuOpening.connect(lambda menu, row: menu.addAction("Look", lambda: asked.append(row)))
    select(table, 0, 1)
    menu = table.menu_for(1)
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == ["Look", "&Copy 2 rows"]
    menu.actions()[0].trigger()
    assert asked == [1]
    menu.findChild(type(menu.actions()[0]), "someTableCopyRows").trigger()
    assert QGuiApplication.clipboard().text().count("\n") == 3


def open_menu(table, reason, where=None) -> QMenu:
    """Send the context menu event a right click (or the menu key) makes; the menu shown."""
    where = where or table.viewport().rect().center()
    event = QContextMenuEvent(reason, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), event)
    menus = [menu for menu in table.findChildren(QMenu) if menu.isVisible()]
    assert len(menus) == 1
    return menus[0]


def test_a_right_click_outside_the_selection_selects_the_row_clicked(qtbot):
    table = table_of(qtbot, BOOKS)
    select(table, 0)
    where = table.visualRect(table.model().index(2, 1)).center()
    open_menu(table, QContextMenuEvent.Reason.Mouse, where).close()
    assert table.selected_rows() == [2]


def test_a_right_click_inside_the_selection_keeps_it(qtbot):
    table = table_of(qtbot, BOOKS)
    select(table, 0, 1)
    where = table.visualRect(table.model().index(1, 1)).center()
    menu = open_menu(table, QContextMenuEvent.Reason.Mouse, where)
    assert "&Copy 2 rows" in [action.text() for action in menu.actions()]
    menu.close()
    assert table.selected_rows() == [0, 1]


def test_the_menu_key_opens_the_menu_of_the_current_row(qtbot):
    table = table_of(qtbot, BOOKS)
    asked: list[int] = []
    table.menuOpening.connect(lambda menu, row: asked.append(row))
    table.setCurrentIndex(table.model().index(1, 0))
    open_menu(table, QContextMenuEvent.Reason.Keyboard).close()
    assert asked == [1]


class Panel(QWidget):
    """A panel that adds to its table's menu, as the window's panels do."""

    def __init__(self) -> None:
        super().__init__()
        self.table = make_table("panelTable", self)
        self.table.menuOpening.connect(self.items)

    def items(self, menu: QMenu, row: int) -> None:
        menu.addAction(f"Row {row}")


def test_a_table_holds_no_reference_to_the_panel_that_adds_to_its_menu(qtbot):
    # A cycle between a panel's and its table's wrappers was broken by the garbage collector
    # at a random moment, on any thread: it deleted a closed window's widgets mid-test.
    gc.disable()
    try:
        panel = Panel()
        gone = weakref.ref(panel)
        del panel
        assert gone() is None
    finally:
        gc.enable()
