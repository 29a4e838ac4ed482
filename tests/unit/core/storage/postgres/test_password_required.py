"""A server that wants a password says so as PasswordRequired (a person may be asked for
it), whether none was found or the one given was refused; a typed one lets us in."""

from __future__ import annotations

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.core.storage import credentials  # noqa: E402
from domain.core.storage.credentials import PasswordRequired  # noqa: E402
from domain.core.storage.server import reach  # noqa: E402
from tests.postgres_roles import PASSWORD  # noqa: E402


def test_a_password_nowhere_to_be_found_is_asked_for(guarded: str) -> None:
    with pytest.raises(PasswordRequired) as asked:
        reach(guarded)

    assert str(asked.value) == (f"{guarded}: the server asks for a password, and none was "
                                "given (PGPASSWORD, ~/.pgpass). Nothing was changed.")


def test_a_refused_password_is_asked_for_again_and_never_shown(guarded: str) -> None:
    credentials.remember(guarded, "wrong horse")

    with pytest.raises(PasswordRequired) as asked:
        reach(guarded)

    assert "the server refused the password" in str(asked.value)
    assert "horse" not in str(asked.value)


def test_a_typed_password_lets_us_in(guarded: str) -> None:
    credentials.remember(guarded, PASSWORD)

    reach(guarded)


def test_a_password_in_pgpassword_lets_us_in_without_asking(
        guarded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)

    reach(guarded)
