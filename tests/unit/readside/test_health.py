"""Health from two tallies: rates between them, each subscriber's lag, the failures waiting."""

from __future__ import annotations

from domain.bookshelf import AddBook, Bookshelf
from domain.core.runtime.tally import EngineTally
from domain.readside import HealthMeter


def test_rates_are_measured_between_two_tallies_and_lags_against_the_newest_event(
        shop: Bookshelf) -> None:
    for title in ("Dune", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="A", price_amount=1.0))
    meter = HealthMeter(shop.open_reader())

    first = meter.measure(EngineTally(at=10.0, commands=4, events=6, mailbox=0, head=0,
                                      positions={}))
    second = meter.measure(EngineTally(at=12.0, commands=10, events=16, mailbox=7, head=2,
                                       positions={"late": 1, "projection.catalog": 0}))

    assert (first.commands_per_s, first.events_per_s) == (0.0, 0.0)
    assert (second.commands_per_s, second.events_per_s, second.mailbox) == (3.0, 5.0, 7)
    # The store's newest event is 3; the catalog's written position is 3, ahead of the
    # lane's (another connection delivered for it).
    assert [(lag.subscriber, lag.behind) for lag in second.lags] == [
        ("late", 2), ("projection.catalog", 0)]
    assert second.behind == 2
    assert (second.failures, second.parked) == (0, 0)


def test_a_feed_of_own_commits_lags_only_on_this_process_s_commits(shop: Bookshelf) -> None:
    # Three events in the store; this process committed the first one only.
    for title in ("Dune", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="A", price_amount=1.0))
    meter = HealthMeter(shop.open_reader())

    def lag(position: int, own_head: int, fed_own_commits: tuple[str, ...]) -> int:
        return meter.measure(EngineTally(at=10.0, commands=0, events=0, mailbox=0,
                                         head=own_head, positions={"desktop": position}),
                             fed_own_commits).behind

    assert lag(0, 1, ()) == 3
    assert lag(0, 1, ("desktop",)) == 1
    assert lag(1, 1, ("desktop",)) == 0
    assert lag(0, 0, ("desktop",)) == 0
