"""The mypy plugin: declared elements type as what the Domain builds, and wrong uses are refused."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[3]

# Each line that must be refused ends with `# error: <mypy error code>`; no other may be.
SNIPPET = '''
from domain.core import Domain
from domain.core.elements import BaseAggregate, BaseEntity, BaseEvent, BaseValueObject
from domain.core.fields import Float, HasMany, Identifier, Integer, List, String, ValueObject

shop = Domain("Shop")


@shop.value_object
class Price:
    amount = Float(required=True)
    currency = String(max_length=3, default="USD")


@shop.aggregate
class Basket:
    owner = String(required=True)
    size = Integer()
    lines = HasMany("Line")

    def fill(self) -> None:
        self.raise_(BasketFilled(basket_id=self.id, count=len(self.lines)))


@shop.entity(part_of=Basket)
class Line:
    price = ValueObject(Price)


@shop.event(part_of=Basket)
class BasketFilled:
    basket_id = Identifier(required=True)
    count = Integer(required=True)
    tags = List(String())


basket = Basket(owner="Ada", lines=[Line(price=Price(amount=1.5))])
from_dicts = Basket(owner="Ada", lines=[{"price": {"amount": 2}}], size=None)
filled = BasketFilled(basket_id=basket.id, count=1, tags=["gift"])

owner: str = basket.owner
size: int | None = basket.size
lines: list[Line] = basket.lines
price: Price | None = lines[0].price
amount: float = Price(amount=1).amount
currency: str = Price(amount=1).currency
basket_id: str = basket.id
tags: tuple[str, ...] = filled.tags
event_type: str = BasketFilled._type
aggregate: BaseAggregate = basket
entity: BaseEntity = lines[0]
value: BaseValueObject = Price(amount=1)
event: BaseEvent = filled

Basket(owner="Ada", colour="red")  # error: call-arg
Basket(owner=3)  # error: arg-type
Basket()  # error: call-arg
Basket(owner="Ada", lines=["a line"])  # error: list-item
Price(amount="1.5")  # error: arg-type
wrong: int = basket.owner  # error: assignment
maybe: int = basket.size  # error: assignment
basket.colour  # error: attr-defined
'''


def assert_refused_exactly_where_marked(snippet: str, tmp_path: Path) -> None:
    """Type-check `snippet` with the plugin: mypy refuses exactly its `# error:` lines."""
    source = tmp_path / "shop.py"
    source.write_text(textwrap.dedent(snippet))
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = domain.core.mypy_plugin\nmypy_path = {ROOT}\n")

    report, errors, _status = api.run([
        "--config-file", str(config), "--cache-dir", str(tmp_path / "cache"),
        "--follow-imports", "silent", "--show-error-codes", "--no-error-summary",
        str(source),
    ])

    expected = {(number, code) for number, line in enumerate(source.read_text().splitlines(), 1)
                for code in re.findall(r"# error: ([\w-]+)", line)}
    found = {(int(number), code)
             for number, code in re.findall(r"shop\.py:(\d+): error: .*\[([\w-]+)\]", report)}
    assert not errors
    assert found == expected, report


def test_the_plugin_types_declared_elements_and_refuses_wrong_keywords_and_values(
    tmp_path: Path,
) -> None:
    assert_refused_exactly_where_marked(SNIPPET, tmp_path)


def test_the_plugin_types_a_projection_as_its_element(tmp_path: Path) -> None:
    assert_refused_exactly_where_marked('''
from domain.core import Domain
from domain.core.elements import BaseProjection
from domain.core.fields import Identifier, Integer, String

shop = Domain("Shop")


@shop.projection
class BasketTotal:
    basket_id = Identifier(identifier=True, required=True)
    owner = String(required=True)
    cents = Integer(default=0)


total = BasketTotal(basket_id="b1", owner="Ada")
owner: str = total.owner
cents: int | None = total.cents
record: BaseProjection = total
BasketTotal(basket_id="b1", owner=3)  # error: arg-type
wrong: int = total.owner  # error: assignment
''', tmp_path)


def test_the_plugin_types_a_declared_service_as_its_base(tmp_path: Path) -> None:
    assert_refused_exactly_where_marked('''
from domain.core import Domain, use_case
from domain.core.application_service import BaseApplicationService
from domain.core.domain_service import BaseDomainService
from domain.core.fields import Integer

shop = Domain("Shop")


@shop.aggregate
class Stock:
    count = Integer(default=0)


@shop.domain_service(part_of=[Stock, Stock])
class Transfer:
    def __init__(self, source: Stock, target: Stock) -> None:
        super().__init__(source, target)

    def move(self) -> int:
        return len(self._aggregates)


@shop.application_service(part_of=Stock)
class Stocking:
    @use_case
    def count(self, stock_id: str) -> int:
        return 0


service: BaseDomainService = Transfer(Stock(), Stock())
moved: int = Transfer(Stock(), Stock()).move()
stocking: BaseApplicationService = Stocking()
counted: int = Stocking().count("s1")
Stocking().count(1)  # error: arg-type
wrong: str = Stocking().count("s1")  # error: assignment
''', tmp_path)
