#!/usr/bin/env python3
"""Benchmark custom intent templates: counting, compiling, caching and decoding.

Template sets: the built-in one, the built-in one plus a person's few
phrasings, plus a generated file of over a million sentences (``--templates``),
that file alone (``--templates-only``), and an ordering grammar of 9 x 10^9
sentences alone (``tests/intents/data/coffee_order.yaml``). For each it prints
the sentence count (counted from the structure), load+check time, word
automaton compile time, JSGF compile time, and start-up time (load + grammar)
without and with the grammar cache: medians of 5 runs.

Then ``voice-coach recognize --templates-only`` on a 9 s file (espeak-ng
saying one sentence of the grammar) in fresh processes, for the ordering
grammar and the built-in set: wall time, CPU time and peak RSS.

Then, unless --no-decode, it speaks a few sentences with espeak-ng and decodes
the same audio with PocketSphinx under each grammar, printing the real-time
factor (decoding CPU seconds per second of audio) and how many came back exactly.
All times are CPU times of this process (medians after a warm-up run).

    python scripts/bench_templates.py [--huge FILE] [--runs 5] [--decode-runs 3] [--no-decode]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

from voice_coach.intents.automaton import compile_automaton
from voice_coach.intents.cache import compiled_grammar
from voice_coach.intents.count import count_sentences
from voice_coach.intents.grammar import to_jsgf
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.sample import sample_sentences
from voice_coach.intents.templates import DEFAULT_PATH, Templates, load_template_set, load_templates

DATA = Path(__file__).resolve().parent.parent / "tests" / "intents" / "data"
HUGE = DATA / "huge_set.yaml"
"""The generated template set of the tests (over 10^6 sentences)."""
SMALL = DATA / "my_phrasings.yaml"
"""A person's own few phrasings, as in the README."""
ORDERS = DATA / "coffee_order.yaml"
"""An ordering grammar of 9 x 10^9 sentences (a permutation of optional size, kind and amount; 50 items)."""
ORDER_SAID = "can i get a large iced latte with oat milk please"
"""A sentence of the ordering grammar, spoken in the 9 s file."""

