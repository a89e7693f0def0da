"""The ``whisper`` engine: a Whisper model in CTranslate2 format, its decoding held to the command grammar.

One module a stage: :mod:`.weights` reads the model file, :mod:`.decoder` is
the text decoder with its cache, :mod:`.tokens` turns the word grammar into a
grammar over the model's tokens, :mod:`.search` decodes held to it (beside a
free decode of the same audio), :mod:`.rejection` judges the result, and
:mod:`.engine` ties them to the :class:`~voice_coach.hearing.base.Recognizer`
interface.
"""
