"""A shorter night (30 minutes of audio) through ``voice-coach session``, as ``scripts/soak.py`` runs 8 hours.

Near silence, a fan, the radio reading the articles, and a cramp at a seeded
random moment: the coach must answer it with the night-cramp routine, finish
that routine with every count on its deadline, answer nothing else, and keep
its memory flat.
"""

from __future__ import annotations

import pytest

from tests import paths
from voice_coach.bench.soak import run_soak


@pytest.mark.heavy
def test_a_night_with_a_cramp_in_it(tmp_path):
    r = run_soak(0.5, tmp_path, seed=4, seeds_dir=paths.SEEDS)
    assert r.exit_code == 0
    assert r.cramp_heard and r.routine == "night_cramp" and r.routine_finished
    assert r.response_s is not None and r.response_s <= 0.4
    assert r.counts >= 25
    assert r.max_count_lag_ms <= 20.0 + 1e-6  # one 20 ms chunk: the audio clock's resolution
    # Half an hour is too short to see a slow leak; scripts/soak.py's 8 hours show the curve. The session
    # holds the whisper model in its own process (live, the decoder process does) and warms it before the
    # audio starts: measured 230 MB listening, 242 MB at the end, after the cramp's routine filled the speech
    # caches (on 2026-12-06; 105 MB with PocketSphinx). So the ceiling is that with a margin, not the 150 MB
    # idle bar (which bench_session.py measures live). Growth is counted from a tenth in, not from the first
    # sample: that one is taken 3 s of wall time after launch, and on a busy machine start-up may not be over.
    assert r.rss_max_mb <= 300.0, r.rss_mb
    assert r.rss_end_mb - r.rss_warm_mb <= 25.0, r.rss_mb
    assert r.false_activations == ()
