"""The window's docks laid out: where each goes by default, for a small or a roomy screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

SIMULATION_PANEL_WIDTH = 300  # at least what its contents need, whatever this says
# Below this size the forms, the simulation and the history are tabbed, so that the
# tables keep their rows (issue 12: at 1024×700 the log shows 8, the orders 6).
ROOMY = QSize(1400, 950)


def arrange_docks(window: QMainWindow, docks: list[QDockWidget], room: QSize) -> None:
    """The default layout for `room` (the screen, or the window's size now).

    The forms and the simulation share one tabbed dock on the left. On a roomy screen the
    catalog and the book details are under them, the orders beside them with the status
    history, the order lines and the charts tabbed under the orders, and the event log is
    a full-height column on the right. On a smaller one the history and the lines join the
    forms' tabs, the orders (tabbed with the catalog, the book details and the charts) take
    the right, and the log the bottom. Either way the tables keep their rows: at 1024×700
    the log shows 8 and the orders 6, at 1920×1080 the log shows more than 25
    (tests/desktop/test_layout.py counts them).
    """
    named = {dock.objectName(): dock for dock in docks}
    add, catalog, place = named["addBookDock"], named["catalogDock"], named["placeOrderDock"]
    orders, history, log_dock = named["ordersDock"], named["historyDock"], named["eventLogDock"]
    simulation, charts, trace = named["simulationPanel"], named["chartsDock"], named["traceDock"]
    commands = named["commandsDock"]
    book_details, order_details = named["bookDetailsDock"], named["orderDetailsDock"]
    for dock in docks:  # from scratch: no tab group or split of the layout before remains
        dock.setFloating(False)  # before it leaves the layout: a dock out of it stays afloat
        window.removeDockWidget(dock)
    vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    roomy = is_roomy(room)
    log_area = Qt.DockWidgetArea.RightDockWidgetArea if roomy \
        else Qt.DockWidgetArea.BottomDockWidgetArea
    for corner in Qt.Corner.BottomLeftCorner, Qt.Corner.BottomRightCorner:
        window.setCorner(corner, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    if roomy:
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.addDockWidget(log_area, log_dock)
    window.addDockWidget(left, add)
    if roomy:  # split first: a dock in a tab group is not split
        window.splitDockWidget(add, orders, horizontal)
        window.splitDockWidget(add, catalog, vertical)
        window.splitDockWidget(catalog, book_details, vertical)
        window.splitDockWidget(orders, history, vertical)
    else:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, orders)
        window.tabifyDockWidget(orders, catalog)
        window.tabifyDockWidget(catalog, book_details)
    window.tabifyDockWidget(add, place)
    window.tabifyDockWidget(place, simulation)
    if not roomy:
        window.tabifyDockWidget(simulation, history)
        window.tabifyDockWidget(book_details, charts)
    window.tabifyDockWidget(history, order_details)
    if roomy:
        window.tabifyDockWidget(order_details, charts)
    window.tabifyDockWidget(charts, trace)  # beside the orders, with the log in view
    window.tabifyDockWidget(trace, commands)  # a command's trace is a click away
    for dock in docks:
        dock.show()
    history.raise_()
    add.raise_()
    orders.raise_()


def size_docks(window: QMainWindow, docks: list[QDockWidget], room: QSize) -> None:
    """Share `room` out between the docks as arrange_docks placed them."""
    named = {dock.objectName(): dock for dock in docks}
    add, catalog, orders = named["addBookDock"], named["catalogDock"], named["ordersDock"]
    history, log_dock = named["historyDock"], named["eventLogDock"]
    book_details = named["bookDetailsDock"]
    vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
    layout = window.layout()
    if layout is not None:
        layout.activate()  # sizes go to docks the layout has placed and shown
    if is_roomy(room):
        window.resizeDocks([log_dock], [room.width() * 9 // 20], horizontal)
        window.resizeDocks([add, catalog, book_details],
                           [room.height() * 2 // 5, room.height() * 2 // 5, room.height() // 5],
                           vertical)
        window.resizeDocks([orders, history], [room.height() * 3 // 4, room.height() // 4],
                           vertical)
    else:
        # A little under half: Qt gives a dock a little less than asked (its title bar).
        window.resizeDocks([log_dock], [room.height() * 23 // 50], vertical)
        window.resizeDocks([add, orders], [room.width() * 2 // 5, room.width() * 3 // 5],
                           horizontal)


def is_roomy(room: QSize) -> bool:
    return room.width() >= ROOMY.width() and room.height() >= ROOMY.height()


def bring_into_view(widget: QWidget) -> None:
    """Show the dock holding `widget` (closed, or behind another tab) on top of its tabs."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    if parent is not None:
        parent.show()
        parent.raise_()
