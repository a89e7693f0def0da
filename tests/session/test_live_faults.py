"""The live coach survives losing its devices, against a real PulseAudio server.

Each live test gets a server of its own (voice_coach/bench/pulse.py) so it can
restart it or suspend its speaker without disturbing the session's shared one.
Restarting the server cuts every stream at once, as pulling the sound card
would; suspending the ``vspeaker`` sink leaves the stream open but taking no
audio, a speaker-only fault (unloading a device is no fault here: PulseAudio
moves its streams to another device at once). The coach runs in a subprocess
(PortAudio reads the server's address when it starts) with ``-v``, and its
log is the record: WARNINGs for each loss and return, and every ``event``
with the time the coach really acted and the deadline it had planned.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from tests.session.test_live import voiced_segments
from tests.speech.test_live_playback import REC_RATE, Recorder
from tests.speech.test_recognition import decode, words
from voice_coach.audio.microphone import Microphone
from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import pad, synthesize
from voice_coach.bench.pulse import PulseServer
from voice_coach.errors import AudioError
from voice_coach.session.live_input import LiveInput
from voice_coach.session.live_output import RATE, TrackOutput
from voice_coach.session.track import PlaybackTrack
from voice_coach.timing.clock import MonotonicClock

GREETING_S = 4.0
"""Seconds the coach's greeting takes to play out after it says it is listening."""
COUNT_GAP_S = 0.12
"""Seconds of pause between two counts (a second apart, each about 0.7 s long at night): they are cut there."""
ON_TIME_S = 0.4
"""Seconds a cue may come after its planned deadline in these tests (each prints its worst): the loop's 20 ms
step plus scheduling, which a machine four times slower than this 2-core one still meets. The product's
100 ms bar is measured by ``scripts/bench_session.py``, not here; a cue held up by the lost device (seconds)
still fails."""


@pytest.fixture
def server(tmp_path_factory):
    """A PulseAudio server of this test's own (short runtime path: its socket path must fit 108 bytes)."""
    srv = PulseServer(tmp_path_factory.mktemp("pafault"))
    srv.start()
    yield srv
    srv.stop()


