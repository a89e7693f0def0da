"""Real speech is in the rendered audio: PocketSphinx hears each routine's own instructions.

For every routine, a JSGF grammar is made of the routine's own distinct SAY
lines. Each instruction (a SAY line of four words or more) is cut out of the
rendered audio at its planned offset, resampled to 16 kHz and decoded with that
grammar; most must come back word for word. Short count lines ("Six.") are in
the grammar but not scored: a one-word cut is too little for this recognizer.
The control decodes noise and silence of the same lengths with the same grammar:
they must not come back as the lines.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import soxr

from voice_coach.routines.model import ROUTINE_IDS
from voice_coach.timing.timeline import CueKind

pocketsphinx = pytest.importorskip("pocketsphinx")

MIN_WORDS = 4
"""An instruction, for scoring, has at least this many words."""
MARGIN = 0.05
"""Seconds of the rendered audio kept before and after a line's planned span."""
PAD = 0.5
"""Seconds of faint noise added before and after each cut, so the decoder sees speech start and end."""
RATE = 16000
"""PocketSphinx's English model's sample rate."""


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, as the dictionary spells them."""
    return re.sub(r"[^a-z' ]+", " ", text.lower().replace("-", " ")).split()


@pytest.fixture(scope="module")
def decoder():
    return pocketsphinx.Decoder(lm=None, cmn="batch", loglevel="FATAL")


def decode(decoder, samples: np.ndarray, rate: int) -> str:
    pad = np.random.default_rng(1).normal(0, 10, int(RATE * PAD)).astype(np.int16)
    pcm = np.concatenate([pad, soxr.resample(samples, rate, RATE).astype(np.int16), pad])
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr if hyp is not None else ""


def grammar(lines: list[str]) -> str:
    return "#JSGF V1.0;\ngrammar lines;\npublic <line> = " + " | ".join(f"( {line} )" for line in lines) + ";\n"


def check_routine(decoder, out, routine_id):
    """(instructions heard exactly, instructions, noise cuts matched, silence cuts matched)."""
    first: dict[str, object] = {}
    for cue in out.timeline.cues:
        if cue.kind is CueKind.SAY:
            first.setdefault(" ".join(words(cue.text)), cue)
    unknown = {w for line in first for w in line.split() if decoder.lookup_word(w) is None}
    assert not unknown, f"{routine_id}: words the recognizer's dictionary lacks: {sorted(unknown)}"
    decoder.add_jsgf_string(routine_id, grammar(list(first)))
    decoder.activate_search(routine_id)
    scored = {line: cue for line, cue in first.items() if len(line.split()) >= MIN_WORDS}
    heard = noise_hits = silence_hits = 0
    rng = np.random.default_rng(0)
    for line, cue in scored.items():
        cut = out.cut(cue.offset - MARGIN, cue.offset + cue.duration + MARGIN)
        heard += decode(decoder, cut, out.rate) == line
        noise = rng.normal(0, 3000, len(cut)).astype(np.int16)
        noise_hits += decode(decoder, noise, out.rate) == line
        silence_hits += decode(decoder, np.zeros(len(cut), np.int16), out.rate) == line
    return heard, len(scored), noise_hits, silence_hits


@pytest.mark.heavy
def test_pocketsphinx_hears_each_routines_instructions(decoder, rendered_routines):
    totals = np.zeros(4, dtype=int)
    report = []
    for routine_id in ROUTINE_IDS:
        heard, n, noise_hits, silence_hits = check_routine(decoder, rendered_routines[routine_id], routine_id)
        report.append(f"{routine_id}: {heard}/{n} heard, noise {noise_hits}, silence {silence_hits}")
        assert n >= 2, f"{routine_id} has too few instructions to check"
        # At most one line in five missed, and one in a routine of four. At the settings' 150 words a minute
        # (160 before it was the one default) PocketSphinx dropped the last word of
        # calf_release's "That's all five. Well done." in one test process and heard it in another (it carries
        # state from one utterance to the next), and 80% of four lines is all four.
        assert heard >= min(0.8 * n, n - 1), report[-1]
        assert noise_hits <= 0.2 * n and silence_hits <= 0.2 * n, report[-1]
        totals += (heard, n, noise_hits, silence_hits)
    summary = (f"all: {totals[0]}/{totals[1]} instructions heard exactly ({100 * totals[0] / totals[1]:.0f}%); "
               f"noise matched {totals[2]}, silence matched {totals[3]}")
    print("\n".join(report + [summary]))
    assert totals[0] >= 0.9 * totals[1], summary  # 47 to 50 of 50 at 150 words a minute, by process
