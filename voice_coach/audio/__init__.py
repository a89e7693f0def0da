"""audio layer: everything between a sound source and 16 kHz mono int16 utterances.

- :mod:`.wav` reads any PCM/float WAV as 16 kHz mono chunks (streamed) and writes WAVs.
- :mod:`.riff` parses WAV headers; :mod:`.resample` resamples and re-chunks as a stream.
- :mod:`.vad` judges frames voiced; :mod:`.endpoint` cuts the stream into utterances.
- :mod:`.microphone` captures a live input device; :mod:`.mix` mixes signals and noise.
"""
