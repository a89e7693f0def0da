"""``session --input`` takes any audio file libsndfile reads: an OGG Vorbis recording runs the whole loop."""

from __future__ import annotations

import json

import numpy as np
import soundfile

from voice_coach.bench.corpus import sequence, synthesize
from voice_coach.cli.main import main


def test_an_ogg_recording_is_a_microphone(tmp_path):
    audio, _ = sequence([synthesize("my calf is cramping", "en-us", 160)], [1.0], total_s=12.0)
    ogg = tmp_path / "night.ogg"
    soundfile.write(ogg, np.asarray(audio, dtype=np.int16), 16000, format="OGG", subtype="VORBIS")
    events = tmp_path / "ev.jsonl"
    assert main(["session", "--input", str(ogg), "--events", str(events)]) == 0
    logged = [json.loads(line) for line in events.read_text().splitlines()]
    heard = [e for e in logged if e["type"] == "utterance" and e.get("intent")]
    assert heard and heard[0]["intent"] == "cramp" and heard[0]["slots"] == {"muscle": "calf"}, heard
    assert any(e["type"] == "say" and e["t"] > heard[0]["t"] for e in logged)  # and the coach answered


def test_a_broken_ogg_is_one_clear_line(tmp_path, capsys):
    ogg = tmp_path / "broken.ogg"
    ogg.write_bytes(b"OggS" + bytes(200))
    assert main(["session", "--input", str(ogg)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.ogg" in err[0] and "Traceback" not in err[0]
