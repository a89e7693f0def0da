"""voice-coach: an offline, hands-free voice coach for leg cramps and stretching.

Layers, a folder each: ``audio`` (WAV I/O, resampling, endpointing, devices),
``hearing`` (recognizers), ``intents`` (templates, parsing, grammars),
``dialog`` (the pure conversation step), ``speech`` (TTS and playback),
``timing`` (the clock and the timeline planner), ``routines`` (routine data),
``session`` (the hands-free loop), ``cli`` (the command line).
"""

__version__ = "0.1.0"
