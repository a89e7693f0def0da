"""Noise like rooms (voice_coach.bench.rooms): fan, pink and babble."""

import numpy as np
import pytest

from voice_coach.audio.mix import frame_rms
from voice_coach.bench.rooms import ROOM_NOISES, BabbleSettings, Room, babble

SENTENCES = ["the train leaves at nine from the north platform", "we planted tomatoes along the fence",
             "nobody remembered to bring the map", "the library closes early on sundays",
             "she painted the kitchen a pale yellow", "two dogs chased a ball across the park"]
QUICK = BabbleSettings(talkers=4, seconds=6.0, neural_talkers=0)


def test_babble_is_several_voices_at_once_and_never_silent():
    one = babble(SENTENCES, np.random.default_rng(3), BabbleSettings(talkers=1, seconds=6.0, neural_talkers=0))
    crowd = babble(SENTENCES, np.random.default_rng(3), QUICK)
    assert crowd.size == 6 * 16000 and np.sqrt(np.mean(crowd**2)) == pytest.approx(1.0)
    # one talker pauses between words and sentences; a crowd's level hardly dips
    def dips(x):
        rms = frame_rms(x[16000:], frame=1600)
        return np.mean(rms < 0.2 * np.median(rms))
    assert dips(crowd) < 0.05 < dips(one)


def test_babble_is_reproducible():
    a = babble(SENTENCES, np.random.default_rng(9), QUICK)
    np.testing.assert_array_equal(a, babble(SENTENCES, np.random.default_rng(9), QUICK))
    assert not np.array_equal(a, babble(SENTENCES, np.random.default_rng(10), QUICK))


def test_room_cuts_babble_and_makes_every_kind():
    room = Room.with_babble(SENTENCES, np.random.default_rng(1), QUICK)
    rng = np.random.default_rng(2)
    for kind in ROOM_NOISES:
        x = room.noise(kind, 16000, rng)
        assert x.size == 16000 and 0.3 < np.sqrt(np.mean(x**2)) < 3
    assert room.noise("babble", 200000, rng).size == 200000
    assert not np.array_equal(room.noise("babble", 8000, rng), room.noise("babble", 8000, rng))
    with pytest.raises(ValueError):
        room.noise("white-ish", 10, rng)


def test_babble_needs_sentences():
    with pytest.raises(ValueError):
        babble([], np.random.default_rng(0))
