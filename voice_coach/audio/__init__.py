"""audio layer: everything between a sound source and 16 kHz mono int16 utterances.

- :mod:`.files` reads audio files of every kind (WAV, FLAC, OGG, through soundfile) as 16 kHz mono
  chunks (streamed) and writes WAVs; :mod:`.resample` resamples and re-chunks as a stream.
- :mod:`.vad` judges frames voiced; :mod:`.endpoint` cuts the stream into utterances.
- :mod:`.microphone` captures a live input device; :mod:`.mix` mixes signals and noise.
"""
