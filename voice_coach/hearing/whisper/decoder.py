"""Whisper's text decoder, one token at a time with its cache, in numpy.

CTranslate2 encodes the audio; this runs the decoder on the encoder's output
so that a search can choose, at every step, which tokens each hypothesis may
take (:mod:`.search`). The decoder is small (tiny.en: 4 layers of width 384),
and a step for a handful of hypotheses costs a few milliseconds, most of it
the output layer.

That output layer is what makes a step dear: 51,864 tokens times the width,
for every hypothesis. Only the tokens of a *shortlist* are scored: the most
frequent ones (GPT-2's byte-pair merges are numbered roughly by frequency, so
the first ids are the common English words and pieces) plus every token the
grammar can use and the end of text. Probabilities are normalized over the
shortlist; what falls outside it (rare words, other scripts) carries a
negligible share of the mass for English speech, and both the held and the
free decode are scored the same way, so their comparison stays fair.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from voice_coach.errors import ModelError

log = logging.getLogger(__name__)

SHORTLIST = 4096
"""The most frequent token ids always scored (see the module docstring)."""

_LN_EPS = 1e-5
"""LayerNorm's epsilon in Whisper."""


@dataclass(frozen=True)
class CrossCache:
    """The encoder's output projected into each layer's cross-attention keys and values (once per utterance)."""

    keys: tuple[np.ndarray, ...]
    """Per layer: (heads, head width, encoder frames), float32, already transposed for q @ k."""
    values: tuple[np.ndarray, ...]
    """Per layer: (heads, encoder frames, head width), float32."""


@dataclass(frozen=True)
class SelfCache:
    """The decoder's self-attention keys and values for a batch of hypotheses, all of one length."""

    keys: tuple[np.ndarray, ...]
    """Per layer: (batch, heads, tokens so far, head width), float32."""
    values: tuple[np.ndarray, ...]
    """Per layer: (batch, heads, tokens so far, head width), float32."""

    @property
    def length(self) -> int:
        """Tokens already decoded."""
        return self.keys[0].shape[2] if self.keys else 0

    def take(self, rows: np.ndarray | list[int]) -> SelfCache:
        """The caches of hypotheses ``rows`` (a row may be taken more than once: a beam splitting)."""
        rows = np.asarray(rows, dtype=np.intp)
        return SelfCache(tuple(k[rows] for k in self.keys), tuple(v[rows] for v in self.values))


@dataclass(frozen=True)
class _Layer:
    self_norm: tuple[np.ndarray, np.ndarray]
    self_qkv: tuple[np.ndarray, np.ndarray]
    self_out: tuple[np.ndarray, np.ndarray]
    cross_norm: tuple[np.ndarray, np.ndarray]
    cross_q: tuple[np.ndarray, np.ndarray]
    cross_kv: tuple[np.ndarray, np.ndarray]
    cross_out: tuple[np.ndarray, np.ndarray]
    ffn_norm: tuple[np.ndarray, np.ndarray]
    ffn_in: tuple[np.ndarray, np.ndarray]
    ffn_out: tuple[np.ndarray, np.ndarray]


