"""``voice-coach devices``: the audio inputs and outputs PortAudio sees, defaults marked."""

from __future__ import annotations

import argparse
import logging

from voice_coach.errors import AudioError
from voice_coach.speech.player import import_sounddevice

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot list audio devices ({exc})") from None
    if len(devices) == 0:
        raise AudioError("no audio devices found (no sound card, and no sound server such as PulseAudio is reachable)")
    default_in, default_out = sd.default.device
    print("  #  in out  rate   name (host API)      > default output, < default input")
    for d in devices:
        mark = (">" if d["index"] == default_out else " ") + ("<" if d["index"] == default_in else " ")
        api = apis[d["hostapi"]]["name"]
        print(f"{mark}{d['index']:2d} {d['max_input_channels']:3d} {d['max_output_channels']:3d} {int(d['default_samplerate']):6d}  {d['name']} ({api})")
    return 0
