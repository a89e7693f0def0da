"""The PocketSphinx recognizer: its grammar graph, real decoding of espeak-ng speech, and rejection."""

from __future__ import annotations

import random

import numpy as np
import pytest

from voice_coach.bench.corpus import mix_at_snr, noise, pad, synthesize
from voice_coach.errors import ModelError
from voice_coach.hearing.base import Recognizer
from voice_coach.hearing.lexicon import possessive
from voice_coach.hearing.pocketsphinx_engine import PocketSphinxRecognizer
from voice_coach.hearing.word_graph import fsg_transitions, word_graph
from voice_coach.intents.grammar import expand
from voice_coach.intents.parse import IntentParser
from voice_coach.intents.templates import load_templates


@pytest.fixture(scope="module")
def recognizer() -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer.from_templates()


@pytest.fixture(scope="module")
def parser() -> IntentParser:
    return IntentParser()


def accepts(graph, sentence: str) -> bool:
    state = graph.start
    edges = {(a, w): b for a, b, w in graph.edges}
    for word in sentence.split():
        if (state, word) not in edges:
            return False
        state = edges[(state, word)]
    return state in graph.finals


def test_word_graph_accepts_exactly_its_sentences():
    sentences = ["stop", "stop now", "stop it now", "hold on", "hang on", "hold on please", "hang on please"]
    graph = word_graph(sentences)
    assert all(accepts(graph, s) for s in sentences)
    for other in ["stop it", "now", "hold", "please", "hold on now", "stop stop"]:
        assert not accepts(graph, other)
    # "hold"/"hang" share everything after the first word: suffixes are merged
    assert graph.n_states < len({w for s in sentences for w in s.split()}) + 4


def test_word_graph_of_the_templates_is_small_and_complete():
    sentences = sorted({s for s, _, _ in expand(load_templates())})
    graph = word_graph(sentences)
    assert all(accepts(graph, s) for s in random.Random(0).sample(sentences, 300))
    assert graph.n_states < len(sentences) / 5
    start, final, transitions = fsg_transitions(graph)
    assert final == graph.n_states and start == graph.start
    assert all(0 < p <= 1 for _, _, p, _ in transitions)


def test_its_grammar_is_the_templates_automaton(recognizer):
    """The FSG is the automaton compiled from the templates' structure: the minimal graph of their sentences."""
    templates = load_templates()
    assert recognizer.grammar is templates.automaton
    listed = word_graph({s for s, _, _ in expand(templates)})
    assert (recognizer.grammar.n_states, len(recognizer.grammar.edges)) == (listed.n_states, len(listed.edges))
    assert recognizer.grammar.accepts("my calf is cramping") and not recognizer.grammar.accepts("my calf is")


def test_it_is_a_recognizer(recognizer):
    r: Recognizer = recognizer  # the protocol, checked by type checkers
    assert r.name == "pocketsphinx" and callable(r.recognize)


COMMANDS = [("my calf is cramping", "cramp", {"muscle": "calf"}), ("what can i say", "help", {}),
            ("stretch my hamstrings", "stretch", {"muscle": "hamstring"}), ("how much longer", "time_left", {})]


def test_multi_word_commands_are_heard(recognizer, parser):
    """4 commands x 3 voices; measured 10 of 12 (the misses: British "what can i say" just under the limit,
    British "stretch my hamstrings" heard as "stretch my calf" and rejected)."""
    hits = []
    for text, intent, slots in COMMANDS:
        for voice in ("en-us", "en-gb", "en-gb-x-rp"):
            hyp = recognizer.recognize(pad(synthesize(text, voice, 160), 0.4, 0.4))
            match = parser.parse(hyp.text) if hyp.confidence >= 0.5 else None
            hits += [(text, voice)] if match is not None and (match.intent, match.slots) == (intent, slots) else []
    assert len(hits) >= 8, hits


@pytest.mark.heavy
def test_accuracy_floor_on_a_fixed_corpus(recognizer, parser):
    """One sentence an intent (seeded), 2 voices, clean and 10 dB pink noise, through the whole pipeline."""
    from voice_coach.hearing.pipeline import Hearing

    by_intent = {}
    for sentence, intent, slots in expand(load_templates()):
        by_intent.setdefault(intent, []).append((sentence, intent, slots))
    rng, nrng = random.Random(3), np.random.default_rng(3)
    right = {"clean": 0, "10dB": 0}
    total = 0
    for intent in sorted(by_intent):
        sentence, _, slots = rng.choice(by_intent[intent])
        for voice in ("en-us", "en-gb-x-rp"):
            clip = pad(synthesize(sentence, voice, 160), 0.6, 0.6, rng=nrng)
            total += 1
            for cond, audio in (("clean", clip), ("10dB", mix_at_snr(clip, noise("pink", clip.size, nrng), 10))):
                got = [(h.intent, h.slots) for h in Hearing(recognizer, parser).process([audio]) if h.intent]
                right[cond] += got == [(intent, slots)]
    print(f"accuracy of {total}: {right}")
    assert right["clean"] >= FLOOR_CLEAN * total and right["10dB"] >= FLOOR_10DB * total


