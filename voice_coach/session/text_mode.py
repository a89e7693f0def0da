"""``voice-coach --text``: type commands, read what the coach says, in real time.

For trying the coach without a microphone: each typed line is heard as a
recognized utterance would be (:mod:`voice_coach.hearing.typed`), and the dialog runs on the monotonic
clock, so counts and holds come at their real pace. Lines are printed instead
of spoken. When the input ends (Ctrl-D, or the end of a pipe) the coach
finishes what it started, then exits.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable, TextIO

from voice_coach.dialog import DialogContext, Heard, Log, Say, Started, State, Tick, initial_state, step
from voice_coach.intents.result import IntentMatch
from voice_coach.timing.clock import MonotonicClock


TICK = 0.05
"""Seconds between dialog ticks."""

_EOF = object()


def _reader(lines: Iterable[str], inbox: "queue.Queue") -> None:
    for line in lines:
        inbox.put(line)
    inbox.put(_EOF)


def run_text(ctx: DialogContext, hear: Callable[[str], IntentMatch | None], lines: Iterable[str], out: TextIO,
             clock: MonotonicClock | None = None, local_hour: float | None = None,
             notes: Callable[[dict], None] | None = None) -> int:
    """Run the dialog on typed lines until the input ends and the coach is idle; returns 0.

    ``hear``: a typed line -> the command it is (None: no command).
    ``notes`` receives every events-log entry (the diary's recorder keeps the "diary" ones)."""
    clock = clock or MonotonicClock()
    origin = clock.now()
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(lines, inbox), daemon=True, name="text-input").start()
    state = initial_state(ctx.voice.start_pace)
    ended = False

    def apply(event) -> None:
        nonlocal state
        state, actions = step(ctx, state, event)
        for action in actions:
            if isinstance(action, Say):
                print(f"coach: {action.text}", file=out, flush=True)
            elif isinstance(action, Log) and notes is not None:
                notes(action.to_json())  # (the dialog itself logs what it heard)

    apply(Started(0.0, local_hour))
    next_tick = origin
    while True:
        next_tick += TICK
        clock.wait_until(next_tick)
        t = clock.now() - origin
        while True:
            try:
                item = inbox.get_nowait()
            except queue.Empty:
                break
            if item is _EOF:
                ended = True
                continue
            text = item.strip()
            if not text:
                continue
            match = hear(text)
            if match is None:
                print("coach: (no command heard)", file=out, flush=True)
                continue
            apply(Heard(t, match.intent, dict(match.slots), text))
        apply(Tick(t))
        if ended and state.state in (State.IDLE, State.ALERT):
            return 0
