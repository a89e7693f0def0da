#!/usr/bin/env python3
"""Blind paraphrase sets, typed and heard: how many commands are taken as meant, how many none lines act.

Each set (voice_coach/bench/paraphrases/blind*.yaml) was written by a helper from PRODUCT.md and the two articles
alone: ``commands`` (text, intent, slots) and ``none`` (text, kind). Typed: the templates, then the whisper engine's
readings of the text (``TypedHearing``, as ``voice-coach --text`` hears it). Heard (``--heard``): each command said
by piper's joe and espeak-ng's en-gb, clean and in pink noise at 10 dB SNR; each none line clean, in both voices;
through the coach's endpointer and the whisper engine. A command counts when every utterance heard is its intent and
one carries its slots.

    python scripts/bench_paraphrases.py                        # every set, typed (seconds)
    python scripts/bench_paraphrases.py --heard --sets blind13  # one set heard (about 25 min on the 2-core machine)
    python scripts/bench_paraphrases.py --misses               # and list what was missed or acted on
    python scripts/bench_paraphrases.py --heard --sets /tmp/new.yaml --cache /tmp/new.pkl  # a set of one's own,
        # keeping what the model found in each clip: a second run with the same cache reads it again in a minute

The cache holds the synthesized clips and the whisper engine's decodes (``WhisperRecognizer.decode``, keyed by the
audio and the grammar), so a change to how decodes are judged or read is measured on the same decodes, exactly.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import pickle
from collections import Counter
from pathlib import Path

import yaml

SETS = Path(__file__).resolve().parent.parent / "voice_coach" / "bench" / "paraphrases"


def meant(intent: str | None, slots: dict, command: dict) -> bool:
    """Whether ``intent`` and ``slots`` are the command's intent with all of its slots."""
    want = {k: str(v) for k, v in (command.get("slots") or {}).items()}
    return intent == command["intent"] and want.items() <= slots.items()


def typed(data, hearing, show: bool) -> tuple[int, int, Counter]:
    ok, missed = 0, Counter()
    for c in data["commands"]:
        m = hearing.hear(c["text"])
        if m is not None and meant(m.intent, m.slots, c):
            ok += 1
        else:
            missed[c["intent"]] += 1
            if show:
                print(f"  missed {c['intent']:<14} {c['text']!r} -> {m}")
    acting = 0
    for n in data["none"]:
        m = hearing.hear(n["text"])
        if m is not None:
            acting += 1
            if show:
                print(f"  acted  {n.get('kind', '?'):<14} {n['text']!r} -> {m}")
    return ok, acting, missed


class Cache:
    """Clips and decodes kept in a pickle file between runs (None: nothing kept)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.store: dict = pickle.loads(path.read_bytes()) if path is not None and path.exists() else {}

    def clip(self, voice: str, text: str, say):
        """``say(text)``, made once."""
        key = ("clip", voice, text)
        if key not in self.store:
            self.store[key] = say(text)
        return self.store[key]

    def hold_decodes(self, recognizer) -> None:
        """Have ``recognizer`` (the whisper engine) decode each utterance once, whatever the runs."""
        grammar = hashlib.sha1(repr(recognizer._graphs).encode()).hexdigest()
        decode = recognizer.decode

        def held(samples):
            key = ("decode", grammar, hashlib.sha1(samples.tobytes()).hexdigest())
            if key not in self.store:
                self.store[key] = decode(samples)
            return self.store[key]

        recognizer.decode = held

    def save(self) -> None:
        if self.path is not None:
            self.path.write_bytes(pickle.dumps(self.store))


def heard(data, parts, show: bool, cache: Cache) -> tuple[int, int, int, int]:
    import numpy as np

    from voice_coach.audio.mix import mix_at_snr
    from voice_coach.bench import corpus
    from voice_coach.bench.piper_voices import synthesize_piper
    from voice_coach.bench.recognition.run import Bench
    from voice_coach.bench.recognition.streams import Stream, StreamInfo
    from voice_coach.bench.rooms import Room

    bench = Bench({"whisper": parts.recognizer}, parts.parser, parts.settings)
    room = Room(np.random.default_rng(0).normal(size=16000 * 2))
    pad = np.zeros(8000, np.int16)
    voices = {"piper": lambda t: synthesize_piper(t, "joe"), "espeak": lambda t: corpus.synthesize(t, "en-gb", 160)}

    def hear(text, voice, condition, k):
        clip = np.concatenate([pad, cache.clip(voice, text, voices[voice]), pad])
        if condition != "clean":
            clip = mix_at_snr(clip, room.noise("pink", clip.size, np.random.default_rng(k)), 10.0)
        info = StreamInfo("set", text, None, voice, voice, condition, "", "all")
        outcome = bench.run(Stream(info, np.asarray(clip, np.int16)))
        return outcome.heard["whisper"]

    ok = n = 0
    for k, c in enumerate(data["commands"]):
        for voice in voices:
            for condition in ("clean", "10 dB pink"):
                got = [h for h in hear(c["text"], voice, condition, k) if h.intent]
                good = (bool(got) and all(h.intent == c["intent"] for h in got)
                        and any(meant(h.intent, dict(h.slots), c) for h in got))
                ok, n = ok + good, n + 1
                if show and not good:
                    print(f"  missed {voice:<6} {condition:<10} {c['text']!r} -> {[(h.intent, h.slots) for h in got]}")
    acting = lines = 0
    for item in data["none"]:
        for voice in voices:
            got = [h for h in hear(item["text"], voice, "clean", 0) if h.intent]
            acting, lines = acting + bool(got), lines + 1
            if show and got:
                print(f"  acted  {voice:<6} {item['text']!r} -> {[(h.intent, h.slots) for h in got]}")
    cache.save()
    return ok, n, acting, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(sorted(p.stem for p in SETS.glob("*.yaml"))),
                    help="comma-separated set names or paths of YAML files of that shape (default: all)")
    ap.add_argument("--heard", action="store_true", help="also hear each set through the whisper engine (slow)")
    ap.add_argument("--misses", action="store_true", help="list every miss and every none line that acts")
    ap.add_argument("--cache", type=Path, help="a pickle file keeping clips and decodes between runs (heard)")
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)
    from voice_coach.hearing.typed import TypedHearing
    from voice_coach.session.setup import HearingParts
    from voice_coach.settings import load_settings

    parts = HearingParts(load_settings(), None, None, "whisper", None, warm=args.heard)
    hearing = TypedHearing(parts.parser, parts.recognizer, parts.settings.min_confidence)
    cache = Cache(args.cache)
    if args.heard:
        cache.hold_decodes(parts.recognizer)
    print("| set | typed: commands | typed: none acting |" + (" heard: commands | heard: none acting |" if args.heard else ""))
    print("|---|---|---|" + ("---|---|" if args.heard else ""))
    for name in args.sets.split(","):
        data = yaml.safe_load((SETS / f"{name}.yaml" if name.isidentifier() else Path(name)).read_text())
        ok, acting, missed = typed(data, hearing, args.misses)
        row = f"| {name} | {ok}/{len(data['commands'])} | {acting}/{len(data['none'])} |"
        if args.heard:
            h_ok, h_n, h_acting, h_lines = heard(data, parts, args.misses, cache)
            row += f" {h_ok}/{h_n} ({100 * h_ok / h_n:.1f}%) | {h_acting}/{h_lines} |"
        print(row, flush=True)
        if args.misses:
            print("  misses by intent:", dict(missed.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
