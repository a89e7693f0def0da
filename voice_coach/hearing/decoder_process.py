"""Hearing in a process of its own, so that a decode neither stops the coach's voice nor its counting.

PocketSphinx's ``process_raw`` holds Python's GIL for the whole decode (160 ms
median, over 350 ms on a busy machine). The live speaker is fed from a
PortAudio callback written in Python, which needs the GIL every 20 ms and has
100 ms of audio buffered: a decode in the same process starved it, and with
both cores busy the speaker ran dry 0-4 times per cramp answered, each a 20 ms
hole in the coach's voice (``scripts/bench_session.py``; 0 with the decoder
apart). And while the loop waited for a decode, no cue could be played: a
count due then came that much late.

Here each utterance is recognized and parsed in a forked child.
:meth:`HearingProcess.submit` returns at once and the live loop goes on
counting; :meth:`HearingProcess.ready` gives what has been heard since, in
order, without waiting. An utterance goes down the pipe from a thread of its
own: a pipe holds some 200 kB, a few seconds of speech with its recording,
and while the child is busy (decoding, or loading its model just after
launch) a larger send would wait for it; on two busy cores the live loop
once waited 3.5 s there.

Forked, not spawned: the child inherits the recognizer already built
(grammar compiled, model loaded) and starts at once. The fork must happen
before any audio stream or speech engine starts a thread, which is why the
live coach builds its hearing first (numpy's OpenBLAS pool is the one thread
there, and OpenBLAS makes itself safe across a fork).
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import queue
import signal
import threading

from voice_coach.audio.endpoint import Utterance
from voice_coach.hearing.result import Recognition

log = logging.getLogger(__name__)


class HearingProcess:
    """Hears utterances with ``hearing.hear`` in a child process, in order, without making the caller wait.

    Should the child die (killed, out of memory), or never start, the coach
    says so in the log and hears in its own process from then on: it keeps
    hearing, at the old cost to its voice and its counts.
    """

    def __init__(self, hearing) -> None:
        self._local = hearing
        """A :class:`~voice_coach.hearing.pipeline.Hearing` (only its ``hear`` is used, here or in the child)."""
        self._pending: collections.deque[Utterance] = collections.deque()  # sent, not yet answered
        self._done: list[Recognition] = []  # heard here, after the child was lost
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(hearing, child_end, self._conn), daemon=True,
                                         name="voice-coach-hearing")
        try:
            self._process.start()
        except OSError as exc:  # no process to be had (a process limit, no memory): hear the old way
            log.warning("cannot start a decoder process (%s); decoding in the coach's own process", exc)
            self._process = None
            self._conn.close()
        else:
            log.debug("decoding in process %d", self._process.pid)
        child_end.close()
        self._outbox: queue.SimpleQueue[Utterance | None] = queue.SimpleQueue()
        """Utterances for the child, sent by :meth:`_send_all` (None: stop sending)."""
        self._sender: threading.Thread | None = None
        if self._process is not None:
            self._sender = threading.Thread(target=self._send_all, args=(self._conn, self._outbox), daemon=True,
                                            name="voice-coach-hearing-send")
            self._sender.start()

    @property
    def pending(self) -> int:
        """Utterances submitted and not yet given back by :meth:`ready`."""
        return len(self._pending) + len(self._done)

    def submit(self, utterance: Utterance) -> None:
        """Start hearing ``utterance``; returns at once."""
        if self._process is not None:
            self._pending.append(utterance)
            self._outbox.put(utterance)
            return
        self._done.append(self._local.hear(utterance))

    def ready(self, wait: bool = False) -> list[Recognition]:
        """What has been heard since the last call, in the order submitted; ``wait``: everything pending."""
        out, self._done = self._done, []
        while self._pending and self._process is not None:
            try:
                if not (wait or self._conn.poll()):
                    break
                heard = self._conn.recv()
            except (EOFError, OSError) as exc:
                self._lost(exc)
                break
            self._pending.popleft()
            out.append(heard)
        if self._process is None:
            out += [self._local.hear(u) for u in self._pending]
            self._pending.clear()
        return out

    def close(self) -> None:
        """End the child (it also ends by itself when this process goes: its pipe reads end of file)."""
        if self._process is not None:
            self._stop()

    def _lost(self, exc: BaseException) -> None:
        log.error("the decoder process is gone (%s); decoding in the coach's own process from now on",
                  exc or type(exc).__name__)
        self._stop()

    @staticmethod
    def _send_all(conn, outbox: queue.SimpleQueue) -> None:
        """The sending thread: each utterance down the pipe, in order, however long the child takes to read.

        Should the pipe break, it stops: the child is gone, :meth:`ready` finds that out on its side of the
        pipe, and hears what is still pending in this process."""
        while (utterance := outbox.get()) is not None:
            try:
                conn.send(utterance)
            except (OSError, ValueError) as exc:  # ValueError: the connection was closed here meanwhile
                log.debug("the decoder process's pipe is closed (%s); sending stops", exc)
                return

    def _stop(self) -> None:
        process, self._process = self._process, None
        self._outbox.put(None)
        if self._sender is not None:  # its last send first: a pipe closed under it could be another file by then
            self._sender.join(timeout=2.0)
        self._conn.close()
        process.join(timeout=2.0)
        if process.is_alive():
            process.terminate()
            process.join(timeout=2.0)


def _serve(hearing, conn, parent_end) -> None:
    """The child: hear each utterance that arrives, until the coach closes its end or exits."""
    # Ctrl-C in a terminal reaches the whole process group; the coach handles it, and this child
    # ends when the coach's end of the pipe closes, without a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_end.close()  # else this child would hold the pipe open, and never see the coach go
    # A recognizer that loads its model on first use (whisper) loads it now, here: the coach's own process
    # never holds it, and the first command is not kept waiting for the load.
    warm = getattr(hearing.recognizer, "warm", None)
    if warm is not None:
        warm()
    while True:
        try:
            utterance = conn.recv()
        except (EOFError, OSError):
            return
        heard = hearing.hear(utterance)
        try:
            conn.send(heard)
        except OSError:
            return
