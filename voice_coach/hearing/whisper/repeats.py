"""Words said again: "no no no", "ow ow my calf my calf", "stop it stop it".

A person in pain or in a hurry says a command more than once, and the model
writes every time they said it. The grammar holds each command once, so the
held decode keeps one of them and the words left over make the rejection
refuse it ("No, no, no." held as "no"). :func:`said_once` keeps each phrase
once where it is said again right after itself, and the free text is read
again in those words (:meth:`~voice_coach.hearing.whisper.engine.WhisperRecognizer.read_typed`
and the reading of a refused decode).
"""

from __future__ import annotations


def said_once(said: list[str]) -> list[str]:
    """``said`` with every run of one phrase said again and again right after itself kept once: "no no no" ->
    "no", "my right calf my right calf" -> "my right calf", "ow ow my calf" -> "ow my calf"."""
    out = list(said)
    changed = True
    while changed:
        changed = False
        for n in range(1, len(out) // 2 + 1):
            for i in range(len(out) - 2 * n + 1):
                if out[i:i + n] == out[i + n:i + 2 * n]:
                    del out[i + n:i + 2 * n]
                    changed = True
                    break
            if changed:
                break
    return out