COACH_LINES = (
    "my calf is cramping", "cramp in my left foot", "i've got a cramp in my right calf",
    "pause", "hold on a second", "carry on please", "say that again please", "next exercise",
    "slow down please", "it's getting better", "i'm still cramping", "stop", "yes please",
    "the left one", "my leg is swollen", "why do i get cramps", "start the bedtime routine",
    "stretch my hamstrings",
)
"""Coach commands spoken for the decoding benchmark (the same audio under every grammar)."""


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median CPU time of ``action`` over ``runs`` calls after one warm-up call, in seconds.

    CPU time of this process, not wall time: the work is single-threaded and
    CPU-bound, and other jobs on a shared machine then do not skew the result.
    """
    action()
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def sets(huge: Path) -> dict[str, Callable[[], Templates]]:
    """Name -> a fresh (uncached) load of that template set."""
    return {
        "built-in": lambda: load_templates(DEFAULT_PATH),
        "built-in + small": lambda: load_template_set(extra=SMALL),
        "built-in + huge": lambda: load_template_set(extra=huge),
        "huge only": lambda: load_template_set(only=huge),
        "orders only": lambda: load_template_set(only=ORDERS),
    }


def bench_start(loaders: dict[str, Callable[[], Templates]], runs: int) -> dict[str, Templates]:
    """Print the start-up table; return each set, loaded.

    Runs are interleaved (each round times every set once), so a burst of
    load on the machine hits all sets alike rather than one.
    """
    loaded = {name: load() for name, load in loaders.items()}
    samples: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as root:
        warm = Path(root) / "warm"
        for name, load in loaders.items():
            compiled_grammar(load(), warm)
        for run in range(runs + 1):  # round 0 warms up
            for name, load in loaders.items():
                cold = Path(root) / f"cold-{run}-{len(samples)}"
                timings = {
                    "load": cpu_time(load),
                    "automaton": cpu_time(lambda: compile_automaton(loaded[name])),
                    "jsgf": cpu_time(lambda: to_jsgf(loaded[name])),
                    "cold": cpu_time(lambda: compiled_grammar(load(), cold)),
                    "warm": cpu_time(lambda: compiled_grammar(load(), warm)),
                }
                for kind, seconds in timings.items():
                    if run:
                        samples.setdefault((name, kind), []).append(seconds)
    median = {key: statistics.median(values) for key, values in samples.items()}
    base = median["built-in", "warm"]
    print(f"{'template set':<18}{'sentences':>16}{'states':>8}{'load+check':>12}{'automaton':>11}{'JSGF':>10}"
          f"{'start':>10}{'cached':>10}{'vs base':>9}")
    for name, templates in loaded.items():
        graph = templates.automaton
        print(f"{name:<18}{count_sentences(templates):>16,}{graph.n_states:>8}{ms(median[name, 'load']):>12}"
              f"{ms(median[name, 'automaton']):>11}{ms(median[name, 'jsgf']):>10}"
              f"{ms(median[name, 'cold']):>10}{ms(median[name, 'warm']):>10}{median[name, 'warm'] / base:>8.2f}x")
    print(f"medians of {runs} interleaved runs, CPU time. sentences = paths through the templates (counted);"
          " states = the word automaton's, minimal; automaton = its compile from the loaded templates;"
          " start = load+check+JSGF compile with an empty cache; cached = load+check+grammar read from the cache;"
          " vs base = cached / the built-in set's cached")
    return loaded


def cpu_time(action: Callable[[], object]) -> float:
    """CPU time of one call of ``action``, in seconds."""
    start = time.process_time()
    action()
    return time.process_time() - start


def bench_process_start(huge: Path, runs: int) -> None:
    """Print the CPU time of a whole start in a fresh process: imports, templates, grammar, decoder ready.

    That is what a person waits for; each set is started with an empty cache
    and with a warm one, interleaved, and the child's CPU time (user + system)
    is read from ``getrusage``.
    """
    import os
    import resource
    import subprocess

    options = {"built-in": [], "built-in + small": ["--templates", str(SMALL)], "built-in + huge": ["--templates", str(huge)], "huge only": ["--templates-only", str(huge)]}
    samples: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as root:
        for run in range(runs + 1):  # round 0 warms the page cache and the warm grammar cache
            for name, extra in options.items():
                for kind in ("cold", "warm"):
                    cache = Path(root) / (f"cold-{run}-{name}" if kind == "cold" else "warm")
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    subprocess.run([sys.executable, __file__, "--child-start", *extra], check=True,
                                   env=dict(os.environ, VOICE_COACH_CACHE=str(cache)))
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if run:
                        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                        samples.setdefault((name, kind), []).append(cpu)
    median = {key: statistics.median(values) for key, values in samples.items()}
    base = median["built-in", "warm"]
    print(f"\n{'process start':<18}{'no cache':>12}{'cached':>10}{'vs base':>9}")
    for name in options:
        print(f"{name:<18}{ms(median[name, 'cold']):>12}{ms(median[name, 'warm']):>10}{median[name, 'warm'] / base:>8.2f}x")
    print(f"medians of {runs} fresh processes each (CPU time): python start, imports, templates loaded,"
          " grammar compiled or read from the cache, PocketSphinx decoder built with it and ready")


def child_start(extra: list[str]) -> None:
    """What a start does before it can hear: load the templates, get the grammar, build the decoder."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--templates")
    parser.add_argument("--templates-only")
    args = parser.parse_args(extra)
    from pocketsphinx import Decoder

    templates = load_template_set(args.templates, args.templates_only)
    decoder = Decoder(lm=None, cmn="batch", loglevel="FATAL")
    decoder.add_jsgf_string("command", compiled_grammar(templates))
    decoder.activate_search("command")