# Measured 38/44 clean and 36/44 at 10 dB on the widened grammar (248,707 sentences, fresh-clone CI of dbfb5d3):
# more sentences near each other cost the light engine at 10 dB. Before: 33/44 and 39/44 (2026-12-06, 69,325 sentences with the diary's, each intent drawn with
# its own seed since then, so that a new intent no longer redraws the others). Before: 36/42 and 39/42 on the
# 67,677-sentence grammar, 40/42 and 37/42 on the narrow one. PocketSphinx is the light engine: the grammar's
# longer sentences with fillers cost it most (the default engine, whisper, is held to its bars in bench_recognition).
FLOOR_CLEAN, FLOOR_10DB = 0.72, 0.77


def test_out_of_grammar_sentences_are_rejected(recognizer):
    rejected = 0
    sentences = ["the traffic was terrible this morning", "could you pass the salt please",
                 "the research and evidence for causes of cramp is weak", "we need more milk and some bread"]
    for text in sentences:
        rejected += recognizer.recognize(pad(synthesize(text, "en-us", 165), 0.4, 0.4)).confidence < 0.5
    assert rejected == len(sentences)


def test_silence_and_noise_give_nothing(recognizer):
    rng = np.random.default_rng(0)
    assert recognizer.recognize(np.zeros(16000, np.int16)).text == ""
    for kind in ("white", "pink", "brown"):
        hyp = recognizer.recognize(np.clip(noise(kind, 32000, rng) * 2000, -32768, 32767).astype(np.int16))
        assert hyp.confidence < 0.5


def test_same_audio_same_answer_and_confidence_in_range(recognizer):
    clip = pad(synthesize("stop the routine", "en-gb", 150), 0.3, 0.3)
    noisy = mix_at_snr(clip, noise("pink", clip.size, np.random.default_rng(1)), 10)
    first, second = recognizer.analyze(noisy), recognizer.analyze(noisy)
    assert first == second
    assert 0.0 <= first.confidence <= 1.0 and 0.0 <= first.absorbed <= 1.0


def test_empty_and_tiny_input(recognizer):
    assert recognizer.recognize(np.zeros(0, np.int16)).text == ""
    assert recognizer.recognize(np.zeros(10, np.int16)).confidence == 0.0


def test_words_outside_the_dictionary_are_a_model_error():
    with pytest.raises(ModelError, match="dictionary"):
        PocketSphinxRecognizer(["stop", "frobnicate the zorblax"])
    with pytest.raises(ModelError):
        PocketSphinxRecognizer([])


@pytest.mark.parametrize(("word", "base", "heard"), [
    ("foot's", "F UH T", "F UH T S"),  # voiceless: s
    ("leg's", "L EH G", "L EH G Z"),  # voiced: z
    ("calf's", "K AE F", "K AE F S"),
    ("nurse's", "N ER S", "N ER S IH Z"),  # a sibilant: a syllable of its own
    ("quad's", "K W AA D", "K W AA D Z"),
])
def test_a_possessive_is_its_base_word_and_an_s(word, base, heard):
    assert possessive(word, base.split()) == heard.split()


def test_only_possessives_are_derived():
    assert possessive("foot", "F UH T".split()) is None
    assert possessive("'s", ["Z"]) is None
    assert possessive("foot's", []) is None


def test_words_cmudict_lacks_but_people_say_are_heard():
    """"my foot's cramping" (CMUdict has no "foot's") and "what's taurine" (no "taurine"), in a grammar with
    near neighbours, are decoded as said."""
    sentences = ["my foot's cramping", "my foot is cramping", "my leg's cramping", "what's taurine",
                 "what's magnesium", "what is potassium"]
    small = PocketSphinxRecognizer(sentences)
    for text in ("my foot's cramping", "what's taurine"):
        assert small.recognize(pad(synthesize(text, "en-us", 150), 0.4, 0.4)).text == text
