"""``voice-coach --text [--events OUT.jsonl]``: typed commands, the coach's printed lines, the events file.

The night cramp's hold that goes on runs in real time here (the text mode runs on the monotonic clock):
about 75 s of a cramp, the "no", and the hold held on to its end, so it is marked heavy.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path

import pytest

from voice_coach.routines.loader import load_routines
from voice_coach.routines.model import Hold
from voice_coach.routines.text import number_words

NIGHT_HOLD = next(s for _, s in load_routines()["night_cramp"].walk() if isinstance(s, Hold))
"""The night cramp's first hold as night_cramp.yaml gives it (30 s, up to 60: source 001)."""


class TypedCoach:
    """``voice-coach --text`` in a child process: type lines, wait for what it prints."""

    def __init__(self, tmp_path: Path) -> None:
        settings = tmp_path / "settings.toml"
        settings.write_text("[diary]\nkeep = false\n")
        self.events = tmp_path / "events.jsonl"
        env = {**os.environ, "VOICE_COACH_CONFIG": str(settings)}
        self.proc = subprocess.Popen(["voice-coach", "--text", "--events", str(self.events)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.printed: list[str] = []
        self._lines: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def type(self, text: str) -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def wait_for(self, words: str, timeout: float) -> str:
        """The first printed line from now on that holds ``words``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {words!r} in {timeout} s; printed: {self.printed}") from None
            assert line is not None, f"the coach ended before saying {words!r}; printed: {self.printed}"
            self.printed.append(line)
            if words in line:
                return line

    def end(self) -> list[dict]:
        """Close the input, wait for the coach to exit; the events it wrote."""
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0, self.proc.stderr.read()
        return [json.loads(line) for line in self.events.read_text().splitlines()]

    def close(self) -> None:
        """Kill the coach if it still runs; close the pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._reader.join(timeout=10)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if not pipe.closed:
                pipe.close()


@pytest.fixture
def coach(tmp_path):
    typed = TypedCoach(tmp_path)
    yield typed
    typed.close()


@pytest.mark.heavy
def test_no_to_is_it_easing_holds_on_to_60_seconds_in_all_and_the_events_show_it(coach):
    assert (NIGHT_HOLD.seconds, NIGHT_HOLD.max_seconds) == (30, 60)
    coach.wait_for("coach: ", 30)  # the greeting: the coach is listening
    coach.type("my calf is cramping")
    coach.wait_for("coach: Is it easing?", 30 + NIGHT_HOLD.seconds + 30)
    coach.type("no")
    coach.wait_for("coach: Keep holding, a little longer.", 10)
    massage = coach.wait_for("Knead", NIGHT_HOLD.max_seconds - NIGHT_HOLD.seconds + 20)
    coach.type("stop")
    events = coach.end()

    # What the person read: the question, the hold going on, its count down to one, the release, then the massage.
    lines = coach.printed
    asked, going_on, release = (lines.index("coach: Is it easing?"), lines.index("coach: Keep holding, a little longer."),
                                lines.index("coach: Good. Let the foot relax."))
    assert asked < going_on < release < lines.index(massage)
    assert lines[release - 1] == "coach: one"

    heard = [(e["intent"], e["t"]) for e in events if e["type"] == "heard"]
    assert [intent for intent, _ in heard] == ["cramp", "no", "stop"]
    (first, held_on) = [e for e in events if e["type"] == "hold_start"]
    (first_end, held_on_end) = [e for e in events if e["type"] == "hold_end"]
    # The first hold: counted 30 s, then the question at its end, the person still holding (no release said).
    assert (first["text"], first["duration"], first["max_seconds"]) == ("And hold.", NIGHT_HOLD.seconds,
                                                                        NIGHT_HOLD.max_seconds)
    assert first_end["t"] - first["t"] == pytest.approx(NIGHT_HOLD.seconds, abs=0.002) and "text" not in first_end
    (question,) = [e for e in events if e["type"] == "ask"]
    assert question["t"] == first_end["t"] and question["text"] == "Is it easing?"
    # "No": the same hold goes on, at once, for the rest of its 60 s, and is released at its end.
    assert held_on["t"] == heard[1][1]
    assert (held_on["text"], held_on["step"], held_on["hold"]) == ("Keep holding, a little longer.", first["step"],
                                                                   first["hold"])
    assert held_on["duration"] == NIGHT_HOLD.max_seconds - NIGHT_HOLD.seconds
    assert held_on["max_seconds"] == NIGHT_HOLD.max_seconds
    assert first["duration"] + held_on["duration"] == NIGHT_HOLD.max_seconds == 60
    assert held_on_end["t"] - held_on["t"] == pytest.approx(held_on["duration"], abs=0.002)
    assert held_on_end["text"] == "Good. Let the foot relax."
    # Counted as the first hold is: an unbroken count of the seconds left, down to "one" a second before the end.
    counts = [e for e in events if e["type"] == "count" and held_on["t"] < e["t"] < held_on_end["t"]]
    assert [c["text"] for c in counts] == [number_words(n) for n in range(len(counts), 0, -1)]
    assert len(counts) >= 20
    for c, left in zip(counts, range(len(counts), 0, -1)):
        assert c["t"] == pytest.approx(held_on_end["t"] - left, abs=0.002)
    # The phases, as the events log them: the stretch, the hold going on, then the massage.
    phases = [(e["event"], e["phase"]) for e in events if e["type"] == "routine"]
    assert phases[:6] == [("started", "stretch"), ("phase_ended", "stretch"), ("phase_started", "hold_on"),
                          ("phase_ended", "hold_on"), ("phase_started", "massage"), ("stopped", "massage")]
    started_massage = next(e for e in events if e["type"] == "routine" and e["event"] == "phase_started"
                           and e["phase"] == "massage")
    assert started_massage["t"] > held_on_end["t"]


def test_an_events_file_that_cannot_be_written_is_one_line_before_anything_runs(tmp_path):
    done = subprocess.run(["voice-coach", "--text", "--events", str(tmp_path / "no" / "such" / "e.jsonl")],
                          input="my calf is cramping\n", capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"voice-coach: cannot write the events to {tmp_path / 'no' / 'such' / 'e.jsonl'}: No such file or directory"]


def test_events_goes_with_text_or_session_only(tmp_path):
    done = subprocess.run(["voice-coach", "--events", str(tmp_path / "e.jsonl"), "routines"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--events goes with --text or session" in done.stderr
    assert not (tmp_path / "e.jsonl").exists()


MY_PHRASINGS = Path(__file__).parents[1] / "intents" / "data" / "my_phrasings.yaml"


def typed(tmp_path: Path, lines: list[str], *options: str, settings_text: str = "") -> list[str]:
    """What ``voice-coach --text`` prints for ``lines``, after its greeting, with ``settings_text`` in the settings."""
    settings = tmp_path / "settings.toml"
    settings.write_text("[diary]\nkeep = false\n" + settings_text)
    done = subprocess.run(["voice-coach", "--text", *options], input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "VOICE_COACH_CONFIG": str(settings)})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[1:]


def test_a_typed_line_no_template_holds_is_read_as_a_free_transcript_is(tmp_path):
    """Typed words are what a perfect recognizer writes: read as whisper's free text is (a question that names a
    topic), and someone else's cramp is no command there either."""
    printed = typed(tmp_path, ["how do i get more potassium into my diet", "his calf is cramping"])
    assert len(printed) == 2 and "bananas" in printed[0], printed
    assert printed[1] == "coach: (no command heard)"


def test_templates_reach_the_text_mode(tmp_path):
    assert typed(tmp_path, ["wake up coach"]) == ["coach: (no command heard)"]
    (heard,) = typed(tmp_path, ["wake up coach"], "--templates", str(MY_PHRASINGS))
    assert heard.startswith("coach: You can say:"), heard


def test_the_counting_pace_of_the_settings_reaches_the_text_mode(tmp_path):
    assert typed(tmp_path, ["slower"]) == ["coach: Slower."]
    assert typed(tmp_path, ["slower"], settings_text="[counting]\npace = 2.0\n") == ["coach: That's as slow as I go."]
