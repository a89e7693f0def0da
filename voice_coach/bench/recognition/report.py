"""The recognition benchmark's tables, as text: one function a table, each returning lines."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence

import numpy as np

from voice_coach.bench.recognition import score
from voice_coach.bench.recognition.run import DecodeTimes, Outcome
from voice_coach.bench.recognition.score import Tally
from voice_coach.bench.recognition.sources import SC_EXPECT, SC_NONE
from voice_coach.bench.recognition.streams import CONDITIONS, SNRS
from voice_coach.bench.rooms import ROOM_NOISES

FAMILIES: tuple[str, ...] = ("piper", "espeak")
"""Voice families of spoken commands, in column order."""

SOURCES_NO_COMMAND: tuple[tuple[str, str | None], ...] = (
    ("article", "piper"), ("article", "espeak"), ("everyday", "piper"), ("everyday", "espeak"),
    ("none", "piper"), ("none", "espeak"), ("testdata", None),
)
"""Speech with no command, by (source, voice family), in row order."""


def _cell(t: Tally) -> str:
    return f"{t.percent:5.1f}% {t.right:>4}/{t.total:<5}" if t.total else "-".center(17)


def _pct(value: float | None) -> str:
    return f"{value:5.1f}%" if value is not None else "   -  "


def _table(title: str, heads: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]], width: int = 16) -> list[str]:
    label = max([len(title)] + [len(r[0]) for r in rows]) + 2
    out = ["", title.ljust(label) + "".join(h.rjust(width) for h in heads)]
    out += [name.ljust(label) + "".join(c.rjust(width) for c in cells) for name, cells in rows]
    return out


def accuracy(outcomes: Sequence[Outcome], engines: Sequence[str]) -> list[str]:
    """Intent accuracy of the commands by condition, per engine and voice family."""
    commands = [o for o in outcomes if o.info.source == "command"]
    heads = [f"{e} {f}" for e in engines for f in FAMILIES + ("all",)]

    def of(family, keep):
        return lambda o: (family == "all" or o.info.family == family) and keep(o)

    rows = []
    for cond in CONDITIONS:
        rows.append((cond, [_cell(score.tally(commands, e, of(f, lambda o, c=cond: o.info.condition == c)))
                            for e in engines for f in FAMILIES + ("all",)]))
    for snr in SNRS:
        rows.append((f"{snr} dB (all noises)", [
            _cell(score.tally(commands, e, of(f, lambda o, s=snr: score.snr_of(o.info.condition) == f"{s} dB")))
            for e in engines for f in FAMILIES + ("all",)]))
    for kind in ROOM_NOISES:
        rows.append((f"{kind} (20/10/6 dB)", [
            _cell(score.tally(commands, e, of(f, lambda o, k=kind: o.info.condition.endswith(" " + k))))
            for e in engines for f in FAMILIES + ("all",)]))
    rows.append(("mean clean/20/10/6", [f"{_pct(score.mean_accuracy(commands, e, of(f, lambda o: True)))}       "
                                        for e in engines for f in FAMILIES + ("all",)]))
    return _table("intent accuracy (commands)", heads, rows, width=21)


def accuracy_by(outcomes: Sequence[Outcome], engines: Sequence[str], key: str) -> list[str]:
    """Command accuracy over every condition, by voice ("voice"), by intent ("intent") or by origin ("origin")."""
    commands = [o for o in outcomes if o.info.source == "command"]
    pick = {"voice": lambda o: f"{o.info.family} {o.info.voice}", "intent": lambda o: o.info.expect[0],
            "origin": lambda o: o.info.origin}[key]
    rows = [(name, [_cell(score.tally(commands, e, lambda o, n=name: pick(o) == n)) for e in engines])
            for name in sorted({pick(o) for o in commands})]
    return _table(f"accuracy by {key} (all conditions)", list(engines), rows, width=18)


def false_activations(outcomes: Sequence[Outcome], engines: Sequence[str]) -> list[str]:
    """Intents heard in audio with no command, by source."""
    rows = []
    for source, family in SOURCES_NO_COMMAND:
        chosen = [o for o in outcomes if o.info.source == source and (family is None or o.info.family == family)]
        if chosen:
            name = f"{source} ({family})" if family else "people reading (pocketsphinx-testdata)"
            rows.append((f"{name}, {len(chosen)} streams",
                         [str(score.false_activations(chosen, e)) for e in engines]))
    for kind in ROOM_NOISES:
        chosen = [o for o in outcomes if o.info.source == "noise" and o.info.label == kind]
        if chosen:
            rows.append((f"noise {kind}, {sum(o.seconds for o in chosen) / 60:.1f} min",
                         [str(score.false_activations(chosen, e)) for e in engines]))
    for word in SC_NONE:
        chosen = [o for o in outcomes if o.info.source == "people" and o.info.label == word]
        if chosen:
            rows.append((f"people's '{word}', {len(chosen)} clips",
                         [str(score.false_activations(chosen, e)) for e in engines]))
    no_command = [o for o in outcomes if o.info.expect is None]
    rows.append(("total", [str(score.false_activations(no_command, e)) for e in engines]))
    return _table("false activations (intents heard)", list(engines), rows, width=14)


def warnings(outcomes: Sequence[Outcome], engines: Sequence[str]) -> list[str]:
    """Warning signs (every red_flag line, in every condition) heard as meant, and heard dangerously wrong."""
    flags = [o for o in outcomes if o.info.expect is not None and o.info.expect[0] == "red_flag"]
    rows = []
    for family in FAMILIES:
        chosen = [o for o in flags if o.info.family == family]
        rows.append((f"{family}: {len(chosen)} streams, heard as red_flag",
                     [_cell(score.tally(chosen, e)) for e in engines]))
        rows.append((f"{family}: heard as {'/'.join(sorted(score.DANGEROUS))}",
                     [str(sum(score.dangerous(o, e) for o in chosen)) for e in engines]))
    return _table("warning signs", list(engines), rows, width=18)


def people(outcomes: Sequence[Outcome], engines: Sequence[str]) -> list[str]:
    """Speech Commands: command words heard as meant, other words giving no intent."""
    clips = [o for o in outcomes if o.info.source == "people"]
    rows = []
    for word in list(SC_EXPECT) + list(SC_NONE):
        chosen = [o for o in clips if o.info.label == word]
        what = "heard as meant" if word in SC_EXPECT else "no intent"
        rows.append((f"{word}: {what}", [_cell(score.tally(chosen, e)) for e in engines]))
    commands = [o for o in clips if o.info.expect is not None]
    others = [o for o in clips if o.info.expect is None]
    rows.append(("command words, all", [_cell(score.tally(commands, e)) for e in engines]))
    rows.append(("other words, all", [_cell(score.tally(others, e)) for e in engines]))
    return _table("real people (Speech Commands)", list(engines), rows, width=18)


def speeds(times: dict[str, DecodeTimes], audio_s: float) -> list[str]:
    """Decode time per utterance and real-time factor, per engine; and for utterances of 1.5-2.5 s alone
    (a command said in about 2 s, the length the response bar is judged on)."""
    rows = []
    for engine, t in times.items():
        s = score.speed(t)
        mid = [w for w, a in zip(t.wall_s, t.audio_s) if 1.5 <= a <= 2.5]
        rows.append((engine, [str(s.decodes), f"{s.median_ms:.0f}", f"{s.p95_ms:.0f}", f"{s.real_time_factor:.3f}",
                              f"{sum(t.wall_s) / max(audio_s, 1e-9):.3f}",
                              f"{1000 * statistics.median(mid):.0f}" if mid else "-",
                              f"{1000 * float(np.percentile(mid, 95)):.0f}" if mid else "-"]))
    return _table("decode speed (wall)", ["decodes", "median ms", "p95 ms", "RTF utt.", "RTF streams", "2 s: median",
                                          "2 s: p95"], rows, width=13)


def bars(outcomes: Sequence[Outcome], engines: Sequence[str]) -> list[str]:
    """The product's bars, judged on the neural voices (espeak-ng's beside them), per engine."""
    commands = [o for o in outcomes if o.info.source == "command"]
    no_command = [o for o in outcomes if o.info.expect is None and o.info.source != "people"]
    flags = [o for o in outcomes if o.info.expect is not None and o.info.expect[0] == "red_flag"]
    clips = [o for o in outcomes if o.info.source == "people"]
    rows = []
    for e in engines:
        def fam(f):
            return lambda o: o.info.family == f
        mean = {f: score.mean_accuracy(commands, e, fam(f)) for f in FAMILIES}
        six = {f: score.tally(commands, e, lambda o, f=f: o.info.family == f
                              and score.snr_of(o.info.condition) == "6 dB").percent for f in FAMILIES}
        fa = score.false_activations(no_command, e)
        danger = sum(score.dangerous(o, e) for o in flags)
        meant = score.tally([o for o in clips if o.info.expect is not None], e).percent
        wrong = score.false_activations([o for o in clips if o.info.expect is None], e)
        rows += [
            (f"{e}: mean >= 97% (piper; espeak)", [_verdict(mean["piper"], 97), _pct(mean["espeak"])]),
            (f"{e}: 6 dB >= 93% (piper; espeak)", [_verdict(six["piper"], 93), _pct(six["espeak"])]),
            (f"{e}: no false activation", ["PASS" if fa == 0 else f"FAIL {fa}", ""]),
            (f"{e}: no warning heard dangerously", ["PASS" if danger == 0 else f"FAIL {danger}", ""]),
            (f"{e}: people's commands >= 95%", [_verdict(meant, 95), ""]),
            (f"{e}: people's other words no intent", ["PASS" if wrong == 0 else f"FAIL {wrong}", ""]),
        ]
    return _table("product bars", ["verdict", "espeak"], rows, width=14)


def misses(outcomes: Sequence[Outcome], engine: str, limit: int = 12) -> list[str]:
    """What ``engine`` got wrong, said -> heard: clean commands, warning signs heard dangerously, false activations."""
    kinds = (
        ("clean commands heard wrong",
         lambda o: o.info.source == "command" and o.info.condition == "clean" and not score.heard_right(o, engine)),
        ("warning signs heard dangerously", lambda o: score.dangerous(o, engine)),
        ("false activations (people's words left out)",
         lambda o: o.info.expect is None and o.info.source != "people" and bool(o.intents(engine))),
    )
    lines = []
    for title, keep in kinds:
        wrong = Counter()
        for o in outcomes:
            if keep(o):
                heard = " | ".join(h.text or "-" for h in o.heard[engine]) or "(no speech found)"
                wrong[(o.info.label, f"{o.info.family} {o.info.voice}, {o.info.condition}", heard)] += 1
        lines += ["", f"{engine}: {title} ({sum(wrong.values())}), said -> heard"]
        lines += [f"  {said[:70]!r} ({voice}) -> {heard!r}" for (said, voice, heard), _ in wrong.most_common(limit)]
    return lines


def _verdict(value: float | None, bar: float) -> str:
    if value is None:
        return "-"
    return f"{'PASS' if value >= bar else 'FAIL'} {value:.1f}%"
