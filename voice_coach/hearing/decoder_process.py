"""A recognizer in a process of its own, so that a decode never stops the coach's voice.

PocketSphinx's ``process_raw`` holds Python's GIL for the whole decode (160 ms
median, over 350 ms on a busy machine). The live speaker is fed from a
PortAudio callback written in Python, which needs the GIL every 20 ms and has
100 ms of audio buffered: a decode in the same process starved it, and with
both cores busy the speaker ran dry 0-4 times per cramp answered, each a 20 ms
hole in the coach's voice (``scripts/bench_session.py``; 0 with the decoder
apart). Here the decode runs in a forked child; the coach waits for the answer
on a pipe, which releases the GIL, so the speaker's callback keeps running.

Forked, not spawned: the child inherits the recognizer already built
(grammar compiled, model loaded) and starts at once. The fork must happen
before any audio stream or speech engine starts a thread, which is why the
live coach builds its hearing first (numpy's OpenBLAS pool is the one thread
there, and OpenBLAS makes itself safe across a fork).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal

import numpy as np

from voice_coach.hearing.base import Recognizer
from voice_coach.hearing.result import Hypothesis

log = logging.getLogger(__name__)


class DecoderProcess:
    """A :class:`~voice_coach.hearing.base.Recognizer` whose decodes run in a child process.

    Should the child die (killed, out of memory), the coach says so once in
    the log and decodes in its own process from then on: it keeps hearing,
    at the old cost to its voice.
    """

    def __init__(self, recognizer: Recognizer) -> None:
        self.name = recognizer.name
        """The wrapped engine's name ("pocketsphinx", "vosk")."""
        self._local = recognizer
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(recognizer, child_end, self._conn), daemon=True,
                                         name="voice-coach-decoder")
        try:
            self._process.start()
        except OSError as exc:  # no process to be had (a process limit, no memory): hear the old way
            log.warning("cannot start a decoder process (%s); decoding in the coach's own process", exc)
            self._process = None
            self._conn.close()
        else:
            log.debug("decoding in process %d", self._process.pid)
        child_end.close()

    def recognize(self, samples: np.ndarray) -> Hypothesis:
        """The child's decoding of ``samples`` (int16, 16 kHz mono); this thread waits without the GIL."""
        if self._process is not None:
            try:
                self._conn.send_bytes(np.ascontiguousarray(samples, dtype=np.int16).tobytes())
                text, confidence = self._conn.recv()
                return Hypothesis(text, confidence)
            except (EOFError, OSError) as exc:
                log.error("the decoder process is gone (%s); decoding in the coach's own process from now on",
                          exc or type(exc).__name__)
                self._stop()
        return self._local.recognize(samples)

    def close(self) -> None:
        """End the child (it also ends by itself when this process goes: its pipe reads end of file)."""
        if self._process is not None:
            self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        self._conn.close()
        process.join(timeout=2.0)
        if process.is_alive():
            process.terminate()
            process.join(timeout=2.0)


def _serve(recognizer: Recognizer, conn, parent_end) -> None:
    """The child: decode each utterance that arrives, until the coach closes its end or exits."""
    # Ctrl-C in a terminal reaches the whole process group; the coach handles it, and this child
    # ends when the coach's end of the pipe closes, without a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_end.close()  # else this child would hold the pipe open, and never see the coach go
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        hypothesis = recognizer.recognize(np.frombuffer(data, dtype=np.int16))
        try:
            conn.send((hypothesis.text, hypothesis.confidence))
        except OSError:
            return
