#!/usr/bin/env python3
"""Choose the whisper engine's rejection: a logistic model of its features, fitted on the bench's tune half.

Two steps, so the slow one is done once:

    python scripts/fit_whisper_rejection.py collect --split tune --out tune.pkl [--quick]
    python scripts/fit_whisper_rejection.py collect --split check --out check.pkl [--quick]
    python scripts/fit_whisper_rejection.py fit tune.pkl --check check.pkl

``collect`` makes the benchmark's streams (voice_coach/bench/recognition:
piper and espeak-ng voices, fan, pink and babble noise, the articles, everyday
talk, the phrasebook's non-commands, pocketsphinx-testdata's people, noise
alone and the Speech Commands clips), cuts them with the coach's endpointer
and decodes every utterance with the whisper engine, keeping its features
(:class:`voice_coach.hearing.whisper.rejection.Features`) and whether the
command it chose is the one said. ``fit`` fits the weights on one file
(L2-regularized logistic regression, negatives weighted ``--negative-weight``
times, since a false activation at 3 a.m. costs more than a repeat), prints
them as the Calibration to paste into ``voice_coach/hearing/whisper/engine.py``,
and the trade-off at several thresholds on the file it was fitted on and on
the check file.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from voice_coach.bench.corpus import SHARED, article_sentences
from voice_coach.bench.phrasebook import load_phrasebook
from voice_coach.bench.recognition.run import endpoint
from voice_coach.bench.recognition.sources import HALVES
from voice_coach.bench.recognition.streams import QUICK, CorpusSettings, StreamInfo, iter_streams
from voice_coach.hearing.pipeline import HearingSettings
from voice_coach.hearing.select import make_recognizer
from voice_coach.hearing.whisper.rejection import FEATURE_NAMES
from voice_coach.intents.expand import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_templates

log = logging.getLogger("fit_whisper_rejection")


@dataclass(frozen=True)
class Row:
    """One utterance the engine held a command in."""

    info: StreamInfo
    """The stream it came from (what was said, voice, condition)."""
    text: str
    """The command the engine chose."""
    right: bool
    """True when that command is the one said (intent and slots)."""
    features: tuple[float, ...]
    """The rejection features, in FEATURE_NAMES order."""
    best: tuple[str, float]
    """The whole grammar's best sentence and its mean log-probability per token (before warning signs win)."""
    warning: tuple[str, float] | None
    """The warning signs' own best sentence and its mean log-probability (None: none held)."""


def collect(args) -> int:
    templates = load_templates()
    parser = IntentParser(templates)
    engine = make_recognizer("whisper", args.model, templates)
    engine.warm()
    settings = QUICK if args.quick else CorpusSettings()
    streams = iter_streams(settings, (args.split,), list(expand(templates)), load_phrasebook(),
                           article_sentences(SHARED / "seeds"))
    rows, start, n = [], time.monotonic(), 0
    for n, stream in enumerate(streams, 1):
        expect = stream.info.expect
        for utterance in endpoint(stream.audio, parser, HearingSettings()):
            decoding = engine.analyze(utterance.samples)
            if decoding.features is None:
                continue
            match = parser.parse(decoding.text)
            right = expect is not None and match is not None and (match.intent, dict(match.slots)) == (
                expect[0], dict(expect[1]))
            best = max(decoding.held, key=lambda p: p.score(engine.settings.search.length_exponent))
            sign = decoding.best_warning
            rows.append(Row(stream.info, decoding.text, right, tuple(decoding.features.vector()),
                            (best.sentence, best.mean), (sign.sentence, sign.mean) if sign else None))
        if n % 200 == 0:
            log.info("%d streams, %d utterances held, %.0f s", n, len(rows), time.monotonic() - start)
    with open(args.out, "wb") as f:
        pickle.dump(rows, f)
    print(f"{n} streams, {len(rows)} utterances held a command, {sum(r.right for r in rows)} of them right; "
          f"{time.monotonic() - start:.0f} s; written to {args.out}")
    return 0


def fit(args) -> int:
    rows = _load(args.data)
    x, y = _arrays(rows)
    weight = np.where(y == 1, 1.0, args.negative_weight)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9  # fit on standardized features, report raw weights
    w = _logistic((x - mean) / scale, y, weight, args.l2)
    raw = w[:-1] / scale
    bias = w[-1] - float(np.dot(raw, mean))
    print("Calibration(")
    print("    weights=(" + ", ".join(f"{v:.3f}" for v in raw) + "),")
    print(f"    bias={bias:.3f},")
    print(")  # " + ", ".join(FEATURE_NAMES))
    for name, data in [(args.data, rows)] + ([(args.check, _load(args.check))] if args.check else []):
        _report(name, data, raw, bias)
    return 0


def _load(path: str) -> list[Row]:
    with open(path, "rb") as f:
        return pickle.load(f)


def _arrays(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([r.features for r in rows], dtype=np.float64), np.array([r.right for r in rows], dtype=np.float64)


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    """Weights (last: bias) of a weighted, L2-regularized logistic regression, by Newton's method."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -50, 50)))
        gradient = xb.T @ (weight * (y - p)) - penalty * w
        hessian = (xb * (weight * p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def _report(name: str, rows: list[Row], weights: np.ndarray, bias: float) -> None:
    x, y = _arrays(rows)
    confidence = 1.0 / (1.0 + np.exp(-np.clip(x @ weights + bias, -50, 50)))
    commands = [r.info.expect is not None for r in rows]
    print(f"\n{name}: {len(rows)} utterances held a command; {int(y.sum())} right, "
          f"{sum(1 for r, c in zip(rows, commands) if not c)} in audio with no command")
    print(f"{'threshold':>10}{'right kept':>12}{'wrong kept':>12}{'false activations (by source)':>34}")
    for threshold in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
        kept = confidence >= threshold
        right = int((kept & (y == 1)).sum())
        wrong = int(sum(1 for r, k, c in zip(rows, kept, commands) if k and c and not r.right))
        false = Counter(r.info.source + ("/" + r.info.label if r.info.source == "people" else "")
                        for r, k, c in zip(rows, kept, commands) if k and not c)
        print(f"{threshold:>10.2f}{right:>7}/{int(y.sum()):<4}{wrong:>12}   {sum(false.values()):>3} "
              + ", ".join(f"{k} {v}" for k, v in false.most_common(8)))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="step", required=True)
    c = sub.add_parser("collect", help="decode the bench's streams and keep the features")
    c.add_argument("--split", choices=HALVES, default="tune")
    c.add_argument("--out", required=True)
    c.add_argument("--quick", action="store_true", help="the bench's quick corpus")
    c.add_argument("--model", help="a Whisper model name or folder (default: the bundled tiny.en)")
    f = sub.add_parser("fit", help="fit the weights on a collected file")
    f.add_argument("data")
    f.add_argument("--check", help="a collected file of the other half, to check the choice on")
    f.add_argument("--negative-weight", type=float, default=3.0)
    f.add_argument("--l2", type=float, default=1.0)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return collect(args) if args.step == "collect" else fit(args)


if __name__ == "__main__":
    sys.exit(main())
