"""The mypy plugin types a process manager as its element: fields as values, its lifecycle."""

from __future__ import annotations

from pathlib import Path

from tests.unit.core.test_mypy_plugin import assert_refused_exactly_where_marked

# Each line that must be refused ends with `# error: <mypy error code>`; no other may be.
SNIPPET = '''
from domain.core import BaseProcessManager, Domain, current_domain, handle
from domain.core.fields import Identifier, Integer, String

shop = Domain("Shop")


@shop.aggregate
class Cart:
    owner = String()


@shop.event(part_of=Cart)
class CartOpened:
    cart_id = Identifier(required=True)


@shop.process_manager(stream_categories=["cart"])
class Checkout:
    cart_id = Identifier()
    lines = Integer(default=0)

    @handle(CartOpened, start=True, correlate="cart_id")
    def on_opened(self, event: CartOpened) -> None:
        self.cart_id = event.cart_id
        self.lines = self.lines + 1
        self.mark_as_complete()


checkout = Checkout.started("c1")
cart_id: str | None = checkout.cart_id
complete: bool = checkout.is_complete
manager: BaseProcessManager = checkout
stream: str = Checkout.stream_name("c1")
wrong: str = checkout.lines  # error: assignment
checkout.colour  # error: attr-defined
'''


def test_the_plugin_types_a_process_manager_as_its_element(tmp_path: Path) -> None:
    assert_refused_exactly_where_marked(SNIPPET, tmp_path)