class WhisperDecoder:
    """The decoder of one Whisper model, scoring a shortlist of tokens (see the module docstring)."""

    def __init__(self, variables: dict[str, np.ndarray], always: Iterable[int] = (), shortlist: int = SHORTLIST) -> None:
        """``variables``: the model file's ``decoder/...`` arrays; ``always``: token ids that must be scored.

        Only tokens of :attr:`columns` can be fed to :meth:`step` as well: a held decode feeds nothing else
        (the prompt and the grammar's tokens go in ``always``). So the embedding table is kept for those
        rows only, and nothing of the model file stays mapped (its pages would count as the coach's memory).
        """
        try:
            self.heads = int(variables["decoder/num_heads"])
            embeddings = variables["decoder/embeddings/weight"]  # (vocabulary, width), as stored (fp16)
            self._positions = np.asarray(variables["decoder/position_encodings/encodings"], dtype=np.float32)
            layers = []
            while f"decoder/layer_{len(layers)}/ffn/linear_0/weight" in variables:
                layers.append(_layer(variables, f"decoder/layer_{len(layers)}/"))
            final = (_f32(variables["decoder/layer_norm/gamma"]), _f32(variables["decoder/layer_norm/beta"]))
        except KeyError as exc:
            raise ModelError(f"the model file has no decoder variable {exc}: is it a Whisper model?") from None
        if not layers or int(variables.get("decoder/activation", 3)) not in (1, 3):
            raise ModelError("the model file's decoder is not one this coach can run (no layers, or not GELU)")
        self.layers = tuple(layers)
        self.final_norm = final
        self.vocabulary, self.width = embeddings.shape
        self.max_tokens = self._positions.shape[0]
        """Longest sequence the decoder can take (448 for Whisper)."""
        ids = sorted({*range(min(shortlist, self.vocabulary)), *(int(t) for t in always if 0 <= t < self.vocabulary)})
        self.columns = np.asarray(ids, dtype=np.intp)
        """Token ids scored (and the only ones :meth:`step` takes), in column order."""
        self.column_of = {t: i for i, t in enumerate(ids)}
        """Token id -> its column in :meth:`step`'s output."""
        self._rows = np.asarray(embeddings[self.columns], dtype=np.float32)  # (columns, width): input embeddings
        self._output = np.ascontiguousarray(self._rows.T)  # (width, columns): the tied output layer
        log.debug("whisper decoder: %d layers, width %d, %d of %d tokens scored", len(self.layers), self.width,
                  len(ids), self.vocabulary)

    def cross(self, encoded: np.ndarray) -> CrossCache:
        """Cross-attention keys and values for one utterance's encoder output ((frames, width) float32)."""
        frames = encoded.shape[0]
        dh = self.width // self.heads
        keys, values = [], []
        for layer in self.layers:
            kv = _linear(encoded, layer.cross_kv)
            k = kv[:, :self.width].reshape(frames, self.heads, dh)
            v = kv[:, self.width:].reshape(frames, self.heads, dh)
            keys.append(np.ascontiguousarray(k.transpose(1, 2, 0)) / np.float32(math.sqrt(dh)))
            values.append(np.ascontiguousarray(v.transpose(1, 0, 2)))
        return CrossCache(tuple(keys), tuple(values))

    def empty(self) -> SelfCache:
        """A cache for one hypothesis that has decoded nothing."""
        dh = self.width // self.heads
        shape = (1, self.heads, 0, dh)
        return SelfCache(tuple(np.zeros(shape, np.float32) for _ in self.layers),
                         tuple(np.zeros(shape, np.float32) for _ in self.layers))

    def step(self, cache: SelfCache, tokens: np.ndarray, cross: CrossCache) -> tuple[np.ndarray, SelfCache]:
        """Feed one token per hypothesis; returns (log-probabilities over :attr:`columns`, (batch, columns)), the longer cache.

        Every hypothesis of the batch has the same length (``cache.length``),
        so the position is shared.
        """
        tokens = np.asarray(tokens, dtype=np.intp)
        batch, position = tokens.size, cache.length
        if position >= self.max_tokens:
            raise ModelError(f"the decoder takes at most {self.max_tokens} tokens")
        dh = self.width // self.heads
        x = self._rows[[self.column_of[t] for t in tokens.tolist()]] + self._positions[position]
        keys, values = [], []
        for i, layer in enumerate(self.layers):
            qkv = _linear(_norm(x, layer.self_norm), layer.self_qkv)
            q = qkv[:, :self.width].reshape(batch, self.heads, 1, dh) / np.float32(math.sqrt(dh))
            k = qkv[:, self.width:2 * self.width].reshape(batch, self.heads, 1, dh)
            v = qkv[:, 2 * self.width:].reshape(batch, self.heads, 1, dh)
            k = np.concatenate((cache.keys[i], k), axis=2)
            v = np.concatenate((cache.values[i], v), axis=2)
            keys.append(k)
            values.append(v)
            x = x + _linear(_attend(q @ k.transpose(0, 1, 3, 2), v).reshape(batch, self.width), layer.self_out)
            q = _linear(_norm(x, layer.cross_norm), layer.cross_q).reshape(batch, self.heads, 1, dh)
            x = x + _linear(_attend(q @ cross.keys[i], cross.values[i]).reshape(batch, self.width), layer.cross_out)
            h = _linear(_norm(x, layer.ffn_norm), layer.ffn_in)
            x = x + _linear(_gelu(h), layer.ffn_out)
        logits = _norm(x, self.final_norm) @ self._output
        top = logits.max(axis=1, keepdims=True)
        logits -= top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
        return logits, SelfCache(tuple(keys), tuple(values))


def _f32(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float32))


def _layer(v: dict[str, np.ndarray], p: str) -> _Layer:
    def norm(name: str):
        return _f32(v[f"{p}{name}/layer_norm/gamma"]), _f32(v[f"{p}{name}/layer_norm/beta"])

    def linear(name: str):
        return np.ascontiguousarray(_f32(v[f"{p}{name}/weight"]).T), _f32(v[f"{p}{name}/bias"])

    return _Layer(norm("self_attention"), linear("self_attention/linear_0"), linear("self_attention/linear_1"),
                  norm("attention"), linear("attention/linear_0"), linear("attention/linear_1"),
                  linear("attention/linear_2"), norm("ffn"), linear("ffn/linear_0"), linear("ffn/linear_1"))


def _linear(x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    weight, bias = weight_bias
    return x @ weight + bias


def _norm(x: np.ndarray, gamma_beta: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    return centred / np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + _LN_EPS) * gamma_beta[0] + gamma_beta[1]


def _attend(scores: np.ndarray, values: np.ndarray) -> np.ndarray:
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (scores / scores.sum(axis=-1, keepdims=True)) @ values


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form: within 1e-3 of the exact one, and numpy has no erf of its own.
    return 0.5 * x * (1.0 + np.tanh(np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)))
