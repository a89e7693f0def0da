"""The sources' numbers: read back from the planned timeline, and every number the coach says held to its source.

Part 1 (the timeline tests): if a data file drifts from the articles (a 20 s
hold, four reps, one side forgotten), the plan the person hears is wrong.

Part 2 (the table, ``source_numbers.yaml`` beside this file): every number the
coach says, and every dose its routines plan, has a row naming where it is said
and the source sentence it comes from. The tests check that each sentence really
is in its seed file (whitespace-normalized) and holds the number, and scan all
spoken text for numbers the table lacks, so an invented number turns them red.

What counts as a number said (``numbers_in``):

* digits: ``30``, ``2.5``; ``10-15`` and ``200-400`` are two numbers each;
* number words: zero to nineteen, the tens (twenty ... ninety), compounds
  ("twenty-five"), "hundred"/"thousand", "dozen", "couple"; "X and a half" is
  X + 0.5 and a bare "half" is 0.5; "twice" is 2, "thrice" 3, and "once" is 1
  when a frequency follows ("once a day", "once daily"), not the conjunction
  ("once the pain has gone"); "a"/"an" before minute, hour, litre or gram is 1
  ("for a minute"). "one" is always a number, so the text avoids it as a
  pronoun ("put a pillow between your knees");
* not numbers: ordinals (first, second), vague amounts (a few, several, some,
  a little), and per-unit phrases ("a day", "every hour");
* placeholders (``{calf}``, ``{days}``, ``{hold}``) are filled by code with
  sides, diary counts and time left, not taught facts, and are left out; but a
  repetition whose words use ``{rep}``/``{reps}`` (the default "{rep} of
  {reps}." announce, "And flex, {rep}.") says its ``times``, which is then a
  number said;
* a hold's countdown ("twenty-nine" ... "one") and a breath's beats ("two,
  three, four") are pacing generated from the data, not words in it; the data
  numbers behind them are checked instead:

What counts as a planned dose (``doses``): a hold's ``seconds`` and
``max_seconds``, a rest's seconds, a repeat's ``times`` and a breaths'
``count`` in the routine files, and a follow-up's ``rest`` in answers.yaml. Each one is either in the
table for its routine (or answers section), or is pacing the sources give no
number for (the foot hold, the massage rest), and then carries a ``# pacing``
comment on its own line. Other timing (a line's tempo ``seconds``, an ask's
``wait_seconds``, breath lengths) only paces the coach and is not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from tests import paths
from voice_coach.dialog.lines import ANSWERS_PATH
from voice_coach.routines.loader import DATA_DIR, load_routines
from voice_coach.routines.model import Ask, Breaths, Hold, Repeat, Rest, Routine, SayStep, Sides, Step
from voice_coach.timing.planner import PlanSettings, plan
from voice_coach.timing.timeline import CueKind, Timeline

ROUTINES = load_routines()


def speech(text: str) -> float:
    """A deterministic stand-in for the speech layer's measured length: 0.35 s a word."""
    return len(text.split()) * 0.35


def timeline(rid: str, **settings) -> Timeline:
    return plan(ROUTINES[rid], speech, PlanSettings(**settings))


def hold_lengths(tl: Timeline, side: str | None = "any") -> list[float]:
    return [round(end.offset - start.offset, 3) for start, end in tl.holds() if side == "any" or start.side == side]


def exhales(tl: Timeline) -> Counter:
    """Exhale cues per (repetition of the enclosing repeat, side)."""
    return Counter((c.rep, c.side) for c in tl.cues if c.kind is CueKind.EXHALE)


@pytest.mark.parametrize("rid, source", [
    ("night_cramp", "001"), ("calf_release", "000"), ("quad_release", "000"), ("hamstring_release", "000"),
    ("foot_release", "000"), ("yoga_hamstrings", "000"), ("yoga_calves", "000"), ("yoga_quads", "000"), ("bedtime", "001"),
])
def test_each_routine_cites_its_source(rid, source):
    assert ROUTINES[rid].source == source


@pytest.mark.parametrize("rid", ["calf_release", "quad_release", "hamstring_release"])
@pytest.mark.parametrize("side", [None, "left", "right"])
def test_on_the_spot_releases_hold_30_seconds_five_times(rid, side):
    tl = timeline(rid, side=side)
    assert hold_lengths(tl) == [30.0] * 5
    assert [c.rep for c in tl.cues if c.kind is CueKind.REP] == [1, 2, 3, 4, 5]
    assert ROUTINES[rid].one_sided
    assert {c.side for c in tl.cues} == {side}


