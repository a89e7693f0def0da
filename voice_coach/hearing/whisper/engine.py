"""The ``whisper`` recognizer: Whisper's encoder (CTranslate2) and a decoder held to the command grammar.

For each utterance: log-mel features of the audio padded to ``min_seconds``
(:mod:`.features`), one encoder pass in CTranslate2 (int8), a free decode in
CTranslate2 (greedy: what the model writes unheld), then one search
(:mod:`.search`), with the decoder run here (:mod:`.decoder`), held to three
grammars at once: every command, the warning signs alone, and the commands
nearest to the free text (:mod:`.nearest`), with the free text itself when
only its skip words keep it from being a command; then a confidence from how the
held decode and the free one compare (:mod:`.rejection`). When that refuses the held
decode, the free text is read once more for a command said among words of the
speaker's own, or as one clause of what was said (:mod:`.among`), or as a
question that names a topic (:mod:`.question`), a question to the diary
(:mod:`.diary`), a warning sign stated in the speaker's own words
(:mod:`.sign`), a cramp so stated (:mod:`.cramp`), a routine asked for by
its moves (:mod:`.routine`) or a stretch asked for (:mod:`.stretch`). What
is heard of the user's body is refused when the free text says it is
someone else's (:mod:`.whose`).

Warning signs win: when the best command would start or continue a stretch
(a cramp, a stretch, a routine, resume, next) and a warning sign was found
almost as likely (within ``red_flag_margin``), the warning sign is what was
heard. A clot mistaken for a cramp starts a stretch on it; the other mistake
only sends a person to ask a doctor.

The model loads on first use (or :meth:`WhisperRecognizer.warm`), so a live
coach, whose decodes run in a forked child, holds it in the child only; the
model file is checked (size, checksum) when the recognizer is made, so a
wrong file stops the coach at once with one clear line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from voice_coach.errors import ModelError
from voice_coach.hearing.result import Hypothesis
from voice_coach.hearing.whisper.among import Among, AmongSettings, command_among, command_in_clause
from voice_coach.hearing.whisper.cramp import CrampSettings, says_a_cramp, stated_cramp
from voice_coach.hearing.whisper.decoder import SHORTLIST
from voice_coach.hearing.whisper.diary import DiarySettings, diary_question
from voice_coach.hearing.whisper.nearest import nearest_sentences
from voice_coach.hearing.whisper.question import QuestionSettings, Topics, question_about
from voice_coach.hearing.whisper.repeats import said_once
from voice_coach.hearing.whisper.respell import RespellSettings, respelt
from voice_coach.hearing.whisper.routine import RoutineSettings, asked_routine
from voice_coach.hearing.whisper.stretch import StretchSettings, asked_stretch
from voice_coach.hearing.whisper.sign import SignSettings, stated_sign
from voice_coach.hearing.whisper.rejection import Calibration, Features, measure
from voice_coach.hearing.whisper.search import Path as DecodePath, SearchSettings, search
from voice_coach.hearing.whisper.tokens import PUNCTUATION, TokenGrammar
from voice_coach.hearing.whisper.whose import OwnerSettings, someone_elses
from voice_coach.hearing.word_graph import word_graph
from voice_coach.intents.contract import STRETCHING
from voice_coach.intents.graph import WordGraph
from voice_coach.intents.normalize import words
from voice_coach.intents.result import IntentMatch
from voice_coach.intents.skip_words import SkipWords

log = logging.getLogger(__name__)

ENCODER_FRAMES_PER_SECOND = 50
"""Whisper's encoder output: one frame every 20 ms."""

DEFAULT_CALIBRATION = Calibration(
    weights=(1.926, 1.120, 1.237, -1.754, 0.201, -4.054, 0.225, -1.530, -1.048, -0.148, 0.030, 0.124, 0.217),
    bias=5.378,
)
"""Fitted by ``scripts/fit_whisper_rejection.py`` (see the README for the data and the check)."""


