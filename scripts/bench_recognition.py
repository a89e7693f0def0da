#!/usr/bin/env python3
"""Recognition benchmark: intent accuracy in noise, false activations, speed; the coach against two baselines.

Every utterance goes through the real pipeline (endpointer, recognizer,
parser) as a stream with 0.6 s of lead and tail. Three systems are scored on
the very same endpointed utterances:

- ``coach``: PocketSphinx grammar pass + phone-loop check on the noise-suppressed
  audio, with a second look at the recording for near misses (the default engine);
- ``grammar``: the same grammar pass with no rejection (what Rhasspy 2.5 does);
- ``kws``: PocketSphinx keyword spotting over every command sentence, with a
  threshold per phrase of 1e-(K x phones) (``--kws-k``).

In-grammar utterances count as right when the one intent heard (with its
slots) is the one spoken and nothing else was heard. Out-of-grammar audio
counts every intent heard as a false activation. ``--sweep`` prints the
accuracy / false-activation trade-off of the coach's two limits.

    python scripts/bench_recognition.py            # full run (~25 min on 2 cores)
    python scripts/bench_recognition.py --quick    # ~4 min
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import statistics
import sys
import tempfile
import time
import wave
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from voice_coach.bench.corpus import SHARED, VOICES, article_sentences, noise, pad, synthesize
from voice_coach.audio.mix import mix_at_snr
from voice_coach.hearing.pipeline import Hearing
from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
from voice_coach.hearing.result import Hypothesis
from voice_coach.intents.grammar import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_templates

SEEDS = SHARED / "seeds"
TESTDATA = "/usr/share/pocketsphinx/test/data"
SPEECH_COMMANDS = str(SHARED / "testdata" / "speech_commands")
SC_EXPECT = {"stop": ("stop", {}), "yes": ("yes", {}), "no": ("no", {}), "left": ("side", {"side": "left"}),
             "right": ("side", {"side": "right"})}
SC_NONE = ("go", "up", "down", "on", "off")
EVERYDAY = [
    "go forward ten meters", "turn the lights off", "what's the weather like tomorrow", "i'm going to the shop",
    "did you feed the cat", "the game starts at eight", "put the kettle on", "where are my keys", "good night",
    "see you later", "it's raining again", "could you pass the salt", "the traffic was terrible this morning",
    "call me when you get there", "i think it's time for bed", "open the window", "okay thank you", "hello there",
    "the news is on at nine", "my phone is dead", "let's watch a movie", "is it cold outside", "what time is it",
    "the match was a draw", "we need more milk", "turn left at the lights", "the doctor called this morning",
    "i ran five miles today", "the calf was born last spring", "he plays on the right wing"]
CONDITIONS = ("clean", 20, 10, 6)
NOISES = ("white", "pink", "brown")


@dataclass
class Item:
    """One stream to run: what is in it and what should be heard."""
    kind: str
    label: str
    audio: np.ndarray
    expect: tuple | None = None
    voice: str = ""
    cond: str = "clean"
    heard: list = field(default_factory=list)
    coach: list = field(default_factory=list)


class Recorder:
    """A recognizer that runs the coach's recognizer (and the KWS baseline) and keeps every result."""
    name = "pocketsphinx"

    def __init__(self, recognizer: PocketSphinxRecognizer, kws: KeywordSpotter | None) -> None:
        self.recognizer, self.kws, self.records, self.cpu, self.kws_cpu = recognizer, kws, [], 0.0, 0.0
        self.times: list[float] = []

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        t = time.process_time()
        decoding = self.recognizer.analyze(samples)
        self.times.append(time.process_time() - t)
        self.cpu += self.times[-1]
        t = time.process_time()
        kws_text = self.kws.recognize(samples) if self.kws else ""
        self.kws_cpu += time.process_time() - t
        self.records.append((decoding, kws_text))
        return Hypothesis(decoding.text, decoding.confidence)


class KeywordSpotter:
    """PocketSphinx keyword spotting over a list of phrases; the utterance's text is its longest detection."""

    def __init__(self, sentences: list[str], k: float) -> None:
        import pocketsphinx
        model = pocketsphinx.get_model_path("en-us")
        self.decoder = pocketsphinx.Decoder(hmm=os.path.join(model, "en-us"), lm=None, loglevel="FATAL",
                                            dict=os.path.join(model, "cmudict-en-us.dict"))
        with tempfile.NamedTemporaryFile("w", suffix=".kws", delete=False) as f:
            for s in sentences:
                phones = sum(len((self.decoder.lookup_word(w) or "x").split()) for w in s.split())
                f.write(f"{s} /1e-{max(1, round(k * phones))}/\n")
        self.decoder.add_kws("kws", f.name)
        os.unlink(f.name)
        self.decoder.activate_search("kws")

    def recognize(self, samples: np.ndarray) -> str:
        d = self.decoder
        d.start_utt()
        d.process_raw(np.asarray(samples, dtype=np.int16).tobytes(), full_utt=True)
        d.end_utt()
        found = [(s.end_frame - s.start_frame, s.prob, s.word.strip()) for s in d.seg()] if d.hyp() else []
        return max(found)[2] if found else ""


