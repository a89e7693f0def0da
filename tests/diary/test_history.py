"""Sums over the diary's cramps, in local time, with nights running noon to noon."""

from __future__ import annotations

import datetime as dt

from voice_coach.diary.history import PastCramp, counted, nights_with_cramps, trend, when


def _at(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


def test_a_cramp_at_3_am_belongs_to_the_night_that_began_the_evening_before():
    cramps = [PastCramp(_at("2026-12-01T23:30")), PastCramp(_at("2026-12-02T03:00"))]
    assert nights_with_cramps(cramps, _at("2026-12-02T04:00"), 7) == 1


def test_nights_are_counted_within_the_window_only():
    cramps = [PastCramp(_at(f"2026-11-{day:02d}T03:00")) for day in (20, 27, 29)]
    now = _at("2026-12-01T03:00")
    assert nights_with_cramps(cramps, now, 7) == 2  # the 20th is outside the last 7 nights
    assert nights_with_cramps(cramps, now, 14) == 3
    assert nights_with_cramps(cramps, _at("2026-11-28T03:00"), 7) == 1  # later cramps are not counted yet


def test_trend_compares_the_last_window_with_the_one_before():
    now = _at("2026-12-14T08:00")
    cramps = [PastCramp(_at(t)) for t in ("2026-12-01T03:00", "2026-12-02T03:00", "2026-12-05T03:00",
                                          "2026-12-12T03:00")]
    found = trend(cramps, now, 7)
    assert (found.now, found.before) == (1, 3)


def test_when_says_how_long_ago_as_a_person_would():
    now = _at("2026-12-06T03:00")
    assert when(_at("2026-12-06T02:52"), now) == "8 minutes ago"
    assert when(_at("2026-12-05T23:10"), now) == "earlier tonight"
    assert when(_at("2026-12-05T02:00"), now) == "last night"
    assert when(_at("2026-12-02T04:00"), now) == "on Tuesday night"
    assert when(_at("2026-11-20T04:00"), now) == "16 days ago"


def test_counted_words():
    assert [counted(n, "cramp") for n in (0, 1, 4)] == ["no cramps", "one cramp", "4 cramps"]