def bench_decode(loaded: dict[str, Templates], runs: int) -> None:
    """Print RTF and exact-match counts of each grammar on the same synthesized utterances."""
    from pocketsphinx import Decoder

    from voice_coach.bench.corpus import pad, synthesize

    huge_lines = tuple(text for text, _, _ in sample_sentences(loaded["huge only"], 12, random.Random(7)))
    utterances = {"coach": COACH_LINES, "huge": huge_lines}
    audio = {kind: [pad(synthesize(text), 0.3, 0.3) for text in lines] for kind, lines in utterances.items()}
    seconds = {kind: sum(a.size for a in clips) / 16000 for kind, clips in audio.items()}
    decoder = Decoder(lm=None, cmn="batch", loglevel="FATAL")
    print(f"\n{'grammar':<18}{'utterances':>12}{'audio s':>9}{'RTF':>8}{'exact':>8}{'intent':>8}")
    for name, templates in loaded.items():
        if name == "orders only":
            continue  # heard in bench_recognize_file
        decoder.add_jsgf_string(name.replace(" ", "_").replace("+", "p"), to_jsgf(templates))
        decoder.activate_search(name.replace(" ", "_").replace("+", "p"))
        parser = IntentParser(templates)
        for kind, clips in audio.items():
            heard: list[str] = []

            def decode_all() -> None:
                heard.clear()
                for clip in clips:
                    decoder.start_utt()
                    decoder.process_raw(np.asarray(clip, dtype=np.int16).tobytes(), full_utt=True)
                    decoder.end_utt()
                    hyp = decoder.hyp()
                    heard.append(hyp.hypstr if hyp is not None else "")

            rtf = median_time(decode_all, runs) / seconds[kind]
            exact = sum(h == t for h, t in zip(heard, utterances[kind]))
            intents = sum(parser.parse(h) is not None and parser.parse(h) == parser.parse(t)
                          for h, t in zip(heard, utterances[kind]))
            print(f"{name:<18}{kind:>12}{seconds[kind]:>9.1f}{rtf:>8.3f}{exact:>5}/{len(clips):<2}{intents:>5}/{len(clips):<2}")
    print("RTF = decoding time / audio time (median of runs); exact = words back as spoken;"
          " intent = same intent and slots as the spoken text (under that grammar's own templates)")


MEASURE = """
import resource, sys, time
started = time.perf_counter()
from voice_coach.cli.main import main
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]  # ru_maxrss would carry the parent's over exec
print(f"{time.perf_counter() - started} {usage.ru_utime + usage.ru_stime} {peak}", file=sys.stderr)
sys.exit(code)
"""
"""The command line in a fresh process, reporting its wall time (s), CPU time (s) and peak RSS (KiB) on stderr."""


def bench_recognize_file(runs: int) -> None:
    """Print wall time, CPU time and peak RSS of ``voice-coach recognize`` on a 9 s file, fresh processes."""
    import json
    import os
    import subprocess

    from voice_coach.audio.files import write_wav
    from voice_coach.bench.corpus import pad, synthesize

    cases = {"orders only": (["--templates-only", str(ORDERS)], ORDER_SAID),
             "built-in": ([], "i've got a cramp in my right calf")}
    print(f"\n{'recognize a 9 s file':<22}{'wall':>8}{'CPU':>8}{'peak RSS':>10}  heard")
    with tempfile.TemporaryDirectory() as root:
        for name, (options, said) in cases.items():
            speech = synthesize(said, "en-us", 150)
            wav = Path(root) / f"{name.split()[0]}.wav"
            write_wav(wav, pad(speech, 1.0, 8.0 - speech.size / 16000))
            samples = []
            for _ in range(runs + 1):  # the first warms the page cache
                done = subprocess.run([sys.executable, "-c", MEASURE, "recognize", *options, str(wav), "--json"],
                                      capture_output=True, text=True, check=True,
                                      env=dict(os.environ, VOICE_COACH_CACHE=str(Path(root) / "cache")))
                samples.append(tuple(map(float, done.stderr.strip().splitlines()[-1].split())))
                heard = json.loads(done.stdout.splitlines()[0])
            wall, cpu, rss = (statistics.median(column) for column in zip(*samples[1:]))
            shown = f"{heard['intent']} {heard['slots']}" if heard["text"] == said else f"(not as said: {heard['text']!r})"
            print(f"{name:<22}{wall:>7.2f}s{cpu:>7.2f}s{rss / 1024:>8.0f}MB  {shown}")
    print(f"medians of {runs} fresh processes (python start, imports, templates, automaton, decoder, decoding);"
          " 9 s of audio, one sentence of the grammar said by espeak-ng")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--huge", type=Path, default=HUGE, help="the big template file (default: the tests' one)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing; the median is printed")
    parser.add_argument("--decode-runs", type=int, default=3, help="runs per decoding timing (slow: ~1 min each)")
    parser.add_argument("--no-decode", action="store_true", help="skip the PocketSphinx decoding benchmark")
    parser.add_argument("--child-start", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_start is not None:
        child_start(args.child_start)
        return 0
    loaded = bench_start(sets(args.huge), args.runs)
    bench_recognize_file(args.runs)
    bench_process_start(args.huge, args.runs)
    if not args.no_decode:
        bench_decode(loaded, args.decode_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
