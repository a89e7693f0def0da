"""``voice-coach``: the live coach on the default microphone and speaker."""

from __future__ import annotations

from voice_coach.session.build import local_hour_now
from voice_coach.session.live import run_live
from voice_coach.session.setup import core_builder


def run(args) -> int:
    builder = core_builder(args, apart=True)
    devices = builder.settings.devices
    try:
        return run_live(builder, local_hour_now(), input_device=devices.input, output_device=devices.output)
    finally:
        builder.close()
