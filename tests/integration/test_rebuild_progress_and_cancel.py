"""A rebuild says how far it is after each page, and a cancel before the swap keeps nothing."""

from __future__ import annotations

import pytest

from domain.bookshelf import Bookshelf
from domain.core import ConfigurationError
from domain.core.runtime import dispatcher as dispatcher_module
from domain.core.runtime import rebuild as rebuild_module
from domain.core.runtime.rebuild import RebuildCancelled
from tests.integration.conftest import fill

PAGE = 2


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatcher_module, "CATCH_UP_PAGE", PAGE)
    monkeypatch.setattr(rebuild_module, "CLOSE_ENOUGH", PAGE)


def test_progress_grows_page_by_page_up_to_the_whole_log(shop: Bookshelf,
                                                         small_pages: None) -> None:
    fill(shop)  # 9 events
    seen: list[tuple[int, int]] = []

    last = shop.rebuild_projections(["projection.catalog"],
                                    progress=lambda done, total: seen.append((done, total)))

    assert last == 9
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert {total for _done, total in seen} == {9}
    assert len(seen) >= 9 // PAGE


def test_a_cancelled_rebuild_leaves_rows_positions_and_generation_as_they_were(
        shop: Bookshelf, small_pages: None) -> None:
    fill(shop)
    reader = shop.open_reader()
    before = (reader.projection_rows("projection_catalog", order_by="title"), reader.positions(),
              reader.generation())
    pages = 0

    def after_two_pages() -> bool:
        nonlocal pages
        pages += 1
        return pages > 2

    with pytest.raises(RebuildCancelled):
        shop.rebuild_projections(cancelled=after_two_pages)

    assert (reader.projection_rows("projection_catalog", order_by="title"), reader.positions(),
            reader.generation()) == before


def test_only_the_projections_named_are_rebuilt(shop: Bookshelf) -> None:
    fill(shop)

    shop.rebuild_projections(["projection.catalog"])

    generations = shop.session().store.generations()
    assert generations.get("projection.catalog") == 1
    assert not generations.get("projection.orders")
    with pytest.raises(ConfigurationError, match="no projection named projection.nothing"):
        shop.rebuild_projections(["projection.nothing"])