@dataclass(frozen=True)
class WhisperSettings:
    """How the whisper engine runs."""

    compute_type: str = "int8"
    """CTranslate2's computation type for the encoder ("int8": fastest on a CPU, as Home Assistant runs it)."""
    threads: int = 1
    """CTranslate2 threads for the encoder (1 leaves the other core to the live loop)."""
    min_seconds: float = 5.0
    """Audio shorter than this many seconds is padded with silence before encoding (shorter inputs made
    the free decode loop or return nothing on short words)."""
    shortlist: int = SHORTLIST
    """The most frequent tokens always scored by the decoder, beside the grammar's (see :mod:`.decoder`)."""
    silence_seen_s: float | None = 1.0
    """The decoder attends to the encoder's output over the audio and this many seconds of the padding after
    it (None: all of it). Cross-attention costs in proportion; see the README for what was measured."""
    search: SearchSettings = field(default_factory=SearchSettings)
    """Beam and length of the held decode over every command."""
    rescues: int = 2
    """The grammar sentences nearest to the free text that are searched too (0: none; see :mod:`.nearest`)."""
    rescue_search: SearchSettings = SearchSettings(beam=2)
    """Beam of the search over those few sentences (their spellings: capitals, punctuation)."""
    warning_search: SearchSettings = SearchSettings(beam=3, follow=2.0)
    """Beam and length of the held decode over the warning signs alone (searched in the same decoder steps);
    it follows the whole grammar's search only while it is within ``follow`` nats of it."""
    free_tokens_per_second: float = 8.0
    """The free decode stops after this many tokens a second of audio, plus 8 (people say 2-4 words a second)."""
    calibration: Calibration = DEFAULT_CALIBRATION
    """Features -> confidence."""
    among: AmongSettings | None = field(default_factory=AmongSettings)
    """A command said among words of the speaker's own, read from the free text when the held decode is
    refused (None: never; see :mod:`.among`)."""
    question: QuestionSettings | None = field(default_factory=QuestionSettings)
    """A question to the coach that names a topic, read from the free text when nothing else is found there
    (None: never; see :mod:`.question`)."""
    diary: DiarySettings | None = field(default_factory=DiarySettings)
    """A question to the user's diary, read from the free text when nothing else is found there (None: never;
    see :mod:`.diary`)."""
    sign: SignSettings | None = field(default_factory=SignSettings)
    """A warning sign stated in the speaker's own words, read from the free text when nothing else is found
    there or a stretch is (None: never; see :mod:`.sign`)."""
    cramp: CrampSettings | None = field(default_factory=CrampSettings)
    """A cramp stated in the speaker's own words, read from the free text when nothing else is found there
    (None: never; see :mod:`.cramp`)."""
    routine: RoutineSettings | None = field(default_factory=RoutineSettings)
    """A routine asked for by its moves or its moment, read from the free text when nothing else is found
    there (None: never; see :mod:`.routine`)."""
    stretch: StretchSettings | None = field(default_factory=StretchSettings)
    """A stretch asked for in the speaker's own words, read from the free text when nothing else is found there,
    or when what is found stretches no muscle in particular (None: never; see :mod:`.stretch`)."""
    respell: RespellSettings | None = field(default_factory=RespellSettings)
    """The free words the held decode heard spelt nearly alike are read as its words when nothing is found in
    them as written (None: never; see :mod:`.respell`)."""
    whose: OwnerSettings | None = field(default_factory=OwnerSettings)
    """What is heard of the user's body is refused when the free text names someone else's (None: never; see
    :mod:`.whose`)."""
    fuller: frozenset[str] = frozenset({"cramp", "stretch"})
    """Intents whose slots a taken decode gains when the free text, read for a command, says more of them (empty:
    never; see :meth:`WhisperRecognizer._fuller`). The templates say every other command with all its slots,
    so reading the free text again for them would find nothing more."""
    among_below: float = 0.5
    """The held decode's confidence under which the free text is read for a command among its words."""
    among_red_flag_margin: float = 0.05
    """A warning sign among the free words wins over a stretching command found there when it costs at most
    this much more per word (see :mod:`.among`)."""
    red_flag_margin: float = 0.5
    """A warning sign found within this many nats (mean log-probability per token) of a stretching command wins.

    The warning signs are searched apart from the rest of the grammar, so their best reading is always
    known: in one beam over every command a sign the model found a little less likely than a cramp could
    be pruned away before its last word."""


