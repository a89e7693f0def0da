#!/usr/bin/env python3
"""Recognition benchmark: engines side by side on the same endpointed streams, against the product's bars.

Every stream goes through the coach's endpointer once; each engine named in
``--engines`` (built by ``voice_coach.hearing.select.make_recognizer``; one
that raises ModelError is skipped with a note) then hears the very same
utterances through ``Hearing.hear``, confidence limit and second look
included, so the engines differ in the recognizer alone.

What is heard (voice_coach/bench/recognition/streams.py):

- commands: template sentences per intent (and lines of
  voice_coach/bench/phrasebook.yaml when it exists), said by piper voices
  (neural; joe and pitch-shifted variants of it, three speeds and noise
  scales) and by espeak-ng voices (three rates), clean and in a fan, pink
  noise and babble at 20, 10 and 6 dB SNR over the active speech;
- warning signs: more red_flag sentences, in the same conditions: none may be
  heard as cramp, stretch, start_routine, resume or next;
- no command: the two source articles and everyday talk read by piper and
  espeak-ng voices, the phrasebook's non-commands, the recordings of people
  in Debian's pocketsphinx-testdata, and noise alone (fan, pink, babble at
  three levels): every intent heard there is a false activation;
- real people: the 680 Speech Commands clips in ../shared/testdata/
  (speech_commands and speech_commands_extra): stop/yes/no/left/right must be
  heard as meant (60 people each), go/up/down/on/off (60 each) and other/
  (80) must give no intent.

Halves (``--split``): thresholds are chosen on ``tune`` and checked on
``check``; they share no sentence, no espeak-ng voice, no person and no
noise (the one piper speaker, joe as trained, speaks in both, its shifted
variants do not: joe-low tunes, joe-high checks). Sentences go to a half by a
hash of their words, espeak-ng voices and the articles' sentences every other
one, Speech Commands clips by a hash of the speaker. ``all`` (the default) is
both halves: the numbers to hold against the bars.

    python scripts/bench_recognition.py --quick        # 1,616 streams, 54 min of audio: pocketsphinx 513 s CPU
    python scripts/bench_recognition.py --split tune   # full, one half: ~4,600 streams, ~35 min (estimated)
    python scripts/bench_recognition.py                # full, both halves: ~9,100 streams, ~65 min (estimated)
    python scripts/bench_recognition.py --engines pocketsphinx,whisper --quick
    python scripts/bench_recognition.py --split tune --dump tune.pkl   # every outcome, for choosing limits

Times are for one engine on one core of the 2-core test machine; each more
engine adds its own decoding time (whisper: several times pocketsphinx's).

The corpus is seeded (``--seed``): the same arguments give the same streams.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from collections import Counter

from voice_coach.bench.corpus import SHARED, article_sentences
from voice_coach.bench.phrasebook import load_phrasebook
from voice_coach.bench.recognition import report
from voice_coach.bench.recognition.run import Bench, load_engines
from voice_coach.bench.recognition.sources import HALVES
from voice_coach.bench.recognition.streams import QUICK, CorpusSettings, iter_streams
from voice_coach.hearing.pipeline import HearingSettings
from voice_coach.intents.expand import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_templates

log = logging.getLogger("bench_recognition")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engines", default="whisper,pocketsphinx",
                   help="comma-separated engines (whisper,pocketsphinx,vosk)")
    p.add_argument("--model", help="model path for the engines that take one (vosk, whisper)")
    p.add_argument("--quick", action="store_true", help="a corpus of a few minutes' run for one engine")
    p.add_argument("--split", choices=HALVES + ("all",), default="all", help="which half of the corpus (see above)")
    p.add_argument("--seed", type=int, default=1, help="seed of every random choice")
    p.add_argument("--misses", type=int, default=12, help="clean commands heard wrong to list per engine")
    p.add_argument("--dump", metavar="FILE", help="pickle every stream's outcome (for choosing thresholds)")
    p.add_argument("--join-gap", type=float, default=HearingSettings().join_gap_s, metavar="S",
                   help="join speech this close to the utterance before (seconds; 0: never; see HearingSettings)")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")

    settings = QUICK if args.quick else CorpusSettings()
    settings = CorpusSettings(**{**settings.__dict__, "seed": args.seed})
    templates = load_templates()
    engines, notes = load_engines([e.strip() for e in args.engines.split(",") if e.strip()], templates, args.model)
    for note in notes:
        print(f"note: {note}")
    if not engines:
        print("no engine could be made", file=sys.stderr)
        return 2
    book = load_phrasebook()
    print(f"phrasebook: {book.source or 'none (templates alone)'}; {len(book.commands)} commands, "
          f"{len(book.none)} non-commands")
    halves = HALVES if args.split == "all" else (args.split,)
    streams = iter_streams(settings, halves, list(expand(templates)), book, article_sentences(SHARED / "seeds"))
    bench = Bench(engines, IntentParser(templates), HearingSettings(join_gap_s=args.join_gap))
    start, cpu = time.monotonic(), time.process_time()
    outcomes = bench.run_all(streams)
    wall, cpu = time.monotonic() - start, time.process_time() - cpu
    audio_s = sum(o.seconds for o in outcomes)
    kinds = Counter(o.info.source for o in outcomes)
    print(f"{len(outcomes)} streams ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), "
          f"{audio_s / 60:.1f} min of audio, {sum(o.utterances for o in outcomes)} utterances; "
          f"synthesized and heard in {wall:.0f} s wall ({cpu:.0f} s CPU); split {args.split}, seed {args.seed}"
          f"{', quick' if args.quick else ''}")
    names = list(engines)
    lines = (report.accuracy(outcomes, names) + report.accuracy_by(outcomes, names, "voice")
             + report.accuracy_by(outcomes, names, "intent") + report.accuracy_by(outcomes, names, "origin")
             + report.false_activations(outcomes, names) + report.warnings(outcomes, names)
             + report.people(outcomes, names) + report.speeds(bench.times, audio_s) + report.bars(outcomes, names))
    for engine in names:
        lines += report.misses(outcomes, engine, args.misses)
    print("\n".join(lines))
    if args.dump:
        with open(args.dump, "wb") as f:
            pickle.dump(outcomes, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
