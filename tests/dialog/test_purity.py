"""The dialog is a pure step: same input, same output; the input state is never changed."""

from __future__ import annotations

import copy

from hypothesis import given, settings, strategies as st

from voice_coach.dialog import Heard, Say, Started, State, Tick, initial_state, step

from tests.dialog.helpers import make_ctx

CTX = make_ctx()

INTENTS = [
    ("cramp", {"muscle": "calf"}), ("cramp", {}), ("cramp", {"muscle": "foot", "side": "left"}),
    ("stretch", {"muscle": "quad"}), ("stretch", {}), ("start_routine", {"routine": "bedtime"}),
    ("pause", {}), ("resume", {}), ("stop", {}), ("repeat", {}), ("next", {}), ("slower", {}),
    ("faster", {}), ("louder", {}), ("quieter", {}), ("time_left", {}), ("help", {}), ("better", {}),
    ("worse", {}), ("yes", {}), ("no", {}), ("side", {"side": "right"}),
    ("red_flag", {"symptom": "numbness"}), ("ask", {"topic": "sleep"}), (None, {}),
]

events = st.lists(st.one_of(
    st.tuples(st.just("tick"), st.floats(0.01, 8.0)),
    st.tuples(st.just("heard"), st.sampled_from(range(len(INTENTS)))),
), max_size=25)


def test_same_state_and_event_give_equal_results_and_the_state_is_untouched():
    ds, _ = step(CTX, initial_state(), Started(0.0, 14.0))
    ds, _ = step(CTX, ds, Heard(1.0, "cramp", {"muscle": "calf"}, "my calf"))
    for event in (Tick(5.0), Heard(5.0, "pause", {}, "hold on"), Heard(5.0, "slower", {}, "slower"),
                  Heard(5.0, "red_flag", {"symptom": "swelling"}, "swollen")):
        before = copy.deepcopy(ds)
        first = step(CTX, ds, event)
        second = step(CTX, ds, event)
        assert first == second
        assert ds == before and repr(ds) == repr(before)


@settings(max_examples=30, deadline=None)
@given(events)
def test_any_conversation_is_pure_and_consistent(script):
    ds, t = initial_state(), 0.0
    ds, _ = step(CTX, ds, Started(0.0, 23.0))
    for kind, value in script:
        if kind == "tick":
            t += value
            event = Tick(t)
        else:
            intent, slots = INTENTS[value]
            event = Heard(t, intent, slots, intent or "")
        before = copy.deepcopy(ds)
        new, actions = step(CTX, ds, event)
        assert step(CTX, ds, event) == (new, actions)
        assert ds == before
        if isinstance(event, Heard) and event.intent is None:
            assert actions == () and new is ds
        says = [a for a in actions if isinstance(a, Say)]
        for say in says:
            assert say.at <= t + 1e-9 and 0.2 <= say.volume <= 1.0 and 0.5 <= say.rate <= 1.6
        cue_times = [s.at for s in says if s.kind in ("say", "count", "hold_start", "hold_end", "inhale", "exhale")]
        assert cue_times == sorted(cue_times)  # late cues come one by one, in order
        assert (new.state in (State.RUNNING, State.PAUSED)) <= (new.run is not None)
        assert (new.state is State.PAUSED) <= (new.run is not None and new.run.paused_at is not None)
        assert (new.state is State.ASKING) == (new.question is not None)
        ds = new
