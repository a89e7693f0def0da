"""A real PulseAudio server with virtual devices, for tests and benchmarks on machines without a sound card.

``vspeaker`` is the coach's speaker (record it through ``vspeaker.monitor``);
``vmic_feed`` is a null sink whose monitor is remapped as the source ``vmic``,
the coach's microphone (speak into it with ``paplay --device=vmic_feed``).
Clients reach the server through :attr:`PulseServer.env`; PortAudio reads
that environment when it starts, so sounddevice must run in a process started
with it.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

PA_CONFIG = """\
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name=vspeaker
load-module module-null-sink sink_name=vmic_feed
load-module module-remap-source master=vmic_feed.monitor source_name=vmic
set-default-sink vspeaker
set-default-source vmic
"""


class PulseServer:
    """A running PulseAudio daemon; ``env`` is what a client process needs to reach it."""

    def __init__(self, runtime_dir: Path) -> None:
        self.runtime_dir = runtime_dir
        self.env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime_dir), PULSE_RUNTIME_PATH=str(runtime_dir / "pulse"))

    def start(self) -> None:
        config = self.runtime_dir / "pa.pa"
        config.write_text(PA_CONFIG)
        subprocess.run(
            ["pulseaudio", "-n", "-F", str(config), "--exit-idle-time=-1", "--daemonize=yes", "--use-pid-file=yes"],
            env=self.env, check=True, capture_output=True, timeout=20,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("PulseAudio did not come up")

    def stop(self) -> None:
        subprocess.run(["pulseaudio", "--kill"], env=self.env, capture_output=True, timeout=20)

    def running(self) -> bool:
        """True while this server's daemon is alive (``pulseaudio --check`` on its pid file)."""
        return subprocess.run(["pulseaudio", "--check"], env=self.env, capture_output=True, timeout=20).returncode == 0

    def stop_and_wait(self, timeout_s: float = 10.0) -> None:
        """Stop the daemon and wait until it is gone: every client's streams are cut, as when a device is pulled."""
        self.stop()
        deadline = time.monotonic() + timeout_s
        while self.running():
            if time.monotonic() > deadline:
                raise RuntimeError("PulseAudio did not stop")
            time.sleep(0.05)

    def restart(self, down_s: float = 0.0) -> None:
        """Stop the server, leave it down for ``down_s`` seconds, and start it again with the same devices."""
        self.stop_and_wait()
        time.sleep(down_s)
        self.start()

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, check=True, capture_output=True, text=True).stdout
