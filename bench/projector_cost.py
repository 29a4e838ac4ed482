"""What the catalog and orders projections cost as projectors (issue 15), against the same
projections written by hand in SQL as they shipped up to schema 6, in the same run; prints JSON.

    .venv/bin/python bench/projector_cost.py [--loops 1200] [--block 100]

Two files, each with its pair of projections only (no search index): the same work on
both, one AddBook and one order placed (two lines), confirmed and shipped per loop, in
alternating blocks so that a busy machine weighs on both alike. Times are CPU time of
the process (every thread): projections are delivered on the committing thread by
`process`. `projector_rate_share` is hand-written time / projector time per loop: 1.0 is
"costs no more".
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.handwritten_projections import HandwrittenCatalog, HandwrittenOrders  # noqa: E402
from domain.bookshelf import (  # noqa: E402
    AddBook,
    Bookshelf,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    catalog,
    orders,
)


def loop(shop: Bookshelf, number: int, books: list[str]) -> None:
    if not books:  # the book every order has on its second line
        books.append(shop.process(AddBook(title="Dune", author="Frank Herbert",
                                          price_amount=9.99)))
    books.append(shop.process(AddBook(title=f"Book {number}", author="Ann Author",
                                      price_amount=12.5 + number % 7)))
    order_id = shop.process(PlaceOrder(customer_name="Ann", items=[
        {"book_id": books[-1], "quantity": 1}, {"book_id": books[0], "quantity": 2}]))
    shop.process(ConfirmOrder(order_id=order_id))
    shop.process(ShipOrder(order_id=order_id))


def measure(folder: Path, loops: int, block: int) -> dict[str, float]:
    shops = {"projectors": Bookshelf(folder / "projectors.db", subscribers=[catalog, orders]),
             "handwritten": Bookshelf(folder / "handwritten.db",
                                      subscribers=[HandwrittenCatalog(), HandwrittenOrders()])}
    books: dict[str, list[str]] = {name: [] for name in shops}
    spent: dict[str, list[float]] = {name: [] for name in shops}
    try:
        for name, shop in shops.items():
            shop.session()
            loop(shop, 0, books[name])  # tables made, statements prepared
        done = 1
        for round_number in range(loops // (2 * block)):
            order = (("projectors", "handwritten") if round_number % 2
                     else ("handwritten", "projectors"))
            for name in order:
                started = time.process_time()
                for number in range(done, done + block):
                    loop(shops[name], number, books[name])
                spent[name].append(time.process_time() - started)
            done += block
    finally:
        for shop in shops.values():
            shop.close()
    pairs = [hand / projector for hand, projector in
             zip(spent["handwritten"], spent["projectors"], strict=True)]
    return {
        "projectors_us_per_loop": round(statistics.median(spent["projectors"]) / block * 1e6, 1),
        "handwritten_us_per_loop": round(statistics.median(spent["handwritten"]) / block * 1e6,
                                         1),
        "projector_rate_share": round(statistics.median(pairs), 3),
        "blocks_each": len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=1200)
    parser.add_argument("--block", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = measure(Path(folder), args.loops, args.block)
    print(json.dumps({"benchmark": "projector_cost", "loops": args.loops,
                      "commands_per_loop": 4, **result}, indent=2))


if __name__ == "__main__":
    main()
