"""Each test starts a session in which nobody has said where simulations run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.simulation.where_to_run import SESSION


@pytest.fixture(autouse=True)
def forget_where_simulations_run() -> Iterator[None]:
    SESSION.answer = None
    yield
    SESSION.answer = None