@dataclass(frozen=True)
class WhisperDecoding:
    """Everything one utterance's decode found, for the hypothesis and for tuning."""

    text: str
    """The command sentence chosen (normalized words), "" when the grammar held nothing."""
    confidence: float
    """0..1, from :class:`~voice_coach.hearing.whisper.rejection.Calibration`."""
    free_text: str
    """What the model wrote unheld."""
    free_mean: float
    """Mean log-probability per token of the free decode."""
    features: Features | None
    """The rejection features (None when nothing was held)."""
    held: tuple[DecodePath, ...]
    """The held decode's commands, the chosen one first."""
    best_warning: DecodePath | None = None
    """The best warning sign of the warning signs' own search (None: none held, or no such intent)."""
    among: Among | None = None
    """The command found among the free text's words, when that is what was heard (:mod:`.among`)."""


@dataclass(frozen=True)
class Decoded:
    """What the model found in one utterance, before it is judged (:meth:`WhisperRecognizer.judge`)."""

    free_text: str
    """What the model wrote unheld."""
    free_mean: float
    """Mean log-probability per token of the free decode."""
    held: tuple[DecodePath, ...]
    """The held decode's commands, best first (the nearest sentences' search merged in)."""
    warnings: tuple[DecodePath, ...]
    """The warning signs' own search, best first (empty: none held, or no such intent)."""


@dataclass(frozen=True)
class _Loaded:
    model: object
    decoder: object
    grammars: tuple[TokenGrammar, ...]
    features: object
    tokenizer: object
    encode: Callable[[str], list[int]]
    prompt: tuple[int, ...]
    end: int