class Coach:
    """``voice-coach -v`` on ``server``; its log is read by a thread as it comes."""

    def __init__(self, server: PulseServer) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "voice_coach", "-v"], env=server.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert "listening" in self.proc.stdout.readline(), self.log()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def log(self) -> str:
        return "\n".join(self.lines[-60:])

    def wait_for(self, pattern: str, timeout_s: float, after: int = 0) -> int:
        """Index of the first log line from ``after`` on matching ``pattern``; fails after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for i in range(after, len(self.lines)):
                if re.search(pattern, self.lines[i]):
                    return i
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the coach's log within {timeout_s} s:\n{self.log()}")

    def events(self, after: int = 0, before: int | None = None) -> list[dict]:
        """The session events logged in lines ``after`` up to (not including) ``before``."""
        return [ast.literal_eval(line.split(" event ", 1)[1])
                for line in self.lines[after:before] if " event {" in line]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.communicate(timeout=20)
        self._reader.join(timeout=10)
        assert self.proc.returncode in (0, -15), self.log()
        assert not any("Traceback" in line for line in self.lines), self.log()


def speak(server: PulseServer, text: str, tmp_path) -> None:
    """Say ``text`` into the virtual microphone (espeak-ng, a British voice unlike the coach's own)."""
    path = tmp_path / (re.sub(r"\W+", "_", text) + ".wav")
    write_wav(path, pad(synthesize(text, "en-gb", 170), 0.3, 0.5))
    subprocess.run(["paplay", "--device=vmic_feed", str(path)], env=server.env, check=True, timeout=30)


def say_until_answered(coach: Coach, server: PulseServer, text: str, answer: str, tmp_path, after: int = 0,
                       tries: int = 3) -> int:
    """Say ``text`` until the coach's log shows ``answer`` (as a person repeats a command that was
    misheard: recognition is issue 3's to measure, not this file's); the answer's log line index."""
    for _ in range(tries - 1):
        speak(server, text, tmp_path)
        try:
            return coach.wait_for(answer, 10, after)
        except AssertionError:
            pass
    speak(server, text, tmp_path)
    return coach.wait_for(answer, 10, after)


def heard_lines(recording: np.ndarray, lines: list[str], gap_s: float = 0.35, joined: bool = False) -> list[str]:
    """Each spoken stretch of ``recording`` (cut at pauses over ``gap_s`` seconds) decoded as one of ``lines``,
    or, when ``joined``, as one or more of them in a row (two lines the coach said with less than
    ``gap_s`` between them are one stretch)."""
    import pocketsphinx

    decoder = pocketsphinx.Decoder(lm=None, cmn="batch", loglevel="FATAL")
    alternatives = " | ".join(f"( {' '.join(words(line))} )" for line in lines)
    repeat = "+" if joined else ""
    decoder.add_jsgf_string("lines", f"#JSGF V1.0;\ngrammar lines;\npublic <lines> = <line>{repeat};\n"
                                     f"<line> = {alternatives};\n")
    decoder.activate_search("lines")
    return [decode(decoder, segment, REC_RATE) for segment in voiced_segments(recording, REC_RATE, gap_s=gap_s)]


def late_cues(events: list[dict]) -> list[dict]:
    """The spoken cues that came more than ``ON_TIME_S`` after their planned deadline."""
    cues = [e for e in events if e["type"] in ("say", "count")]
    if cues:
        print(f"worst cue lateness {1000 * max(e['t'] - e['planned'] for e in cues):.0f} ms over {len(cues)} cues")
    return [e for e in cues if e["t"] - e["planned"] > ON_TIME_S]


@pytest.mark.pulse
@pytest.mark.heavy
def test_a_server_restart_mid_question_loses_no_dialog_state_and_the_next_answer_is_heard(server, tmp_path):
    """Microphone (and speaker) gone for about 2 s while the coach waits for "where is the cramp?"."""
    coach = Coach(server)
    try:
        time.sleep(GREETING_S)
        say_until_answered(coach, server, "I've got a cramp", r"'say', 'text': 'Where is the cramp", tmp_path)
        time.sleep(1.0)
        server.restart(down_s=2.0)
        lost = coach.wait_for(r"WARNING voice_coach\.session\.live_input: microphone lost", 10)
        back = coach.wait_for(r"WARNING voice_coach\.session\.live_input: microphone back after", 15, lost)
        coach.wait_for(r"WARNING voice_coach\.session\.live_output: speaker back after", 5, lost)
        time.sleep(2.5)  # a freshly connected PulseAudio source starts delivering after about 1.5 s
        recorder = Recorder(server.env)
        say_until_answered(coach, server, "the left one", r"'say', 'text': 'Straighten your left leg", tmp_path, back)
        time.sleep(2.5)
        recording = recorder.stop()
    finally:
        coach.stop()
    after = coach.events(back)
    # "the left one" alone starts nothing; as the answer to "where is the cramp?" it is a calf cramp.
    assert any(e["type"] == "utterance" and e["intent"] == "side" for e in after), after
    assert any(e["type"] == "routine" and e.get("routine") == "night_cramp" for e in after), after
    assert late_cues(coach.events()) == []
    write_wav(tmp_path / "heard.wav", recording, REC_RATE)
    lines = ["I'm here.", "Let's ease it out together.", "Straighten your left leg.",  # sentences, not lines:
             "Now gently pull your toes up toward your shin."]  # the pause between two may cut a stretch
    # The live loop places each line on the microphone's clock, which runs behind the wall clock for
    # a moment after a decode or a plan; the answer's lines may then follow each other with hardly a
    # pause, so a stretch of the recording may hold more than one line.
    heard = heard_lines(recording, lines, joined=True)
    assert any(" ".join(words(lines[2])) in h for h in heard), (heard, coach.log())


def counts_of(events: list[dict]) -> list[dict]:
    return [e for e in events if e["type"] == "count"]


def start_cramp_count(coach: Coach, server: PulseServer, tmp_path) -> int:
    """Start the night cramp routine and return the log line of its hold's count "twenty-one"."""
    time.sleep(GREETING_S)
    speak(server, "my calf is cramping", tmp_path)
    coach.wait_for(r"'routine', 'event': 'started', 'routine': 'night_cramp'", 20)
    return coach.wait_for(r"'count', 'text': 'twenty-one'", 30)


def assert_counting_kept_its_place(coach: Coach, recording: np.ndarray, resumed: int, tmp_path) -> None:
    """Every count on its deadline, one a second without a gap, and the ones due from ``resumed`` on heard in order."""
    counts = counts_of(coach.events())
    assert late_cues(coach.events()) == []
    planned = [c["planned"] for c in counts]
    assert len(counts) >= 10 and np.allclose(np.diff(planned), 1.0, atol=0.01), counts
    spoken = [" ".join(words(c["text"])) for c in counts]
    # What plays once the speaker is back is what is due then: the count under way when it came back
    # (its tail) and the ones after, in order; not a backlog from before.
    first_due = len(counts) - len(counts_of(coach.events(resumed))) - 1
    write_wav(tmp_path / "heard.wav", recording, REC_RATE)
    heard = [h for h in heard_lines(recording, [c["text"] for c in counts] + ["and release"], COUNT_GAP_S) if h]
    places = [spoken.index(h) for h in heard if h in spoken]
    run = longest_run(places)
    # Three counts heard one after the other, all due after the speaker was back (a word cut at either
    # end of the recording may be heard as anything, so the run is looked for, not the whole list).
    assert len(run) >= 3 and run[0] >= first_due, (heard, spoken[first_due:], coach.log())


def longest_run(places: list[int]) -> list[int]:
    """The longest stretch of ``places`` going up by one at each step."""
    best: list[int] = []
    current: list[int] = []
    for place in places:
        current = current + [place] if current and place == current[-1] + 1 else [place]
        best = current if len(current) > len(best) else best
    return best


@pytest.mark.pulse
@pytest.mark.heavy
def test_a_stalled_speaker_mid_count_keeps_the_count_on_time_and_it_is_heard_again(server, tmp_path):
    """The speaker alone takes no audio for about 4 s of a hold's count; the microphone works throughout."""
    coach = Coach(server)
    try:
        counting = start_cramp_count(coach, server, tmp_path)
        server.pactl("suspend-sink", "vspeaker", "1")
        stalled = coach.wait_for(r"WARNING voice_coach\.session\.live_output: speaker stalled", 10, counting)
        time.sleep(2.0)
        server.pactl("suspend-sink", "vspeaker", "0")
        resumed = coach.wait_for(r"WARNING voice_coach\.session\.live_output: speaker taking audio again", 10, stalled)
        recorder = Recorder(server.env)
        time.sleep(5.0)
        recording = recorder.stop()
    finally:
        coach.stop()
    assert len(counts_of(coach.events(stalled, resumed))) >= 2, coach.log()  # counting on while nothing was heard
    assert not any("microphone lost" in line for line in coach.lines), coach.log()
    assert_counting_kept_its_place(coach, recording, resumed, tmp_path)


@pytest.mark.pulse
@pytest.mark.heavy
def test_a_server_restart_mid_count_keeps_the_count_on_time_and_it_is_heard_again(server, tmp_path):
    """No device at all for about 3 s of a hold's count: the count goes on on silence, then is heard again."""
    coach = Coach(server)
    try:
        counting = start_cramp_count(coach, server, tmp_path)
        server.restart(down_s=3.0)
        lost = coach.wait_for(r"WARNING voice_coach\.session\.live_output: speaker lost", 10, counting)
        coach.wait_for(r"WARNING voice_coach\.session\.live_input: microphone lost", 5, counting)
        back = coach.wait_for(r"WARNING voice_coach\.session\.live_output: speaker back after", 15, lost)
        time.sleep(1.5)  # a freshly connected PulseAudio sink starts playing after about 1.5 s
        recorder = Recorder(server.env)
        time.sleep(5.0)
        recording = recorder.stop()
    finally:
        coach.stop()
    assert len(counts_of(coach.events(lost, back))) >= 2, coach.log()  # with no device at all, counting on
    assert_counting_kept_its_place(coach, recording, back, tmp_path)


def test_a_lost_speaker_still_consumes_the_track_at_real_time_pace(caplog):
    """No device by that name: the output counts as lost, and the track is drained on the clock, unplayed."""
    clock = MonotonicClock()
    track = PlaybackTrack(RATE)
    track.play(np.full(10 * RATE, 1000, np.int16), "ten seconds")
    start = clock.now()  # from here on nothing plays, so the track is consumed from here on
    output = TrackOutput(track, "no such speaker", clock)
    with pytest.raises(AudioError):
        output.open()
    with caplog.at_level("WARNING", logger="voice_coach.session.live_output"):
        output.keep_up()
    assert output.lost and "speaker lost" in caplog.text
    clock.wait_until(clock.now() + 0.5)
    output.keep_up()
    elapsed = clock.now() - start
    consumed = 10 - track.remaining_seconds()
    # Real-time pace, not frozen (0 s) nor drained at once (10 s); a 4x slower machine's slack included.
    assert consumed == pytest.approx(elapsed, abs=0.12)
    assert not output.reference(RATE // 10).any()  # nothing played, so nothing to cancel
    assert not output.reopen() and output.lost


def test_a_lost_microphone_is_stood_in_for_by_silence_on_its_real_time_deadlines(caplog):
    """While the microphone is away the loop still gets one 20 ms chunk per 20 ms of the clock."""
    clock = MonotonicClock()
    start = clock.now()  # before the input exists: its deadlines count from a moment after this one
    listening = LiveInput(Microphone("no such microphone"), clock)
    with caplog.at_level("WARNING", logger="voice_coach.session.live_input"):
        listening.lose("unplugged")
    assert "microphone lost: unplugged" in caplog.text
    chunks = [listening.next_chunk() for _ in range(25)]
    assert all(c.shape == (320,) and not c.any() for c in chunks)
    assert clock.now() >= start + 24 * 0.02  # paced, not handed out as fast as they are asked for
    assert not listening.reopen() and listening.lost
