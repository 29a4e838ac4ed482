"""`bookshelf simulate` refuses options that make no sense, before it opens anything."""

from __future__ import annotations

import argparse

import pytest

from domain.cli.simulate import add_arguments


def parse(*words: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bookshelf simulate")
    add_arguments(parser)
    return parser.parse_args(list(words))


@pytest.mark.parametrize("words", [
    ("--seconds", "-1"), ("--seconds", "0"), ("--customers", "0"), ("--customers", "-3"),
    ("--customers", "many"), ("--invalid-share", "abc"), ("--invalid-share", "1.5"),
    ("--seconds", "nan"), ("--seconds", "inf"), ("--rate", "1e9"), ("--rate", "inf"),
    ("--rate", "nan"), ("--rate", "-1"),
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


def test_a_rate_is_refused_above_the_most_a_customer_can_order(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("--rate", "1e9")
    assert "a rate is at most 600 orders per simulated minute per customer, not 1e9" \
        in capsys.readouterr().err


def test_a_rate_up_to_the_most_is_taken() -> None:
    assert parse("--rate", "600").rate == 600.0
    assert parse("--rate", "high").rate == 30.0
