import sys
import subprocess

import numpy as np
import pytest

from voice_coach.errors import AudioError
from voice_coach.speech.tts import ESPEAK_RATE, Tts, Voice, trim_silence

LINE = "Straighten your leg and pull your toes toward your shin."


def test_render_gives_int16_mono_speech_at_the_engine_rate(tts):
    samples = tts.render(LINE)
    assert tts.sample_rate == ESPEAK_RATE == 22050
    assert samples.dtype == np.int16 and samples.ndim == 1
    assert 1.5 < len(samples) / tts.sample_rate < 6
    assert np.abs(samples.astype(np.int32)).max() > 5000


def test_silence_around_the_line_is_trimmed_to_the_margin(tts):
    samples = tts.render("Hold.")
    margin = round(tts.voice.trim_margin_ms * tts.sample_rate / 1000)
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 16)
    assert loud[0] <= margin
    assert len(samples) - 1 - loud[-1] <= margin
    # espeak-ng itself pads a short word with hundreds of ms of silence; none of that is left.
    assert tts.seconds("Hold.") < 0.7


def test_seconds_is_the_rendered_length(tts):
    assert tts.seconds(LINE) == len(tts.render(LINE)) / tts.sample_rate
    assert tts.seconds("") == 0.0 and len(tts.render("   ")) == 0


def test_lines_are_rendered_once_and_cached():
    with Tts(cache_size=2) as voice:
        voice.render("one")
        voice.seconds("one")
        voice.prerender(["one", "two"])
        assert voice.renders == 2
        voice.render("three")  # evicts "one", the least recently used
        voice.render("two")
        assert voice.renders == 3
        voice.render("one")
        assert voice.renders == 4


def test_rate_changes_the_length_and_the_cache_key():
    with Tts(Voice(rate=120)) as voice:
        slow = voice.seconds(LINE)
        voice.voice = Voice(rate=240)
        fast = voice.seconds(LINE)
    assert slow > 1.6 * fast


def test_volume_scales_the_samples_without_rendering_again():
    with Tts() as voice:
        loud = voice.render(LINE)
        voice.set_volume(0.25)
        quiet = voice.render(LINE)
        assert voice.renders == 1
    assert len(quiet) == len(loud)
    assert abs(np.abs(quiet.astype(np.int32)).max() - np.abs(loud.astype(np.int32)).max() / 4) <= 1


def test_trim_silence_of_silence_is_empty():
    assert len(trim_silence(np.zeros(1000, np.int16), 22050, 10)) == 0


@pytest.mark.parametrize("kwargs", [{"rate": 10}, {"volume": 1.5}, {"pitch": 101}])
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(AudioError):
        Voice(**kwargs)


def test_unknown_voice_is_a_clear_error():
    with pytest.raises(AudioError, match="unknown espeak-ng voice"):
        Tts(Voice(name="xx-nonsense"))


def test_missing_espeak_is_one_line_with_the_install_hint(tmp_path):
    # A pyttsx3 whose engine cannot start, as on a machine without libespeak-ng.
    (tmp_path / "pyttsx3.py").write_text("def init(*a, **k):\n    raise OSError('libespeak-ng.so.1: cannot open shared object file')\n")
    code = "import sys; from voice_coach.cli.main import main; sys.exit(main(['say', 'hello', '--speak-to', sys.argv[1]]))"
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.wav")], capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install espeak-ng" in lines[0]


def test_a_line_cut_short_is_told_from_a_whole_one():
    from voice_coach.speech.tts import _ends_in_pause

    with Tts() as tts:
        whole = tts.render("Pull your toes toward your shin.")
    padded = np.concatenate([whole, np.zeros(int(0.35 * tts.sample_rate), np.int16)])
    assert _ends_in_pause(padded, tts.sample_rate)
    assert not _ends_in_pause(padded[: len(whole) // 2], tts.sample_rate)
