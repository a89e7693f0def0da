"""Night manner: slower and softer between the night hours; the hour comes in with the events."""

from __future__ import annotations

import pytest

from voice_coach.dialog.night import MannerSettings, is_night

from tests.dialog.helpers import Convo, make_ctx, says_of


def voice_of_help(hour: float | None, at: float = 1.0, **ctx) -> tuple[float, float]:
    c = Convo(ctx=make_ctx(**ctx))
    c.start(hour)
    (say,) = says_of(c.hear(at, "help"))
    return say.rate, say.volume


def test_night_lowers_rate_and_volume_at_23():
    assert voice_of_help(23.0) == (0.85, 0.6)


def test_day_keeps_the_normal_voice_at_14():
    assert voice_of_help(14.0) == (1.0, 0.8)


def test_unknown_hour_is_daytime():
    assert voice_of_help(None) == (1.0, 0.8)


def test_the_session_clock_carries_the_hour_across_22_00():
    assert voice_of_help(21.0 + 59 / 60, at=30.0) == (1.0, 0.8)   # 21:59:30
    assert voice_of_help(21.0 + 59 / 60, at=90.0) == (0.85, 0.6)  # 22:00:30


def test_night_hours_are_configurable():
    assert voice_of_help(23.0, voice=MannerSettings(night_hours=(0.0, 6.0))) == (1.0, 0.8)
    assert voice_of_help(3.0, voice=MannerSettings(night_hours=(0.0, 6.0))) == (0.85, 0.6)


def test_every_cue_carries_the_night_voice():
    c = Convo()
    c.start(2.5)
    c.hear(1.0, "cramp", muscle="calf")
    c.until(20.0)
    assert {(s.rate, s.volume) for s in c.says()} == {(0.85, 0.6)}


def test_night_greeting_is_quieter_and_shorter():
    night, day = Convo(), Convo()
    (n,), (d,) = says_of(night.start(23.5)), says_of(day.start(9.0))
    assert n.volume < d.volume and len(n.text) < len(d.text)


def test_slower_and_louder_compose_with_night():
    c = Convo()
    c.start(23.0)
    c.hear(1.0, "slower")
    (say,) = says_of(c.hear(2.0, "louder"))
    assert say.rate == pytest.approx(0.85 / 1.25) and say.volume == pytest.approx(0.8)


@pytest.mark.parametrize("hour,night", [(21.99, False), (22.0, True), (23.0, True), (0.0, True), (6.99, True),
                                        (7.0, False), (14.0, False), (None, False)])
def test_is_night(hour, night):
    assert is_night(hour, (22.0, 7.0)) is night