def sentences_by_intent(templates, per_intent: int, rng: random.Random) -> list[tuple[str, str, dict]]:
    by = defaultdict(list)
    for sentence, intent, slots in expand(templates):
        by[intent].append((sentence, intent, slots))
    return [x for intent in sorted(by) for x in rng.sample(by[intent], min(per_intent, len(by[intent])))]


def read_any(path: str) -> np.ndarray:
    if path.endswith(".raw"):
        return np.fromfile(path, dtype=np.int16)
    with wave.open(path) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def build(args, templates) -> list[Item]:
    rng, nrng = random.Random(args.seed), np.random.default_rng(args.seed)
    voices = VOICES[: args.voices]
    items = []
    for n, (sentence, intent, slots) in enumerate(sentences_by_intent(templates, args.per_intent, rng)):
        for v, voice in enumerate(voices):
            for rate in (140, 185):
                clip = pad(synthesize(sentence, voice, rate), 0.6, 0.6, rng=nrng)
                for c, cond in enumerate(CONDITIONS):
                    kind = NOISES[(n + v + c + rate) % 3]
                    audio = clip if cond == "clean" else mix_at_snr(clip, noise(kind, clip.size, nrng), cond)
                    items.append(Item("command", sentence, audio, (intent, slots), voice,
                                      "clean" if cond == "clean" else f"{cond}dB {kind}"))
    sentences = article_sentences(SEEDS)
    for n, s in enumerate(sentences[:: args.article_step] + EVERYDAY):
        items.append(Item("article" if n < len(sentences[:: args.article_step]) else "everyday", s,
                          pad(synthesize(s, voices[n % len(voices)], 165), 0.6, 0.6, rng=nrng), voice=voices[n % len(voices)]))
    for path in sorted(glob.glob(os.path.join(TESTDATA, "librivox", "*.wav"))) + \
            [os.path.join(TESTDATA, f) for f in ("goforward.raw", "numbers.raw", "something.raw")]:
        if os.path.exists(path):
            items.append(Item("human", os.path.basename(path), read_any(path)))
    for word in list(SC_EXPECT) + list(SC_NONE):
        for path in sorted(glob.glob(os.path.join(SPEECH_COMMANDS, word, "*.wav"))):
            items.append(Item("sc", word, read_any(path), SC_EXPECT.get(word)))
    for k, kind in enumerate(NOISES):
        level = [300.0, 1500.0, 6000.0][k]
        items.append(Item("noise", kind, np.clip(noise(kind, round(args.noise_s / 3 * 16000), nrng) * level,
                                                 -32768, 32767).astype(np.int16)))
    return items


def run(items: list[Item], recorder: Recorder, parser: IntentParser) -> float:
    audio_s = 0.0
    for item in items:
        start = len(recorder.records)
        chunks = (item.audio[i:i + 1600] for i in range(0, item.audio.size, 1600))
        heard = list(Hearing(recorder, parser).process(chunks))
        records = recorder.records[start:]
        # The pipeline may decode an utterance twice (a second look at the recording); the baselines and the
        # limit sweep use each utterance's first decoding, the coach row what the pipeline decided.
        firsts, at = [], 0
        for h in heard:
            firsts.append(records[at])
            at += h.looks
        item.heard = firsts
        item.coach = [(h.intent, dict(h.slots)) for h in heard if h.intent]
        audio_s += item.audio.size / 16000
    return audio_s


def intents(item: Item, system: str, parse, llr_floor=None, absorbed_max=None) -> list[tuple]:
    out = []
    for decoding, kws_text in item.heard:
        if system == "kws":
            text = kws_text
        elif system == "grammar":
            text = decoding.text
        elif llr_floor is not None:
            text = decoding.text if decoding.llr >= llr_floor and decoding.absorbed <= absorbed_max else ""
        else:
            return list(item.coach)
        match = parse(text) if text else None
        if match is not None:
            out.append((match.intent, dict(match.slots)))
    return out


def score(items, system, parse, **kw):
    acc, fa = defaultdict(lambda: [0, 0]), Counter()
    for item in items:
        got = intents(item, system, parse, **kw)
        if item.expect is not None:
            ok = got == [item.expect]
            for key in (item.cond, item.cond.split()[0], "voice " + item.voice if item.kind == "command" else None,
                        f"sc {item.label}" if item.kind == "sc" else None, item.kind):
                if key:
                    acc[key][0] += ok
                    acc[key][1] += 1
        else:
            fa[item.kind if item.kind != "sc" else f"sc {item.label}"] += len(got)
    return acc, fa


def pct(a):
    return f"{100 * a[0] / a[1]:5.1f}%" if a[1] else "   - "


