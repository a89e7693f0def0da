"""Session scenarios for tests and benchmarks: script -> input WAV -> ``voice-coach session`` -> events.

A scenario is a list of (seconds, text) the person says, spoken by espeak-ng
into a quiet (or noisy) room. It runs through the real command line, in this
process, and its events come back as dicts, with the true end of every spoken
command (from the synthesis) beside them, so response times are exact.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from voice_coach.audio.files import write_wav
from voice_coach.bench.corpus import Recording, Span, build_session_audio


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario produced."""

    events: tuple[dict, ...]
    """Every event the session wrote, in order."""
    spans: tuple[Span, ...]
    """Where each scripted line really was in the input (seconds)."""
    exit_code: int
    """The command's exit code."""

    def of_type(self, *types: str) -> list[dict]:
        """Events whose ``type`` is one of ``types``."""
        return [e for e in self.events if e["type"] in types]

    def commands(self) -> list[dict]:
        """Utterances the session took as commands."""
        return [e for e in self.of_type("utterance") if e["intent"]]

    def first_sound_after(self, t: float) -> dict | None:
        """The coach's spoken answer to a command heard at ``t`` seconds: the first say/count the
        dialog decided at that moment (``planned`` == ``t``); None when it answered in silence."""
        return next((e for e in self.of_type("say", "count") if abs(e.get("planned", e["t"]) - t) < 1e-3), None)

    def response_times(self) -> list[float]:
        """For each scripted line heard as a command: seconds from its true end to the coach's next sound."""
        out = []
        commands = self.commands()
        for span in self.spans:
            heard = next((c for c in commands if abs(c["end"] - span.end) < 1.0), None)
            if heard is None:
                continue
            sound = self.first_sound_after(heard["t"])
            if sound is not None:
                out.append(sound["t"] - span.end)
        return out


def run_scenario(script: Sequence[tuple[float, str | Recording]], folder: Path, *, total_s: float | None = None,
                 echo: float = 0.0, voice: str = "en-us", rate: int = 175, noise_kind: str | None = None,
                 snr_db: float | None = None, extra: Sequence[str] = (), speak_to: bool = False,
                 seed: int = 0) -> ScenarioResult:
    """Synthesize ``script`` (recordings in it are laid as they are), run ``voice-coach session`` on it, and read
    back the events."""
    from voice_coach.cli.main import main

    audio = build_session_audio(script, total_s=total_s, voice=voice, rate=rate, noise_kind=noise_kind,
                                snr_db=snr_db, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    wav, events = folder / "input.wav", folder / "events.jsonl"
    write_wav(wav, audio.samples)
    argv = ["session", "--input", str(wav), "--events", str(events), "--echo", str(echo), *extra]
    if speak_to:
        argv += ["--speak-to", str(folder / "coach.wav")]
    with contextlib.redirect_stdout(io.StringIO()):  # the CLI's one-line summary is for a person, not a bench table
        code = main(argv)
    lines = events.read_text().splitlines() if events.exists() else []
    return ScenarioResult(tuple(json.loads(line) for line in lines), audio.spans, code)
