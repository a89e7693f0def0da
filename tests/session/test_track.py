import numpy as np

from voice_coach.session.track import PlaybackTrack


def test_sounds_play_back_to_back_then_silence():
    track = PlaybackTrack()
    track.play(np.full(500, 1, np.int16))
    track.play(np.full(300, 2, np.int16))
    out = np.concatenate([track.pull(320) for _ in range(3)])
    assert list(out[:500]) == [1] * 500 and list(out[500:800]) == [2] * 300 and not out[800:].any()
    assert not track.busy


def test_stop_silences_from_the_next_chunk():
    track = PlaybackTrack()
    track.play(np.full(16000, 7, np.int16))
    assert track.pull(320).all()
    track.stop()
    assert not track.pull(320).any()
    assert track.remaining_seconds() == 0


def test_interrupt_replaces_what_is_playing():
    track = PlaybackTrack()
    track.play(np.full(16000, 7, np.int16))
    track.pull(320)
    track.play(np.full(100, 3, np.int16), interrupt=True)
    assert list(track.pull(100)) == [3] * 100


def test_a_line_cut_short_is_logged_with_what_went_unsaid(caplog):
    """How ``scripts/bench_session.py`` sees an answer cut off by the routine's next line."""
    import logging

    track = PlaybackTrack()
    track.play(np.full(32000, 7, np.int16), "I'm here.")
    track.play(np.full(8000, 7, np.int16), "Straighten your sore leg.")
    track.pull(16000)
    with caplog.at_level(logging.DEBUG, logger="voice_coach.session.track"):
        track.play(np.full(100, 3, np.int16), "twenty", interrupt=True)
        track.play(np.full(100, 3, np.int16), "nineteen", interrupt=True)
        track.pull(100)
        track.play(np.full(100, 3, np.int16), "eighteen", interrupt=True)  # nothing left to cut: no line
    assert [r.getMessage() for r in caplog.records] == [
        "'twenty' cuts off \"I'm here.\" with 1.50 s unsaid", "'nineteen' cuts off 'twenty' with 0.01 s unsaid"]