def test_night_cramp_holds_30_to_60_then_asks_then_massage_heat_walk_elevate():
    tl = timeline("night_cramp")
    first_start, first_end = tl.holds()[0]
    assert 30 <= first_end.offset - first_start.offset <= 60
    first_hold = next(s for _, s in ROUTINES["night_cramp"].walk() if isinstance(s, Hold))
    assert (first_hold.seconds, first_hold.max_seconds) == (30, 60)
    after = [c for c in tl.cues if c.offset > first_end.offset and c.kind is not CueKind.COUNT]
    assert after[0].kind is CueKind.ASK and "easing" in after[0].text.lower()
    said = " ".join(c.text.lower() for c in tl.cues)
    for words in ("straighten", "toes", "shin", "knead", "thumbs", "knot",
                  "warm towel", "heating pad", "hot water bottle", "heels", "swollen"):
        assert words in said, words
    walk_start, walk_end = tl.holds()[1]
    assert "heels" in walk_start.text and walk_end.offset - walk_start.offset == pytest.approx(60, abs=1e-3)


def test_foot_release_pulls_toes_back_then_walks():
    tl = timeline("foot_release", side="left")
    assert len(tl.holds()) == 1
    said = [c.text.lower() for c in tl.cues if c.text]
    assert any("shin" in s for s in said) and "walk" in said[-1]


@pytest.mark.parametrize("first", [None, "left", "right"])
def test_bedtime_three_30s_wall_stretches_per_leg_and_10_to_15_point_and_flex(first):
    tl = timeline("bedtime", side=first)
    assert hold_lengths(tl, "right") == [30.0] * 3
    assert hold_lengths(tl, "left") == [30.0] * 3
    points = [c for c in tl.cues if c.kind is CueKind.SAY and c.text.startswith("Point")]
    assert 10 <= len(points) <= 15
    assert "ankle" in " ".join(c.text for c in tl.cues)


def test_yoga_hamstrings_five_exhales_a_side():
    assert exhales(timeline("yoga_hamstrings")) == {(None, "left"): 5, (None, "right"): 5}


def test_yoga_calves_five_breaths_a_leg_both_legs_three_rounds():
    counts = exhales(timeline("yoga_calves"))
    assert counts == {(rnd, side): 5 for rnd in (1, 2, 3) for side in ("left", "right")}


def test_yoga_quads_ten_breaths_a_side():
    assert exhales(timeline("yoga_quads", side="right")) == {(None, "left"): 10, (None, "right"): 10}


@pytest.mark.parametrize("rid", ["yoga_hamstrings", "yoga_calves", "yoga_quads", "bedtime"])
def test_two_sided_routines_do_both_sides(rid):
    assert not ROUTINES[rid].one_sided
    sides = [c.side for c in timeline(rid).cues if c.kind is CueKind.SIDE]
    assert set(sides) == {"left", "right"}


# ---------------------------------------------------------------- part 2: every number said, against its source