class WhisperRecognizer:
    """Recognizes one utterance at a time with a Whisper model, held to a word grammar, with rejection."""

    name = "whisper"

    def __init__(self, commands: WordGraph, warnings: WordGraph | None, model_dir: str | Path,
                 meaning: Callable[[str], IntentMatch | None], settings: WhisperSettings = WhisperSettings(),
                 skip_words: Iterable[str] = (), topics: Topics | None = None,
                 stated_signs: dict[str, str] | None = None, diary: dict[str, str] | None = None,
                 cramps: dict[tuple[str, str | None], str] | None = None,
                 routines: dict[str, str] | None = None, stretches: dict[str, str] | None = None) -> None:
        """``commands``: every command's words; ``warnings``: the warning signs' alone (None: there are none);
        ``meaning``: text -> the command it is (or None); ``skip_words``: the templates' skip words, whose
        tokens the decoder always scores so that a command said with them can be searched; ``topics``: what
        a question can be about, with the sentence that asks it (None: questions are heard by the grammar
        alone); ``stated_signs``: warning sign -> the sentence reported when one is stated in other words (None: the
        grammar's words alone); ``diary``: diary question -> the sentence reported when one is asked in other
        words (None: the grammar's words alone); ``cramps``: (muscle, side or None) -> the sentence reported when
        a cramp is stated in other words; ``routines``: routine id -> the sentence reported when one is asked for
        by its moves; ``stretches``: muscle -> the sentence reported when a stretch of it is asked for in other
        words (None: the grammar's words alone)."""
        self.model_dir = Path(model_dir)
        self._skip = SkipWords.of(skip_words)
        self.settings = settings
        self._graphs = (commands, warnings)
        self._meaning = meaning
        self._topics = topics
        self._signs = stated_signs or {}
        self._diary = diary or {}
        self._cramps = cramps or {}
        self._routines = routines or {}
        self._stretches = stretches or {}
        self._loaded: _Loaded | None = None
        for name in ("model.bin", "config.json", "tokenizer.json"):
            if not (self.model_dir / name).is_file():
                raise ModelError(f"{self.model_dir}: not a CTranslate2 Whisper model folder (no {name})")

    def warm(self) -> None:
        """Load the model and decode a second of quiet now, else the first command waits for it (about 1 s).

        The decode also takes the working memory decodes need (CTranslate2's buffers, the decoder's caches),
        so what the process holds after ``warm`` is what it holds while it hears.
        """
        parts = self._parts()
        for grammar in parts.grammars:
            grammar.next(grammar.start)
        quiet = np.random.default_rng(0).normal(0.0, 30.0, 16000).astype(np.int16)  # a room's hiss, not digital zero
        self.analyze(quiet)

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        """The command in ``samples`` (int16, 16 kHz mono), with its confidence; empty text when there is none."""
        decoding = self.analyze(samples)
        return Hypothesis(decoding.text, decoding.confidence)

    def analyze(self, samples: np.ndarray) -> WhisperDecoding:
        """Encode, decode free and held, judge; everything found."""
        return self.judge(self.decode(samples))

    def decode(self, samples: np.ndarray) -> Decoded:
        """The model's part of :meth:`analyze` (encoder, free decode, held searches): nearly all of its time.

        Apart from :meth:`judge` so that a bench can keep what the model found for each clip and try other
        readings of it in seconds (``scripts/bench_paraphrases.py --cache``).
        """
        parts = self._parts()
        import ctranslate2

        features = parts.features(samples)
        encoded = parts.model.encode(ctranslate2.StorageView.from_array(features[None]), to_cpu=True)
        free_text, free_mean = self._free(parts, encoded, len(samples) / 16000)
        encoded = np.asarray(encoded, dtype=np.float32)[0]
        keep = self.settings.silence_seen_s
        if keep is not None:  # the decoder looks at the speech and a little of the silence after it
            frames = int(np.ceil((len(samples) / 16000 + keep) * ENCODER_FRAMES_PER_SECOND))
            encoded = encoded[:max(1, min(frames, encoded.shape[0]))]
        s = self.settings
        near = nearest_sentences(self._graphs[0], words(free_text), s.rescues) if s.rescues else []
        said = self._said(parts, free_text)
        if said is not None:
            near = [said, *(n for n in near if n != said)]
        rescue = TokenGrammar(*_linear(near), parts.encode) if near else None
        grammars = (*parts.grammars, *([rescue] if rescue else []))
        beams = ((s.search, s.warning_search)[:len(parts.grammars)] + ((s.rescue_search,) if rescue else ()))
        found = search(parts.decoder, grammars, parts.decoder.cross(encoded), parts.prompt, parts.end, beams)
        held = found[0]
        warnings = found[1] if len(parts.grammars) > 1 else ()
        if rescue is not None:
            held = _merge(held, found[-1], s.search.length_exponent)
        return Decoded(free_text, free_mean, held, tuple(warnings))

    def judge(self, decoded: Decoded) -> WhisperDecoding:
        """The command in what the model found, with its confidence; or the one its free text states."""
        free_text, free_mean, held, warnings = decoded.free_text, decoded.free_mean, decoded.held, decoded.warnings
        chosen = self._choose(held, warnings)
        if chosen is None:
            return self._owned(self._among(WhisperDecoding("", 0.0, free_text, free_mean, None, held,
                                                           warnings[0] if warnings else None)))
        free_words = " ".join(words(free_text))
        meaning = self._meaning(chosen.sentence)
        free_meaning = self._meaning(free_words)
        if meaning is not None and free_words != chosen.sentence and free_meaning == meaning:
            # The same command in the free text's own words ("stop", where the beam preferred "stop stop" by a
            # hair): judged in those words, the words the model wrote unheld, it is not taken for an extra word.
            chosen = next((p for p in held if p.sentence == free_words), chosen)
        held = (chosen, *(p for p in held if p.sentence != chosen.sentence))
        agrees = free_meaning == meaning
        found = measure(held, free_text, free_mean, agrees, self._word_of(self._parts(), chosen.tokens))
        confidence = self.settings.calibration.confidence(found) if found is not None else 0.0
        log.debug("whisper: %r (free %r) confidence %.2f %s", chosen.sentence, free_text, confidence, found)
        return self._owned(self._among(WhisperDecoding(chosen.sentence, confidence, free_text, free_mean, found,
                                                       held, warnings[0] if warnings else None)))

    def _owned(self, decoding: WhisperDecoding) -> WhisperDecoding:
        """``decoding``, refused when it is of the user's body and the free text says the body is someone
        else's ("his calf is cramping", held as "the calf is cramping"; "she started a new medicine", held as "i
        started ...": :mod:`.whose`)."""
        s = self.settings.whose
        if s is None or not decoding.text or _intent(self._meaning(decoding.text)) not in s.intents:
            return decoding
        if someone_elses(decoding.free_text, decoding.text, s) is None:
            return decoding
        log.info("whisper: %r refused: the free text %r speaks of someone else's body", decoding.text,
                 decoding.free_text)
        return replace(decoding, confidence=0.0)

    def read_typed(self, text: str) -> Hypothesis:
        """``text`` read as a free transcript the model was sure of: a command among its words, as a clause, a
        question, a diary question or a warning sign stated (as :meth:`analyze` reads what it refuses), refused
        when about someone else. What ``--text`` hears when no template holds a typed line; needs no model."""
        decoding = self._owned(self._among(WhisperDecoding("", 0.0, text, 0.0, None, ())))
        return Hypothesis(decoding.text, decoding.confidence)

    def _among(self, decoding: WhisperDecoding) -> WhisperDecoding:
        """``decoding``, or, when it is refused and the free text holds a command among other words, that
        command (:mod:`.among`); a warning sign found there about as cheaply as a stretch, or said as a clause
        of its own, wins, as above."""
        s = self.settings
        if s.among is None:
            return decoding
        if decoding.confidence >= s.among_below:
            return self._fuller(decoding)
        found = self._read(self._graphs[0], decoding, s.among)
        if found is None:
            return decoding
        if self._graphs[1] is not None and _intent(self._meaning(found.sentence)) in STRETCHING:
            sign = self._sign_over(found, decoding, s)
            if sign is not None:
                log.info("whisper: warning sign %r among the words taken over %r", sign.sentence, found.sentence)
                found = sign
        if found.confidence <= decoding.confidence:
            return decoding
        log.debug("whisper: %r among the words of %r (%.2f a word), confidence %.2f", found.sentence,
                  decoding.free_text, found.per_word, found.confidence)
        return replace(decoding, text=found.sentence, confidence=found.confidence, among=found)

    def _fuller(self, decoding: WhisperDecoding) -> WhisperDecoding:
        """``decoding`` (taken), or the same command with more of its slots when the free text, read as a refused
        decode's is, says them: "I have a cramp in my leg, the right one." is held as "i have a cramp in my
        leg" (no side), "Let's do a bit of stretching for the legs." as "let's do a bit of stretching" (no
        muscle). Only a reading of the same intent whose slots hold the held command's and more counts."""
        s = self.settings
        held = self._meaning(decoding.text) if s.fuller else None
        if held is None or held.intent not in s.fuller:
            return decoding
        found = self._read(self._graphs[0], decoding, s.among)
        if found is None:
            return decoding
        read = self._meaning(found.sentence)
        if (read is None or read.intent != held.intent or not held.slots.items() < read.slots.items()):
            return decoding
        log.debug("whisper: %r said more fully in %r: %r", decoding.text, decoding.free_text, found.sentence)
        return replace(decoding, text=found.sentence, among=found)

    def _sign_over(self, stretch: Among, decoding: WhisperDecoding, s: WhisperSettings) -> Among | None:
        """A warning sign in the free text that wins over ``stretch``: one said as a clause of its own ("Ow, my
        calf is cramping, and look, it's swollen."), one found among the words at most
        ``among_red_flag_margin`` a word dearer, or one stated in other words ("I'm on water pills and my legs
        keep cramping": :mod:`.sign`)."""
        assert s.among is not None and self._graphs[1] is not None
        clause = command_in_clause(self._graphs[1], decoding.free_text, decoding.free_mean, s.among, self._skip)
        if clause is not None:
            return clause
        sign = command_among(self._graphs[1], words(decoding.free_text), decoding.free_mean, s.among, self._skip)
        if sign is not None and sign.per_word <= stretch.per_word + s.among_red_flag_margin:
            return sign
        return self._stated(decoding)

    def _read(self, graph: WordGraph, decoding: WhisperDecoding, settings: AmongSettings) -> Among | None:
        """A sentence of ``graph`` among the free words, else one that is a whole clause of them, else the
        question the free text asks (about a topic, or to the diary), else the warning sign, the cramp, the
        routine or the stretch it states or asks for; read again with the free words respelt by the held
        decode's (:mod:`.respell`) when nothing is found."""
        found = self._read_said_once(graph, decoding, settings)
        if found is not None or self.settings.respell is None:
            return found
        text = respelt(decoding.free_text, decoding.held[0].sentence if decoding.held else "", self.settings.respell)
        if text == decoding.free_text:
            return None
        log.debug("whisper: %r respelt: %r", decoding.free_text, text)
        # only the readers that need more than the words: respelt toward the held sentence, the free words hold
        # it, or a sentence near it, far more often than what was said ("I think it's going to rain" -> "... gone")
        return self._read_said_once(graph, replace(decoding, free_text=text), settings, grammar=False)

    def _read_said_once(self, graph: WordGraph, decoding: WhisperDecoding, settings: AmongSettings,
                        grammar: bool = True) -> Among | None:
        """:meth:`_read` of the free text, and of its words said once where the speaker said them again."""
        said = words(decoding.free_text)
        once = said_once(said)
        if len(once) == len(said) or decoding.free_mean < settings.least_free_mean:
            return self._read_as_said(graph, decoding, settings, grammar)
        # "No, no, no." "Ow, ow, my calf, my calf!": a command said again is read said once (:mod:`.repeats`)
        if grammar and self._meaning(" ".join(once)) is not None:
            return Among(" ".join(once), 0.0, settings.clause_confidence)
        return (self._read_as_said(graph, decoding, settings, grammar)
                or self._read_as_said(graph, replace(decoding, free_text=" ".join(once)), settings, grammar))

    def _read_as_said(self, graph: WordGraph, decoding: WhisperDecoding, settings: AmongSettings,
                      grammar: bool = True) -> Among | None:
        """:meth:`_read`, of the words as they stand (``grammar``: the grammar's sentences among them and in their
        clauses too, else only the readers of questions, signs, cramps, routines and stretches)."""
        s, free, mean = self.settings, decoding.free_text, decoding.free_mean
        found = None
        if grammar:
            found = (command_among(graph, words(free), mean, settings, self._skip)
                     or command_in_clause(graph, free, mean, settings, self._skip))
        if (found is not None and s.cramp is not None and _intent(self._meaning(found.sentence)) == "cramp"
                and not says_a_cramp(free, s.cramp)):
            log.debug("whisper: %r among the words of %r, where no cramp or pain was said", found.sentence, free)
            found = None
        question = s.question or QuestionSettings()
        if found is not None:
            # "walk me through a stretch for my hamstrings" holds "walk me through a stretch" among its words, "I've
            # got a cramp in my hamstring, the right one" holds "i've got a cramp in my hamstring": the same
            # command read whole keeps what the words said of it
            return self._whole(found, decoding, question) or found
        if s.question is not None and self._topics is not None:
            found = question_about(free, mean, self._topics, question)
        if found is None and s.diary is not None and self._diary:
            found = diary_question(free, mean, self._diary, s.diary, question)
        found = found or self._stated(decoding)
        if found is None and s.cramp is not None and self._cramps:
            found = stated_cramp(free, mean, self._cramps, s.cramp, question, self._held_muscle(decoding))
        if found is None and s.routine is not None and self._routines:
            found = asked_routine(free, mean, self._routines, s.routine, question)
        if found is None and s.stretch is not None and self._stretches:
            found = asked_stretch(free, mean, self._stretches, s.stretch, question)
        return found

    def _whole(self, found: Among, decoding: WhisperDecoding, question: QuestionSettings) -> Among | None:
        """The cramp or stretch the free text states or asks for (:mod:`.cramp`, :mod:`.stretch`), when
        ``found`` among its words is the same command with fewer of its slots (the side, the muscle); else
        None."""
        s, free, mean = self.settings, decoding.free_text, decoding.free_mean
        match = self._meaning(found.sentence)
        if match is None:
            return None
        whole = None
        if match.intent == "cramp" and s.cramp is not None and self._cramps:
            whole = stated_cramp(free, mean, self._cramps, s.cramp, question)
        elif match.intent == "stretch" and s.stretch is not None and self._stretches:
            whole = asked_stretch(free, mean, self._stretches, s.stretch, question)
        if whole is None:
            return None
        read = self._meaning(whole.sentence)
        more = (read is not None and read.intent == match.intent and len(read.slots) > len(match.slots)
                and match.slots.items() <= read.slots.items())
        return replace(whole, confidence=max(whole.confidence, found.confidence)) if more else None

    def _held_muscle(self, decoding: WhisperDecoding, paths: int = 3) -> str | None:
        """The muscle of a cramp among the held decode's best ``paths`` sentences (None: none names one): the free
        text may name it as the model mishears it ("my cat's cramping": :attr:`CrampSettings.heard_as`)."""
        for path in decoding.held[:paths]:
            match = self._meaning(path.sentence)
            if match is not None and match.intent == "cramp" and "muscle" in match.slots:
                return match.slots["muscle"]
        return None

    def _stated(self, decoding: WhisperDecoding) -> Among | None:
        """The warning sign the free text states in the speaker's own words (:mod:`.sign`), or None."""
        s = self.settings
        if s.sign is None or not self._signs:
            return None
        return stated_sign(decoding.free_text, decoding.free_mean, self._signs, s.sign, s.question or QuestionSettings())

    def _said(self, parts: _Loaded, free_text: str) -> str | None:
        """The free text's words when they are a command only with their skip words ("please just stop
        talking": :mod:`voice_coach.intents.skip_words`), else None.

        The grammar the decode is held to has no skip words, so such a command is searched in the words the
        model wrote, beside the nearest grammar sentences, and judged against the free decode as any other.
        Only when the decoder scores every token of those words (a rare word outside its shortlist is not).
        """
        said = words(free_text)
        if not said or self._graphs[0].accepts(said) or self._meaning(" ".join(said)) is None:
            return None
        graph = word_graph([" ".join(said)])
        tokens = TokenGrammar(graph.start, graph.finals, graph.edges, parts.encode).tokens()
        if not tokens <= parts.decoder.column_of.keys():
            log.debug("whisper: %r is a command with skip words, but not every token of it is scored", said)
            return None
        return " ".join(said)

    def _free(self, parts: _Loaded, encoded, seconds: float) -> tuple[str, float]:
        """What the model writes unheld (greedy, in CTranslate2), and its mean log-probability per token."""
        longest = min(parts.decoder.max_tokens - len(parts.prompt) - 1,
                      round(self.settings.free_tokens_per_second * seconds) + 8)
        result = parts.model.generate(encoded, [list(parts.prompt)], beam_size=1, max_length=longest,
                                      return_scores=True)[0]
        tokens = list(result.sequences_ids[0])
        # "Left. Left. Left.", "Can you speed up? Can you speed up? Can": the model loops on short audio until
        # it is cut off; what it said is said once.
        tokens = tokens[:_period(tokens)]
        return parts.tokenizer.decode(tokens).strip(), float(result.scores[0])

    @staticmethod
    def _word_of(parts: _Loaded, tokens: tuple[int, ...]) -> tuple[int, ...]:
        """For each token, the index of the word it belongs to (-1: a punctuation mark): GPT-2's tokens
        that start a word after a space begin with "Ġ"; the first token starts the first word."""
        out, word = [], -1
        for n, token in enumerate(tokens):
            piece = parts.tokenizer.id_to_token(token) or ""
            if piece.strip("Ġ") in PUNCTUATION:
                out.append(-1)
                continue
            if n == 0 or piece.startswith("Ġ"):
                word += 1
            out.append(word)
        return tuple(out)

    def _choose(self, held: tuple[DecodePath, ...], warnings: tuple[DecodePath, ...]) -> DecodePath | None:
        """The best command, unless it would stretch and the best warning sign is close behind."""
        if not held:
            return None
        best = held[0]
        if warnings and _intent(self._meaning(best.sentence)) in STRETCHING:
            sign = warnings[0]
            if sign.mean >= best.mean - self.settings.red_flag_margin:
                log.info("whisper: warning sign %r (%.2f) taken over %r (%.2f)", sign.sentence, sign.mean,
                         best.sentence, best.mean)
                return sign
        return best

    def _parts(self) -> _Loaded:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self) -> _Loaded:
        try:
            import ctranslate2
            import tokenizers
            from threadpoolctl import threadpool_limits
        except ImportError as exc:
            raise ModelError(f"the whisper engine needs ctranslate2, tokenizers and threadpoolctl: {exc}") from exc
        # numpy's BLAS on one thread: the decoder's products are small, and with two threads on two busy cores
        # a step took 40-400 ms instead of 10 (the threads wait on each other). For the whole process, which
        # does no large linear algebra elsewhere.
        threadpool_limits(limits=1, user_api="blas")
        from voice_coach.hearing.whisper.decoder import WhisperDecoder
        from voice_coach.hearing.whisper.features import LogMel
        from voice_coach.hearing.whisper.weights import read_variables

        try:
            model = ctranslate2.models.Whisper(str(self.model_dir), device="cpu", compute_type=self.settings.compute_type,
                                               intra_threads=self.settings.threads)
            tokenizer = tokenizers.Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"{self.model_dir}: cannot load the Whisper model: {exc}") from None

        def encode(text: str) -> list[int]:
            return tokenizer.encode(text, add_special_tokens=False).ids

        def special(name: str) -> int:
            token = tokenizer.token_to_id(name)
            if token is None:
                raise ModelError(f"{self.model_dir}: the tokenizer has no {name} token: not a Whisper model")
            return token

        prompt = (special("<|startoftranscript|>"),)
        if model.is_multilingual:
            prompt += (special("<|en|>"), special("<|transcribe|>"))
        prompt += (special("<|notimestamps|>"),)
        end = special("<|endoftext|>")
        grammars = tuple(TokenGrammar(g.start, g.finals, g.edges, encode) for g in self._graphs if g is not None)
        used = {token for grammar in grammars for token in grammar.tokens()}
        if self._skip:
            skip = word_graph([" ".join(phrase) for phrase in self._skip.phrases])
            used |= TokenGrammar(skip.start, skip.finals, skip.edges, encode).tokens()
        decoder = WhisperDecoder(read_variables(self.model_dir / "model.bin", "decoder/"),
                                 always={*used, end, *prompt}, shortlist=self.settings.shortlist)
        log.info("whisper model loaded from %s (%s, %d grammar tokens)", self.model_dir,
                 "multilingual" if model.is_multilingual else "English", len(used))
        return _Loaded(model, decoder, grammars, LogMel(model.n_mels, self.settings.min_seconds), tokenizer, encode,
                       prompt, end)


def _linear(sentences: list[str]) -> tuple[int, frozenset[int], tuple[tuple[int, int, str], ...]]:
    """(start, finals, edges) of a word graph of a few sentences (a trie)."""
    graph = word_graph(sentences)
    return graph.start, graph.finals, graph.edges


def _merge(held: tuple[DecodePath, ...], more: tuple[DecodePath, ...], length_exponent: float) -> tuple[DecodePath, ...]:
    """Two searches' sentences as one list, best first, each sentence once (its better path)."""
    best: dict[str, DecodePath] = {}
    for path in sorted((*held, *more), key=lambda p: -p.score(length_exponent)):
        best.setdefault(path.sentence, path)
    return tuple(best.values())


def _intent(match: IntentMatch | None) -> str | None:
    return match.intent if match is not None else None


def _period(tokens: list[int], min_repeat: int = 2) -> int:
    """The shortest k such that ``tokens`` is its first k tokens said again and again (the last time perhaps cut
    short), at least ``min_repeat`` tokens of it again; else the length of ``tokens``."""
    for k in range(1, len(tokens) - min_repeat + 1):
        if all(tokens[i] == tokens[i - k] for i in range(k, len(tokens))):
            return k
    return len(tokens)
