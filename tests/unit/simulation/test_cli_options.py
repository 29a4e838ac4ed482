"""`bookshelf simulate` refuses options that make no sense, before it opens anything."""

from __future__ import annotations

import argparse

import pytest

from domain.simulation.cli import add_arguments


def parse(*words: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bookshelf simulate")
    add_arguments(parser)
    return parser.parse_args(list(words))


@pytest.mark.parametrize("words", [
    ("--seconds", "-1"), ("--seconds", "0"), ("--customers", "0"), ("--customers", "-3"),
    ("--customers", "many"), ("--invalid-share", "abc"), ("--invalid-share", "1.5"),
])
def test_a_senseless_option_is_refused_with_a_usage_error(
        words: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse(*words)
    assert exit_.value.code == 2
    assert words[0] in capsys.readouterr().err


def test_sensible_options_are_taken_as_numbers() -> None:
    options = parse("--seconds", "2.5", "--customers", "3", "--invalid-share", "0.2")
    assert (options.seconds, options.customers, options.invalid_share) == (2.5, 3, 0.2)
