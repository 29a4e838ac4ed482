"""Read models for the screens, kept by projectors from events: the catalog and the orders."""

from __future__ import annotations

from domain.bookshelf.book import Book, BookAdded
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.money import cents
from domain.bookshelf.order import (
    Order,
    OrderConfirmed,
    OrderItemAdded,
    OrderPlaced,
    OrderShipped,
    OrderStatus,
)
from domain.core import (
    DateTime,
    Dict,
    Identifier,
    Index,
    Integer,
    List,
    ObjectNotFoundError,
    String,
    current_domain,
    on,
)
from domain.core.storage import SearchIndex

# One index per column the window sorts a table by (domain/readside/projections.py), text
# as the reader's ORDER BY spells it (COLLATE NOCASE): a page of the table in any order,
# anywhere, is a walk of an index, never a sort of every row. Ties go by rowid, which ends
# every index. What they cost the projectors' writes: bench/projection_indexes.py.


@bookshelf.projection(indexes=[
    Index("title", nocase=["title"]), Index("author", nocase=["author"]),
    Index("price_cents"), Index("position")])
class Catalog:
    """One record per book, with its price in cents, so that SQL sorts by it."""

    book_id = Identifier(identifier=True)
    title = String(max_length=200, required=True)
    author = String(max_length=150, required=True)
    price_cents = Integer(min_value=0)
    price_currency = String(max_length=3, default="USD")
    added_at = DateTime()
    # The BookAdded's place in the log: "Added" sorts by it, as it sorts by the time.
    position = Integer()


@bookshelf.projector(projector_for=Catalog, aggregates=[Book])
class CatalogProjector:
    @on(BookAdded)
    def book_added(self, event: BookAdded) -> None:
        current_domain.repository_for(Catalog).add(Catalog(
            book_id=event.book_id, title=event.title, author=event.author,
            price_cents=cents(event.price_amount or 0.0), price_currency=event.price_currency,
            added_at=event._metadata.headers.time,
            position=event._metadata.event_store.global_position))


@bookshelf.projection(indexes=[
    Index("customer_name", nocase=["customer_name"]), Index("total_items"),
    Index("total_cents"), Index("status"), Index("placed_at"), Index("position")])
class Orders:
    """One record per order: its status, lines and total in cents, and every transition
    with its time and event. The lines and the transitions are JSON lists: the screens read
    them an order at a time."""

    order_id = Identifier(identifier=True)
    # Empty, with no status, between its first line and its OrderPlaced: the events of one
    # write, which a delivery applies in one transaction.
    customer_name = String(max_length=150)
    status = String(max_length=20)
    total_items = Integer(default=0)
    total_cents = Integer(default=0)
    currency = String(max_length=3, default="USD")
    placed_at = DateTime()
    updated_at = DateTime()
    # The position of the order's latest event: "Updated" sorts by it.
    position = Integer()
    # {item_id, book_id, book_title, quantity, unit_price_cents, currency}, as added.
    lines = List(content_type=Dict)
    # {position, status, at, event_id, event_type}, oldest first.
    transitions = List(content_type=Dict)


@bookshelf.projector(projector_for=Orders, aggregates=[Order])
class OrdersProjector:
    @on(OrderItemAdded)
    def item_added(self, event: OrderItemAdded) -> None:
        repository = current_domain.repository_for(Orders)
        try:
            order = repository.get(event.order_id)
        except ObjectNotFoundError:
            order = Orders(order_id=event.order_id, currency=event.unit_price_currency)
        unit_price = cents(event.unit_price_amount or 0.0)
        order.lines = (*order.lines, {
            "item_id": event.item_id, "book_id": event.book_id, "book_title": event.book_title,
            "quantity": event.quantity, "unit_price_cents": unit_price,
            "currency": event.unit_price_currency})
        order.total_cents += unit_price * event.quantity
        # Counted line by line too, so that the record agrees with itself before its
        # OrderPlaced (which says the same total) is applied.
        order.total_items += event.quantity
        repository.add(order)

    @on(OrderPlaced)
    def placed(self, event: OrderPlaced) -> None:
        repository = current_domain.repository_for(Orders)
        try:
            order = repository.get(event.order_id)
        except ObjectNotFoundError:  # an order of no lines: PlaceOrder refuses one
            order = Orders(order_id=event.order_id)
        order.customer_name = event.customer_name
        order.total_items = event.total_items
        order.placed_at = event._metadata.headers.time
        self._moved(order, event, OrderStatus.PENDING)
        repository.add(order)

    @on(OrderConfirmed)
    def confirmed(self, event: OrderConfirmed) -> None:
        self._move(event, OrderStatus.CONFIRMED)

    @on(OrderShipped)
    def shipped(self, event: OrderShipped) -> None:
        self._move(event, OrderStatus.SHIPPED)

    def _move(self, event: OrderConfirmed | OrderShipped, status: OrderStatus) -> None:
        repository = current_domain.repository_for(Orders)
        order = repository.get(event.order_id)
        self._moved(order, event, status)
        repository.add(order)

    @staticmethod
    def _moved(order: Orders, event: OrderPlaced | OrderConfirmed | OrderShipped,
               status: OrderStatus) -> None:
        metadata = event._metadata
        order.status = status.value
        order.updated_at = metadata.headers.time
        order.position = metadata.event_store.global_position
        order.transitions = (*order.transitions, {
            "position": order.position, "status": status.value,
            "at": metadata.headers.time.isoformat(), "event_id": metadata.id,
            "event_type": metadata.type})


# The projectors as the runtime delivers to them: a Bookshelf may be opened with some only.
catalog = bookshelf.registry.projector_of(Catalog)
orders = bookshelf.registry.projector_of(Orders)
# The event log's search and filters read it (see SearchIndex).
search = bookshelf.register_projection(SearchIndex())
