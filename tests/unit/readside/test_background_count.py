"""The count on a thread of its own: reported step by step, started anew, extended, stopped."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from domain.core.errors import StorageError
from domain.readside import WHOLE_LOG, BackgroundCount, EventFilter, Progress
from domain.readside.event_count import FIRST_SPAN
from tests.unit.readside.memory_reader import MemoryReader


class Reports:
    """The progress reported, and a way to wait for the one that ends a request."""

    def __init__(self) -> None:
        self.seen: list[Progress] = []
        self._changed = threading.Condition()

    def __call__(self, progress: Progress) -> None:
        with self._changed:
            self.seen.append(progress)
            self._changed.notify_all()

    def final(self, request: int) -> Progress:
        with self._changed:
            assert self._changed.wait_for(lambda: any(
                each.request == request and each.done for each in self.seen), timeout=10)
            return next(each for each in self.seen if each.request == request and each.done)


@pytest.fixture
def reader() -> MemoryReader:
    opened = MemoryReader()
    opened.add(3 * FIRST_SPAN)
    return opened


@pytest.fixture
def reports() -> Reports:
    return Reports()


@pytest.fixture
def counter(reader: MemoryReader, reports: Reports) -> Iterator[BackgroundCount]:
    started = BackgroundCount(lambda: reader, reports)
    yield started
    started.stop()


def test_a_count_reports_at_least_each_step_then_the_whole(counter, reports, reader):
    request = counter.count(EventFilter(), WHOLE_LOG, reader.last_position())
    assert reports.final(request) == Progress(request, 3 * FIRST_SPAN, True, True)
    steps = [each for each in reports.seen if each.request == request]
    assert [each.counted for each in steps] == [FIRST_SPAN, 3 * FIRST_SPAN]


def test_events_committed_later_are_added_to_the_count(counter, reports, reader):
    request = counter.count(EventFilter(), WHOLE_LOG, reader.last_position())
    reports.final(request)
    reader.add(7)
    reports.seen.clear()
    counter.extend(reader.last_position())
    assert reports.final(request).counted == 3 * FIRST_SPAN + 7


def test_a_new_count_is_reported_under_its_own_number(counter, reports, reader):
    first = counter.count(EventFilter(), WHOLE_LOG, reader.last_position())
    second = counter.count(EventFilter(text="Book 7"), WHOLE_LOG, reader.last_position())
    assert second != first
    # Book 7, Book 70..79, Book 700..799 and Book 7000-: 1 + 10 + 100 (3,000 books)
    assert reports.final(second) == Progress(second, 111, True, True)


def test_stopping_closes_the_thread_s_reader(reader, reports):
    closed = threading.Event()
    reader.close = closed.set  # type: ignore[method-assign]
    counter = BackgroundCount(lambda: reader, reports)
    counter.stop()
    assert closed.is_set() and not counter.running


def test_a_reader_that_cannot_open_ends_the_thread_quietly(reports):
    def refuse() -> MemoryReader:
        raise StorageError("no such file")

    counter = BackgroundCount(refuse, reports)
    counter.stop()
    assert not counter.running and reports.seen == []
