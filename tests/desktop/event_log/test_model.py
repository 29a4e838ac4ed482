"""The event log's Qt model: the pager's rows and changes, as the model tester checks them."""

from __future__ import annotations

from desktop.event_log.model import EventLogModel
from domain.readside import EventLogPager
from tests.desktop.event_log.helpers import positions
from tests.event_history import fill


def test_the_model_reads_older_pages_before_its_first_row_under_the_model_tester(
        qtmodeltester, database_path, event_log):
    fill(database_path, 25)
    model = EventLogModel(EventLogPager(event_log, page_size=10))
    assert model.canFetchMore() and model.rowCount() == 0  # nothing read yet
    qtmodeltester.check(model, force_py=True)  # it fetches, as a view does

    model.fetchMore()
    assert positions(model) == list(range(16, 26)) and not model.canFetchMore()
    assert model.fetch_older() == 10 and model.can_fetch_older()
    assert model.fetch_older() == 5 and not model.can_fetch_older()
    assert positions(model) == list(range(1, 26))
    assert model.fetch_older() == 0


def test_the_model_notes_rows_delivered_while_not_following_and_reads_them_page_by_page(
        qtmodeltester, database_path, event_log):
    fill(database_path, 25)
    model = EventLogModel(EventLogPager(event_log, page_size=10))
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    model.set_following(False)

    fill(database_path, 15, start=25)
    model.append_live(event_log.page_after(39, 1))  # the newest one only
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    assert positions(model) == list(range(16, 36)) and model.canFetchMore()
    model.fetchMore()
    assert positions(model) == list(range(16, 41)) and not model.canFetchMore()

    model.set_following(True)
    fill(database_path, 1, start=40)
    model.append_live(event_log.page_after(30, 100))  # redelivered, and one new
    assert positions(model) == list(range(16, 42))


def test_the_model_following_drops_its_oldest_rows_past_the_cap_under_the_model_tester(
        qtmodeltester, database_path, event_log):
    fill(database_path, 10)
    model = EventLogModel(EventLogPager(event_log, page_size=10, max_rows=20))
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    assert positions(model) == list(range(1, 11)) and not model.can_fetch_older()

    fill(database_path, 15, start=10)
    model.append_live(event_log.page_after(10, 100))
    assert positions(model) == list(range(6, 26))
    assert model.can_fetch_older()  # the dropped rows are still in the store
    assert model.fetch_older() == 5 and not model.can_fetch_older()
    # At most max_rows however far one scrolls: the newest went, to be read again.
    assert positions(model) == list(range(1, 21)) and model.canFetchMore()
    model.fetchMore()
    assert positions(model) == list(range(6, 26))
