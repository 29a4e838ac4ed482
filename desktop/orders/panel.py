"""The orders panel: place orders, confirm and ship them, and read each one's history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.orders.details import OrderDetailsPane
from desktop.orders.form import OrderForm
from desktop.orders.model import NOT_PLACED, OrdersModel
from desktop.orders.transitions_model import TransitionsModel
from desktop.widgets.menu_items import aggregate_items, copy_text, menu_item
from desktop.widgets.message_bar import MessageBar
from desktop.widgets.table_view import make_table, select_row, size_columns
from domain.bookshelf import ConfirmOrder, Order, PlaceOrder, ShipOrder
from domain.core import ValidationError, caused_by
from domain.core.metadata import Metadata
from domain.readside import short_id

# Which command the selected order's status allows.
NEXT_STEP = {"PENDING": "confirm", "CONFIRMED": "ship"}


class OrdersPanel(QWidget):
    """Sends PlaceOrder, ConfirmOrder and ShipOrder and shows the orders projection.

    The buttons follow the selected order's status, but the domain's guard is the one
    that counts: a refused transition (a double click, a simulated clerk who was faster)
    comes back as an error and is shown in the panel's message area. Each answer comes
    back to this panel alone; the orders model refreshes on the bridge's `eventsDelivered`.

    The panel is the orders (table and actions); `place_section` holds the place-order
    form and `history` the selected order's status history, which the window docks apart.
    Several orders may be selected (to copy them): Confirm and Ship then act on none.

    Signals:
        historyRequested(str): the history of an order was asked for (its stream, or
            the event id of a status change: the version it was made by).
        streamRequested(str): an order's events were asked for (in the event log).
        streamTraceRequested(str): the trace of an order's stream was asked for: the chain
            that created it (its first event's).
        traceRequested(str): the trace of the event of a status change was asked for.
    """

    historyRequested = Signal(str)
    streamRequested = Signal(str)
    streamTraceRequested = Signal(str)
    traceRequested = Signal(str)

    def __init__(self, bridge: Bridge, find_books: Callable[[str, int], list[dict[str, Any]]],
                 model: OrdersModel, transitions: TransitionsModel,
                 details: OrderDetailsPane | None = None, parent: QWidget | None = None,
                 cause_of: Callable[[str], Metadata | None] | None = None) -> None:
        """`find_books(text, limit)`: the catalog's books matching what is typed into the
        order form's picker; `details`: the pane that shows the selected order's lines,
        under the table; `cause_of(order_id)`: the metadata of the order's latest event,
        which Confirm and Ship are caused by (one chain from its PlaceOrder: the Trace)."""
        super().__init__(parent)
        self.setObjectName("ordersPanel")
        self.bridge = bridge
        self.model = model
        self.transitions = transitions
        self._cause_of = cause_of
        self._select_when_shown: str | None = None
        self.read_only = False

        self.form = OrderForm(find_books)
        self.form.submitted.connect(self._place)
        self.message = MessageBar("ordersMessage")

        self.table = make_table("ordersTable", several=True)
        self.table.menuOpening.connect(self._order_menu_items)
        self.table.setModel(model)
        # Sorted by SQL (model.sort), the newest first: the indicator shows the model's
        # order, which enabling sorting asks for again, at no cost.
        self.table.horizontalHeader().setSortIndicator(model.sort_column, model.sort_order)
        self.table.setSortingEnabled(True)
        # The customer keeps room for a name however narrow the dock (the times, with their
        # offsets, are wide): the last column takes what is left, and a narrow dock scrolls.
        size_columns(self.table, {0: "Margaret Hamilton", 1: "Items", 2: "0,000.00 USD",
                                  3: "Confirmed", 4: "2026-11-27 10:25:35 +00:00",
                                  5: "2026-11-27 10:25:35 +00:00"})
        self.table.horizontalHeader().setStretchLastSection(True)

        self.confirm_button = QPushButton("Co&nfirm")
        self.confirm_button.setObjectName("orderConfirm")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.ship_button = QPushButton("&Ship")
        self.ship_button.setObjectName("orderShip")
        self.ship_button.clicked.connect(self.ship_selected)
        self.selected_label = QLabel("No order selected")
        self.selected_label.setObjectName("orderSelected")

        self.history = make_table("orderHistory")
        self.history.menuOpening.connect(self._history_menu_items)
        self.history.setModel(transitions)
        # Room for the three transitions an order can have, without scrolling.
        self.history.setFixedHeight(self.history.verticalHeader().defaultSectionSize() * 4
                                      + self.history.horizontalHeader().sizeHint().height()
                                      + 4)
        # Widths from sample texts, not ResizeToContents: that sized the status column for
        # the first row ("Pending") and cut the later ones ("Confir…").
        size_columns(self.history,
                     {0: "Confirmed", 1: "2026-11-27 10:25:35.000 +00:00", 3: "000000"})
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # After a refresh, a sort or a rebuild, the selection has followed its order.
        model.layoutChanged.connect(self._selected_order_changed)
        model.layoutChanged.connect(self._select_pending)
        # Projections are committed before the bridge delivers their events: read them now.
        bridge.eventsDelivered.connect(model.on_events)

        # The form is a section of its own: the window docks it apart from the orders.
        self.place_section = QWidget()
        self.place_section.setObjectName("placeOrderSection")
        placing = QVBoxLayout(self.place_section)
        placing.addWidget(self.form)
        placing.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.selected_label, stretch=1)
        actions.addWidget(self.confirm_button)
        actions.addWidget(self.ship_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(actions)
        # The pane is shown where the window docks it; the panel keeps it on the selection.
        self.details = details
        self._update_buttons()

    # -- selection ---------------------------------------------------------------------

    def selected_order(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 1:  # none, or several
            return None
        return self.model.order(rows[0].row())

    def _order_menu_items(self, menu: QMenu, row: int) -> None:
        order = self.model.order(row)
        if order is not None:
            order_id = str(order["order_id"])
            aggregate_items(menu, "ordersTable", order_id, Order.stream_name(order_id),
                            self.streamTraceRequested.emit, self.historyRequested.emit,
                            self.streamRequested.emit)

    def _history_menu_items(self, menu: QMenu, row: int) -> None:
        transition = self.transitions.item(row)
        if transition is not None:
            event_id = str(transition["event_id"])
            menu_item(menu, "Show &trace", "orderHistoryShowTrace",
                      lambda: self.traceRequested.emit(event_id))
            # The event's id: the history chooses the version this change was made by.
            menu_item(menu, "Show &history", "orderHistoryShowHistory",
                      lambda: self.historyRequested.emit(event_id))
            menu_item(menu, "Copy event &id", "orderHistoryCopyId", lambda: copy_text(event_id))

    def select_order(self, order_id: str) -> bool:
        """Select the order `order_id` wherever it stands (False: not shown yet)."""
        row = self.model.row_of(order_id)
        if row is None:
            return False  # not shown yet: its events are on their way
        select_row(self.table, self.model.index(row, 0))
        return True

    @Slot()
    def _selection_changed(self) -> None:
        order = self.selected_order()
        self.transitions.show_order(order["order_id"] if order else None)
        self._show_details(order)
        self._update_buttons()

    @Slot()
    def _selected_order_changed(self) -> None:
        order = self.selected_order()
        order_id = order["order_id"] if order else None
        if order_id != self.transitions.order_id:
            self.transitions.show_order(order_id)
        else:
            self.transitions.refresh()
        self._show_details(order)
        self._update_buttons()

    def set_read_only(self) -> None:
        """No order can be placed, confirmed or shipped (a read-only window)."""
        self.read_only = True
        self.form.setEnabled(False)
        self._update_buttons()

    def _show_details(self, order: dict[str, Any] | None) -> None:
        if self.details is not None:
            self.details.show_order(str(order["order_id"]) if order else None)

    def _update_buttons(self) -> None:
        order = self.selected_order()
        step = NEXT_STEP.get(order["status"]) if order and not self.read_only else None
        self.confirm_button.setEnabled(step == "confirm")
        self.ship_button.setEnabled(step == "ship")
        several = len(self.table.selectionModel().selectedRows())
        if several > 1:
            self.selected_label.setText(f"{several} orders selected")
        elif order is None:
            self.selected_label.setText("No order selected")
        else:
            status = order["status"].title() if order["status"] else NOT_PLACED
            self.selected_label.setText(
                f"{order['customer_name'] or 'No customer yet'}: {status}"
                f" (order {short_id(order['order_id'])})")

    @Slot()
    def _select_pending(self) -> None:
        if self._select_when_shown and self.select_order(self._select_when_shown):
            self._select_when_shown = None

    # -- commands --------------------------------------------------------------------------

    @Slot(object)
    def _place(self, command: PlaceOrder) -> None:
        self.form.place_button.setEnabled(False)  # until the answer: no double orders
        self.bridge.submit(command, lambda order_id: self._placed(command, order_id),
                           lambda error: self._not_placed(command, error))

    def _placed(self, command: PlaceOrder, order_id: Any) -> None:
        self.message.info(f"Placed an order for {command.customer_name}.")
        self.form.clear()
        self._select_when_shown = str(order_id)
        self._select_pending()

    def _not_placed(self, command: PlaceOrder, error: BaseException) -> None:
        self.form.validate()
        if isinstance(error, ValidationError):
            self.form.show_errors(error.messages)
        self.message.failure(f"The order of {command.customer_name} was not placed", error)

    @Slot()
    def confirm_selected(self) -> None:
        """Ask the domain to confirm the selected order, whatever the buttons say."""
        self._transition("confirm", "Confirmed", ConfirmOrder)

    @Slot()
    def ship_selected(self) -> None:
        """Ask the domain to ship the selected order, whatever the buttons say."""
        self._transition("ship", "Shipped", ShipOrder)

    def _transition(self, verb: str, done: str, command_cls: type) -> None:
        order = self.selected_order()
        if order is None:
            return
        # An order whose OrderPlaced is not projected yet has no customer name to show.
        customer = order["customer_name"] or f"order {short_id(order['order_id'])}"
        cause = self._cause_of(order["order_id"]) if self._cause_of is not None else None
        with caused_by(cause):
            command = command_cls(order_id=order["order_id"])
        self.bridge.submit(
            command,
            lambda _order_id: self.message.info(f"{done} the order of {customer}."),
            lambda error: self._not_moved(f"Could not {verb} the order of {customer}", error))

    def _not_moved(self, what: str, error: BaseException) -> None:
        """Say why; the order may have moved elsewhere (another window, a simulation):
        show it as it is now along with the refusal."""
        self.message.failure(what, error)
        self.model.refresh()
        self.transitions.refresh()
        self._show_details(self.selected_order())
        self._update_buttons()