TABLE_PATH = Path(__file__).with_name("source_numbers.yaml")
TABLE: list[dict] = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORDS = {w: n for n, w in enumerate(_ONES)} | {w: 20 + 10 * n for n, w in enumerate(_TENS)} | {"dozen": 12, "couple": 2}
ONE_OF = {"minute", "minutes", "hour", "litre", "liter", "gram"}  # "a minute" = 1
FREQUENCY = {"a", "an", "daily", "per", "every", "each", "weekly"}  # "once a day"; not "once the pain ...", "once more"
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _cardinal(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The number in words starting at ``tokens[i]`` and the index after it; None when there is none."""
    if i >= len(tokens) or tokens[i] not in WORDS:
        return None
    value, i = WORDS[tokens[i]], i + 1
    if tokens[i - 1] in _TENS and tokens[i:i + 1] and tokens[i] in _ONES[1:10]:  # "twenty-five"
        value, i = value + WORDS[tokens[i]], i + 1
    for scale, factor in (("hundred", 100), ("thousand", 1000)):
        if tokens[i:i + 1] == [scale]:
            value, i = value * factor, i + 1
            rest = _cardinal(tokens, i + 1) if tokens[i:i + 1] == ["and"] else None
            if rest is not None:  # "one hundred and five"
                value, i = value + rest[0], rest[1]
    return value, i


def numbers_in(text: str) -> list[float]:
    """Every number said in ``text``, by the rules of this module's docstring, in order."""
    tokens = _TOKEN.findall(_PLACEHOLDER.sub(" ", text.lower()))
    out: list[float] = []
    i = 0
    while i < len(tokens):
        t, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        words = _cardinal(tokens, i)
        if t[0].isdigit():
            value, i = float(t), i + 1
        elif words is not None:
            value, i = words
        elif t in ("twice", "thrice") or (t == "once" and nxt in FREQUENCY):
            value, i = {"once": 1, "twice": 2, "thrice": 3}[t], i + 1
        elif t in ("a", "an") and nxt in ONE_OF:  # "for a minute"
            value, i = 1, i + 2
        elif t == "half":
            value, i = 0.5, i + 1
        else:
            i += 1
            continue
        if tokens[i:i + 3] == ["and", "a", "half"]:
            value, i = value + 0.5, i + 3
        out.append(float(value))
    return out


@pytest.mark.parametrize("text, numbers", [
    ("Hold for 30-60 seconds until the cramp releases", [30, 60]),
    ("two and a half to three litres", [2.5, 3]),
    ("twenty-five, then one hundred and five", [25, 105]),
    ("walk on your heels for a minute, twice a day", [1, 2]),
    ("Once the pain has gone, stretch once a day for half an hour", [1, 0.5, 1]),
    ("Your diary has {cramps} in the last {days} days; a few remedies, the first side", []),
    ("200-400 mg, 2.5 litres, one gram", [200, 400, 2.5, 1]),
    ("three thousand, one hundred and twenty-one, a dozen", [3000, 121, 12]),
])
def test_numbers_in_reads_digits_and_words(text, numbers):
    assert numbers_in(text) == numbers


def _normal(text: str) -> str:
    return " ".join(text.split())


def seed_text(seed: str) -> str:
    (path,) = sorted(paths.SEEDS.glob(f"{seed}_*.txt"))
    return _normal(path.read_text(encoding="utf-8"))


def _row_id(row: dict) -> str:
    return f"{row['where']}={row['number']:g}"


@pytest.mark.parametrize("row", TABLE, ids=_row_id)
def test_each_row_quotes_its_source_and_the_number_is_in_it(row):
    assert set(row) <= {"number", "where", "what", "seed", "sentence", "source_number"}, row
    sentence = _normal(row["sentence"])
    assert sentence in seed_text(row["seed"]), f"not in source {row['seed']}: {sentence!r}"
    in_source = row.get("source_number", row["number"])
    assert in_source in numbers_in(sentence), f"{in_source:g} is not in {sentence!r}"
    if in_source != row["number"]:  # only seconds for the source's minutes
        assert row["number"] == in_source * 60 and "minute" in sentence, row


def test_the_table_has_no_duplicate_rows():
    keys = Counter((r["where"], r["number"], _normal(r["sentence"])) for r in TABLE)
    assert [k for k, n in keys.items() if n > 1] == []


# ---- what the coach says

def _routine_texts(steps: tuple[Step, ...]) -> Iterator[str]:
    """The words of ``steps``, not entering inner repeats (they speak their own count)."""
    for step in steps:
        if isinstance(step, SayStep):
            yield step.text
        elif isinstance(step, Hold):
            yield from (step.start, step.end)
        elif isinstance(step, Breaths):
            yield from (step.inhale, step.exhale, step.inhale_short, step.exhale_short)
        elif isinstance(step, Sides):
            yield from (step.first_text, step.switch_text)
            yield from _routine_texts(step.steps)
        elif isinstance(step, Rest):
            yield step.text
        elif isinstance(step, Ask):
            yield step.question
        elif isinstance(step, Repeat):
            yield step.announce  # an inner repeat's count is said by that repeat, below


def _repeats(steps: tuple[Step, ...]) -> Iterator[Repeat]:
    for step in steps:
        if isinstance(step, Repeat):
            yield step
        if isinstance(step, (Repeat, Sides)):
            yield from _repeats(step.steps)


def routine_numbers(routine: Routine) -> Iterator[tuple[float, str]]:
    """(number, the words that say it) for every number a routine says."""
    for text in (routine.title, *_routine_texts(routine.steps)):
        for n in numbers_in(text):
            yield n, text
    for rep in _repeats(routine.steps):
        texts = [rep.announce, *_routine_texts(rep.steps)]
        counted = [t for t in texts if re.search(r"\{reps?\}", t)]
        if counted:
            yield float(rep.times), f"{counted[0]!r} counted to {rep.times}"


def _strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, path)  # a follow-up's beats share its name
    elif isinstance(node, str):
        yield path, node