def report(items, parse, audio_s, recorder, sweep):
    systems = ("coach", "grammar", "kws") if recorder.kws else ("coach", "grammar")
    results = {s: score(items, s, parse) for s in systems}
    rows = ["clean", "20dB", "10dB", "6dB"] + [f"6dB {k}" for k in NOISES]
    print(f"\n{'intent accuracy':24}" + "".join(f"{s:>10}" for s in systems))
    for row in rows + sorted(k for k in results["coach"][0] if k.startswith("voice")):
        print(f"{row:24}" + "".join(f"{pct(results[s][0][row]):>10}" for s in systems))
    for s in systems:
        acc = results[s][0]
        results[s] += (statistics.mean(100 * acc[c][0] / acc[c][1] for c in rows[:4] if acc[c][1]),)
    print(f"{'mean clean/20/10/6':24}" + "".join(f"{results[s][2]:9.1f}%" for s in systems))
    print(f"\n{'Speech Commands (human)':24}" + "".join(f"{s:>10}" for s in systems))
    for word in SC_EXPECT:
        print(f"{'  ' + word:24}" + "".join(f"{pct(results[s][0]['sc ' + word]):>10}" for s in systems))
    print(f"\n{'false activations':24}" + "".join(f"{s:>10}" for s in systems))
    counts = Counter(i.kind if i.kind != "sc" else f"sc {i.label}" for i in items if i.expect is None)
    for kind in sorted(counts):
        label = f"{kind} ({counts[kind]} {'streams' if kind != 'noise' else 'x'})"
        print(f"{label:24}" + "".join(f"{results[s][1][kind]:>10}" for s in systems))
    print(f"{'total':24}" + "".join(f"{sum(results[s][1].values()):>10}" for s in systems))
    frames = [d.frames for i in items for d, _ in i.heard]
    print(f"\nspeed: coach recognizer {recorder.cpu:.1f} CPU s for {audio_s:.0f} s of audio: real-time factor "
          f"{recorder.cpu / audio_s:.3f}; {len(frames)} utterances, median {statistics.median(frames) / 100:.2f} s, "
          f"decode CPU per utterance median {1000 * statistics.median(recorder.times):.0f} ms, "
          f"95th percentile {1000 * float(np.percentile(recorder.times, 95)):.0f} ms")
    if recorder.kws:
        print(f"       kws baseline {recorder.kws_cpu / audio_s:.3f} real-time factor")
    if sweep:
        print(f"\n{'llr_floor':>10}{'absorbed_max':>14}{'mean':>8}{'6dB':>8}{'sc+':>8}{'FA':>6}")
        for floor in (-20, -10, -5, 0, 5, 10):
            for amax in (0.02, 0.05, 0.08, 0.12, 1.0):
                acc, fa = score(items, "coach", parse, llr_floor=floor, absorbed_max=amax)
                mean = statistics.mean(100 * acc[c][0] / acc[c][1] for c in rows[:4] if acc[c][1])
                print(f"{floor:>10}{amax:>14}{mean:7.1f}%{pct(acc['6dB']):>8}{pct(acc['sc']):>8}{sum(fa.values()):>6}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a smaller corpus (1 sentence an intent, every 4th article sentence)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-kws", action="store_true", help="skip the keyword-spotting baseline")
    p.add_argument("--kws-k", type=float, default=1.0, help="KWS threshold 1e-(K x phones) per phrase")
    p.add_argument("--sweep", action="store_true", help="print the trade-off of the coach's two limits")
    p.add_argument("--dump", metavar="FILE", help="pickle every utterance's decoding (for tuning)")
    args = p.parse_args(argv)
    args.per_intent, args.voices = (1, 5) if args.quick else (4, 5)
    args.article_step, args.noise_s = (4, 60.0) if args.quick else (1, 600.0)
    templates = load_templates()
    t = time.time()
    items = build(args, templates)
    print(f"corpus: {len(items)} streams, {sum(i.audio.size for i in items) / 16000:.0f} s "
          f"({Counter(i.kind for i in items)}), built in {time.time() - t:.0f} s", flush=True)
    recognizer = PocketSphinxRecognizer.from_templates(templates)
    kws = None if args.no_kws else KeywordSpotter(sorted(set(recognizer.grammar.sentences())), args.kws_k)
    recorder = Recorder(recognizer, kws)
    parser = IntentParser(templates)
    cache = {}
    parse = lambda text: cache[text] if text in cache else cache.setdefault(text, parser.parse(text))  # noqa: E731
    t = time.time()
    audio_s = run(items, recorder, parser)
    print(f"ran in {time.time() - t:.0f} s wall", flush=True)
    report(items, parse, audio_s, recorder, args.sweep)
    if args.dump:
        import pickle
        with open(args.dump, "wb") as f:
            pickle.dump([(i.kind, i.label, i.cond, i.voice, i.expect, i.heard) for i in items], f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
