"""Privacy: a whole session opens no network socket and keeps no audio it was not asked to keep."""

from __future__ import annotations

import socket

from voice_coach.bench.scenario import run_scenario


def test_a_whole_session_runs_with_socket_creation_blocked(tmp_path, monkeypatch):
    opened = []

    class Refused(socket.socket):  # a subclass, so modules that subclass socket still import
        def __init__(self, *args, **kwargs):
            opened.append(args)
            raise OSError("network use is blocked in this test")

    def refuse(*args, **kwargs):
        opened.append(args)
        raise OSError("network use is blocked in this test")

    monkeypatch.setattr(socket, "socket", Refused)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = run_scenario([(4.0, "my calf is cramping"), (9.0, "stop")], tmp_path / "run", total_s=12)
    assert result.exit_code == 0
    assert [c["intent"] for c in result.commands()][:1] == ["cramp"]
    assert opened == []


def test_a_session_writes_only_the_files_it_was_asked_for(tmp_path):
    folder = tmp_path / "run"
    run_scenario([(4.0, "what can I say")], folder, total_s=8)
    assert sorted(p.name for p in folder.iterdir()) == ["events.jsonl", "input.wav"]
