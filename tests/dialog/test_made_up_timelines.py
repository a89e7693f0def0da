"""Timing rules at exact seconds, on a made-up timeline (the only dialog tests not on the real planner).

Why a fake stands in here: these rules have a boundary at an exact second (a cue due at 4.0 s comes on
the tick at 4.0 s and not on one a microsecond before; "Carrying on." is said when the next cue is 1 s
or more away, not less), and a boundary is only tested at the boundary with round offsets. The real
planner's offsets are sums of measured speech lengths and gaps (8.2 s, 40.35 s ... in floating point),
so no real cue sits exactly on a second. The last case needs a plan the real planner never makes (one
with no cues at all, not even its END). Everything else in tests/dialog runs the real routines.
"""

from __future__ import annotations

import pytest

from voice_coach.dialog import Heard, Log, PlanRequest, Say, State, Tick
from voice_coach.timing.timeline import Cue, CueKind, Timeline

from tests.dialog.helpers import Convo, make_ctx

FAKE_CUES = (
    Cue(0.0, CueKind.SAY, "Made-up first line.", 1.0, step=0),
    Cue(3.0, CueKind.SAY, "Made-up second line.", 1.0, step=1),
    Cue(5.0, CueKind.END, step=2),
)
"""A made-up routine: a line at 0 s, a line at exactly 3 s, the end at exactly 5 s."""


def fake_planner(cues: tuple[Cue, ...]):
    """A fake planner (named so): every routine asked for is the made-up ``cues``."""

    def plan(request: PlanRequest) -> Timeline:
        return Timeline(request.routine_id, cues, cues[-1].offset if cues else 0.0)

    return plan


CARRYING_ON = "Carrying on."
PAUSED = "Paused. Say carry on when you're ready."

# (case, cues, events after "start calf_release" at 1.0: ("tick", t) or (intent, t),
#  expected says after the start: (event time, said at, text),
#  time of the event on which the run finished, or None: still running at the end)
TABLE = [
    ("a cue due at an exact second comes on the tick at that second, not a microsecond before", FAKE_CUES,
     [("tick", 3.999999), ("tick", 4.0)],
     [(1.0, 1.0, "Made-up first line."), (4.0, 4.0, "Made-up second line.")], None),
    ("resumed 2 s before the next cue: carrying on is said, the cue moves by the pause", FAKE_CUES,
     [("pause", 2.0), ("tick", 10.0), ("resume", 12.0), ("tick", 13.99), ("tick", 14.0)],
     [(1.0, 1.0, "Made-up first line."), (2.0, 2.0, PAUSED), (12.0, 12.0, CARRYING_ON),
      (14.0, 14.0, "Made-up second line.")], None),
    ("resumed exactly 1 s before the next cue: carrying on is still said", FAKE_CUES,
     [("pause", 3.0), ("resume", 13.0), ("tick", 14.0)],
     [(1.0, 1.0, "Made-up first line."), (3.0, 3.0, PAUSED), (13.0, 13.0, CARRYING_ON),
      (14.0, 14.0, "Made-up second line.")], None),
    ("resumed under 1 s before the next cue: the cue itself follows, no carrying on", FAKE_CUES,
     [("pause", 3.5), ("resume", 13.5), ("tick", 14.0)],
     [(1.0, 1.0, "Made-up first line."), (3.5, 3.5, PAUSED), (14.0, 14.0, "Made-up second line.")], None),
    ("the routine ends on the tick at its exact END", FAKE_CUES,
     [("tick", 4.0), ("tick", 5.999999), ("tick", 6.0)],
     [(1.0, 1.0, "Made-up first line."), (4.0, 4.0, "Made-up second line.")], 6.0),
    ("a plan with no cues at all ends at once, nothing said", (),
     [("tick", 2.0)],
     [], 1.0),
]


@pytest.mark.parametrize("cues,events,expected,finished_on", [row[1:] for row in TABLE],
                         ids=[row[0].replace(" ", "_") for row in TABLE])
def test_exact_second_rules_on_a_made_up_timeline(cues, events, expected, finished_on):
    c = Convo(ctx=make_ctx(plan=fake_planner(cues)))
    c.start(14.0)
    mark = len(c.log)
    c.hear(1.0, "start_routine", routine="calf_release")
    for kind, t in events:
        c.send(Tick(t) if kind == "tick" else Heard(t, kind, {}, kind))
    said = [(t, a.at, a.text) for t, a in c.log[mark:] if isinstance(a, Say)]
    assert said == expected
    ends = [(t, a.data["event"]) for t, a in c.log if isinstance(a, Log) and a.type == "routine"
            and a.data["event"] in ("started", "finished")]
    if finished_on is None:
        assert ends == [(1.0, "started")] and c.state.state is State.RUNNING
    else:
        assert ends == [(1.0, "started"), (finished_on, "finished")] and c.state.state is State.IDLE
