"""`python -m desktop.screenshot PATH [WIDTHxHEIGHT] [--dark] [--history] [--trace]`: the
window on a populated database (with --history, its History window on a shipped order;
with --trace, the Trace of a shipped order in view), drawn offscreen on a screen of that
size, saved as a PNG."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from desktop.app import create_main_window
from desktop.look.appearance import DARK, LIGHT, apply_appearance
from desktop.main_window import MainWindow
from domain.bookshelf import AddBook, ConfirmOrder, Order, PlaceOrder, ShipOrder, open_bookshelf
from domain.core import caused_by
from domain.readside.causes import latest_metadata

BOOKS = (
    ("Domain-Driven Design", "Eric Evans", "9780321125217", 54.99),
    ("Implementing Domain-Driven Design", "Vaughn Vernon", "9780321834577", 49.99),
    ("Architecture Patterns with Python", "Harry Percival, Bob Gregory", "9781492052203", 44.50),
    ("Designing Data-Intensive Applications", "Martin Kleppmann", "9781449373320", 39.95),
    ("Refactoring", "Martin Fowler", "9780134757599", 47.99),
    ("The Pragmatic Programmer", "David Thomas, Andrew Hunt", "9780135957059", 42.00),
    ("Patterns of Enterprise Application Architecture", "Martin Fowler", "", 59.99),
    ("Enterprise Integration Patterns", "Gregor Hohpe, Bobby Woolf", "", 64.99),
)
# Customer, lines (book number, quantity), how far the order gets.
ORDERS = (
    ("Ada Lovelace", ((0, 1), (2, 2)), "SHIPPED"),
    ("Grace Hopper", ((3, 1),), "SHIPPED"),
    ("Alan Turing", ((1, 1), (4, 1)), "CONFIRMED"),
    ("Barbara Liskov", ((5, 3),), "CONFIRMED"),
    ("Edsger Dijkstra", ((6, 1),), "PENDING"),
    ("Margaret Hamilton", ((7, 2), (0, 1)), "PENDING"),
)


def populate(database: Path) -> None:
    """Books and orders in every status, processed synchronously before the window opens;
    confirm and ship caused by the order's latest event, as the window's buttons send them."""
    domain = open_bookshelf(database)
    reader = domain.open_reader()
    book_ids = [domain.process(AddBook(title=title, author=author, isbn=isbn,
                                       price_amount=price, price_currency="USD"))
                for title, author, isbn, price in BOOKS]
    for customer, lines, status in ORDERS:
        items = [{"book_id": book_ids[book], "quantity": quantity} for book, quantity in lines]
        order_id = domain.process(PlaceOrder(customer_name=customer, items=items))
        steps = {"CONFIRMED": (ConfirmOrder,), "SHIPPED": (ConfirmOrder, ShipOrder)}
        for command_cls in steps.get(status, ()):
            with caused_by(latest_metadata(reader, Order.stream_name(str(order_id)))):
                command = command_cls(order_id=order_id)
            domain.process(command)
    reader.close()
    domain.close()


def settle(seconds: float) -> None:
    """Let layouts, lazy fetches and queued signals run."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def simulate(window: MainWindow, seconds: float) -> None:
    """A few simulated customers shop for `seconds`, then pause: a run in progress to show."""
    panel = window.simulation_panel
    panel.customers.setValue(4)
    panel.start()
    settle(seconds)
    panel.pause_or_resume()
    deadline = time.monotonic() + 10
    while window.simulation_control.state != "paused" and time.monotonic() < deadline:
        settle(0.05)