def answers_numbers(path: Path = ANSWERS_PATH) -> Iterator[tuple[str, float, str]]:
    """(where, number, text) for every number in the answers file's text (every string in it is spoken)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, text in _strings(data, ""):
        where = "answers:" + key.removesuffix(".say")
        for n in numbers_in(text):
            yield where, n, _normal(text)


def said_numbers(folder: Path = DATA_DIR, answers: Path = ANSWERS_PATH) -> list[tuple[str, float, str]]:
    found = [(f"routine:{rid}", n, text) for rid, r in load_routines(folder).items() for n, text in routine_numbers(r)]
    return found + list(answers_numbers(answers))


# ---- what the routines plan

def _nodes(node: yaml.Node, parent: str = "") -> Iterator[tuple[str, str, yaml.ScalarNode]]:
    """(parent key, key, value node) for every scalar value of a mapping, anywhere in the tree."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode):
                yield parent, key.value, value
            else:
                yield from _nodes(value, key.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nodes(item, parent)


DOSE_FIELDS = {("hold", "seconds"), ("hold", "max_seconds"), ("rest", "seconds"), ("repeat", "times"),
               ("breaths", "count")}
"""(parent key, key) of the numbers a routine or a follow-up plans: see the module docstring."""
DOSE_STEPS = {"hold", "rest"}
"""Steps whose short form is their seconds: ``- hold: 30``, ``- rest: 60``."""


def doses(path: Path, where_of) -> Iterator[tuple[str, float, str]]:
    """(where, number, its line in the file) for every planned dose in a YAML file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for parent, key, value in _nodes(root):
        if (parent, key) in DOSE_FIELDS or (key in DOSE_STEPS and parent not in DOSE_STEPS):
            line = value.start_mark.line
            yield where_of(root, line), float(value.value), lines[line]


def _answers_where(root: yaml.Node, line: int) -> str:
    """answers:followups.<name> for a rest on ``line`` (rests live only in follow-ups)."""
    followups = next(v for k, v in root.value if k.value == "followups")
    for name, beats in followups.value:
        if beats.start_mark.line <= line <= beats.end_mark.line:
            return f"answers:followups.{name.value}"
    raise AssertionError(f"a rest outside the follow-ups, line {line + 1}")


def planned_doses(folder: Path = DATA_DIR, answers: Path = ANSWERS_PATH) -> list[tuple[str, float, str]]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        found += doses(path, lambda root, line, rid=path.stem: f"routine:{rid}")
    return found + list(doses(answers, _answers_where))


def _is_pacing(line: str) -> bool:
    return "#" in line and "pacing" in line.split("#", 1)[1].lower()


def unsourced(said: list, planned: list) -> list[str]:
    """Every number said, or planned without a ``# pacing`` mark, that the table has no row for."""
    table = {(r["where"], float(r["number"])) for r in TABLE}
    bad = [f"{where}: {n:g} in {text!r}" for where, n, text in said if (where, n) not in table]
    bad += [f"{where}: {n:g} on line {line.strip()!r} (in the table, or mark it '# pacing')"
            for where, n, line in planned if (where, n) not in table and not _is_pacing(line)]
    return bad


def test_every_number_the_coach_says_or_plans_is_in_the_table():
    assert unsourced(said_numbers(), planned_doses()) == []


def test_every_row_of_the_table_is_still_said_or_planned():
    used = {(where, n) for where, n, _ in said_numbers() + planned_doses()}
    assert [_row_id(r) for r in TABLE if (r["where"], float(r["number"])) not in used] == []


def test_the_scan_sees_the_whole_coach():
    """The scan reaches every routine and every section of answers.yaml, so nothing is left unread."""
    wheres = {where for where, _, _ in said_numbers() + planned_doses()}
    assert {f"routine:{rid}" for rid in ROUTINES} - {"routine:foot_release"} <= wheres
    assert {w.split(".")[0] for w in wheres if w.startswith("answers:")} >= {"answers:topics", "answers:lines",
                                                                            "answers:followups"}


@pytest.mark.parametrize("file, old, new, expected", [
    ("foot_release.yaml", "Gently pull them back toward your shin.", "Pull them back for thirty seconds.",
     "routine:foot_release: 30"),
    ("foot_release.yaml", "  - hold: 30  # pacing: source 000 gives the foot no hold time", "  - hold: 30",
     "routine:foot_release: 30 on line"),
    ("bedtime.yaml", "      times: 10  # source 001", "      times: 12  # source 001", "routine:bedtime: 12"),
    ("calf_release.yaml", "      times: 5", "      times: 4", "routine:calf_release: 4"),
    ("answers.yaml", "every hour", "every hour, 8 times a day", "answers:topics.movement: 8"),
    ("answers.yaml", "two and a half to three litres", "three litres", None),
    ("answers.yaml", "twice a day, above all", "three times a day, above all", "answers:topics.prevention: 3"),
    ("answers.yaml", "    - rest: 30  # pacing", "    - rest: 30  #", "answers:followups.massage: 30 on line"),
])
def test_an_invented_number_turns_the_scan_red(tmp_path, file, old, new, expected):
    """The scan on edited copies of the data: an invented number fails it (the table is not checked here)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA_DIR.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    target = answers if file == "answers.yaml" else folder / file
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target.write_text(text.replace(old, new), encoding="utf-8")
    bad = unsourced(said_numbers(folder, answers), planned_doses(folder, answers))
    if expected is None:  # a number dropped from a range is still a source number
        assert bad == []
    else:
        assert any(b.startswith(expected) for b in bad), bad
