"""Times as the window shows them: in the local zone or UTC, always with the offset."""

from __future__ import annotations

import pytest

from domain.readside import with_zoned_times, zoned_time

WINTER = "2026-12-02T08:14:03.512345+00:00"
SUMMER = "2026-07-02T08:14:03.512345+00:00"

pytestmark = pytest.mark.usefixtures("berlin")


def test_a_time_is_shown_in_the_local_zone_with_its_offset_to_the_millisecond():
    assert zoned_time(WINTER) == "2026-12-02 09:14:03.512 +01:00"


def test_the_offset_is_the_one_of_that_moment_not_of_today():
    assert zoned_time(SUMMER) == "2026-07-02 10:14:03.512 +02:00"


def test_in_utc_a_time_is_shown_as_stored_with_a_zero_offset():
    assert zoned_time(WINTER, utc=True) == "2026-12-02 08:14:03.512 +00:00"


def test_a_time_may_be_shown_to_the_microsecond_or_the_second():
    assert zoned_time(WINTER, digits=6) == "2026-12-02 09:14:03.512345 +01:00"
    assert zoned_time(WINTER, digits=0) == "2026-12-02 09:14:03 +01:00"


def test_an_offset_that_is_not_whole_hours_is_written_in_full():
    from tests.time_zones import local_zone

    with local_zone("Asia/Kathmandu"):
        assert zoned_time(WINTER) == "2026-12-02 13:59:03.512 +05:45"


def test_every_zoned_timestamp_in_json_data_is_shown_in_the_chosen_zone():
    data = {"metadata": {"timestamp": WINTER, "id": "event-1"},
            "payload": {"shipped_at": [SUMMER], "title": "2026-12-02", "count": 3}}
    assert with_zoned_times(data) == {
        "metadata": {"timestamp": "2026-12-02 09:14:03.512345 +01:00", "id": "event-1"},
        "payload": {"shipped_at": ["2026-07-02 10:14:03.512345 +02:00"],
                    "title": "2026-12-02", "count": 3}}
    assert with_zoned_times(data, utc=True)["metadata"]["timestamp"] == (
        "2026-12-02 08:14:03.512345 +00:00")


def test_a_time_without_a_zone_names_no_moment_and_is_left_as_written():
    assert with_zoned_times("2026-12-02T08:14:03") == "2026-12-02T08:14:03"
    assert with_zoned_times("not a time at all, though long") == (
        "not a time at all, though long")
