import subprocess
import sys
import wave

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


def _espeak_cli(tmp_path, text, voice, rate):
    """The same line from the espeak-ng program itself: an independent reference, trimmed alike."""
    out = tmp_path / f"{voice}-{rate}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), text], check=True, timeout=60)
    with wave.open(str(out)) as w:
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    return trim_silence(raw, ESPEAK_RATE, Voice().trim_margin_ms)


@pytest.mark.parametrize("rate", [90, 160, 250, 400])
def test_every_line_is_whole_at_any_rate(tmp_path, rate):
    """pyttsx3's file path dropped the last block of samples; fast lines came out short every time."""
    text = "Straighten your sore leg and pull your toes up toward your shin."
    with Tts(Voice(rate=rate)) as tts:
        ours = tts.render(text)
    reference = _espeak_cli(tmp_path, text, "en-us", rate)
    assert abs(len(ours) - len(reference)) / ESPEAK_RATE < 0.03, (len(ours), len(reference))


def test_each_voice_is_the_voice_asked_for_whatever_spoke_before(tmp_path):
    """"en-gb" is a language, not a voice name: through pyttsx3 it kept whatever voice spoke before it."""
    text = "my legs are cramping"
    british = {}
    with Tts() as tts:
        for before in ("en-029", "en-us"):
            tts.voice = Voice(name=before)
            tts.render(text)
            tts.close()  # forget the cached lines, so en-gb renders afresh
            tts.voice = Voice(name="en-gb")
            british[before] = len(tts.render(text))
            tts.close()
        tts.voice = Voice(name="en-us")
        american = len(tts.render(text))
    reference = len(_espeak_cli(tmp_path, text, "en-gb", Voice().rate))
    assert abs(british["en-029"] - british["en-us"]) / ESPEAK_RATE < 0.005, british
    assert abs(british["en-us"] - reference) / ESPEAK_RATE < 0.005, (british, reference)
    assert abs(british["en-us"] - american) / ESPEAK_RATE > 0.01, (british, american)


def test_speech_needs_no_file(tmp_path, monkeypatch):
    """Lines are rendered in memory: no temporary folder is needed or written (privacy, and a full /tmp)."""
    import tempfile

    empty = tmp_path / "tmp"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    monkeypatch.setenv("TMPDIR", str(empty))
    with Tts() as tts:
        assert len(tts.render("Breathe in slowly.")) > ESPEAK_RATE // 2
    assert list(empty.iterdir()) == []


def test_speech_on_a_full_disk(tmp_path):
    """No file may grow at all (RLIMIT_FSIZE 0): pyttsx3's save_to_file hung there for good."""
    code = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0)); "
            "from voice_coach.speech.tts import Tts; t = Tts(); "
            "print(len(t.render('Point your toes.')), len(t.render('And release.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    # libffi may say "ftruncate() failed" as it falls back from a file to memory for the callback.
    assert done.returncode == 0 and "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    assert all(int(n) > ESPEAK_RATE // 4 for n in done.stdout.split())