def stage(window: MainWindow) -> None:
    """Show what the tool is for: an order with history, an event with its details."""
    orders = window.orders_model
    for row in range(orders.rowCount()):
        order = orders.order(row)
        if order is not None and order["status"] == "SHIPPED":
            window.orders_panel.select_order(order["order_id"])
            break
    log = window.event_log_panel
    log.table.selectRow(window.event_log_model.rowCount() - 1)
    window.catalog_panel.form.line_edits["title"].setText("Event Storming")
    window.catalog_panel.form.line_edits["author"].setText("Alberto Brandolini")
    window.catalog_panel.form.line_edits["price_amount"].setText("29.00")
    window.catalog_panel.form.validate()
    form = window.orders_panel.form
    form.customer.setText("Ken Thompson")
    form.book.choose(window.catalog_model.book(3))
    form.quantity.setValue(2)
    form.add_line()
    form.validate()


def history_of_the_selected_order(window: MainWindow) -> QWidget:
    """The History window on the order `stage` selected, at the write that confirmed it."""
    order = window.orders_panel.selected_order()
    assert order is not None and window.show_history(str(order["order_id"]))
    history = window.history_window
    assert history is not None
    history.choose(1)
    return history
def stage_trace(window: MainWindow) -> QWidget:
    """The Trace dock with the selected (shipped) order's chain, its OrderPlaced chosen
    (the log selects that event), floated to be drawn alone."""
    order = window.orders_panel.selected_order()
    model = window.event_log_model
    shipped = next(row for row in map(model.row_at, range(model.rowCount()))
                   if order is not None and row.stream.endswith(order["order_id"])
                   and row.type.endswith("OrderShipped.v1"))
    window.show_trace(str(shipped.metadata["id"]))
    tree = window.trace_panel.tree
    placed = tree.model().match(tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole,
                                "OrderPlaced", 1, Qt.MatchFlag.MatchRecursive)
    if placed:
        tree.setCurrentIndex(placed[0])
    # The chain in full: its dock floated beside the window, as wide as the tree needs.
    dock = window.findChild(QDockWidget, "traceDock")
    assert dock is not None
    dock.setFloating(True)
    dock.resize(1000, 250)
    return dock


def offscreen_screen(width: int, height: int, folder: Path) -> None:
    """Make Qt's offscreen platform one screen of `width`×`height` (physical pixels):
    the window is laid out for it as it would be on such a screen. Before the QApplication."""
    screens = folder / "screens.json"
    screens.write_text(json.dumps({"screens": [{
        "name": "screenshot", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screens}"


def main(argv: list[str]) -> int:
    """PATH [WIDTHxHEIGHT] [--dark] [--history] [--trace]: the window filling a screen of
    that size (1600x1040) in its default layout; QT_SCALE_FACTOR=2 draws it at twice the
    scale."""
    dark, history, traced = "--dark" in argv, "--history" in argv, "--trace" in argv
    argv = [each for each in argv if each not in ("--dark", "--history", "--trace")]
    target = Path(argv[0]) if argv else Path("resources/screenshots/main.png")
    width, height = map(int, (argv[1] if len(argv) > 1 else "1600x1040").split("x"))
    with tempfile.TemporaryDirectory() as folder:
        if QApplication.instance() is None:
            offscreen_screen(width, height, Path(folder))
            # Nothing remembered is read or written: the default layout, not the user's.
            os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        # instance() is typed as the QCoreApplication it could be; this makes QApplications.
        app = cast("QApplication | None", QApplication.instance()) or QApplication(
            ["bookshelf-screenshot"])
        apply_appearance(app, DARK if dark else LIGHT)
        database = Path(folder) / "bookshelf.db"
        populate(database)
        window = create_main_window(database)
        window.resize(app.primaryScreen().availableSize())
        window.show()
        settle(0.2)
        window.reset_layout()  # the default layout for this size
        settle(0.5)
        simulate(window, 2.5)
        stage(window)
        trace_dock = stage_trace(window) if traced else None
        settle(0.3)
        target.parent.mkdir(parents=True, exist_ok=True)
        shown: QWidget = (history_of_the_selected_order(window) if history
                          else trace_dock or window)
        settle(0.3)
        saved = shown.grab().save(str(target))
        window.close()
    print(f"{'wrote' if saved else 'could not write'} {target}")
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
