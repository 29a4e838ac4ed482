"""What a copy's counts say when they do not add up."""

from __future__ import annotations

from domain.cli.store_copy import CopyCounts


def test_counts_that_agree_are_no_problem() -> None:
    counts = CopyCounts(events=3, last_position=3, by_type={"A": 2, "B": 1},
                        source_by_type={"A": 2, "B": 1})
    assert counts.problems == []


def test_a_copy_missing_events_or_differing_from_its_source_says_so() -> None:
    counts = CopyCounts(events=2, last_position=3, by_type={"A": 2},
                        source_by_type={"A": 2, "B": 1})

    assert counts.problems == [
        "the copy has 2 events up to position 3: some are missing",
        "the copy's events by type {'A': 2} differ from the source's up to position 3: "
        "{'A': 2, 'B': 1}"]
