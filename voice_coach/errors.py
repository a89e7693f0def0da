"""The package's one base exception.

The command line turns any :class:`CoachError` into one line on stderr and a
non-zero exit code, so every expected failure (bad input, missing model, no
audio device) must raise a subclass of it with a message a person can act on.
"""


class CoachError(Exception):
    """Base of every error the coach reports to the user as one clear line."""

    exit_code: int = 2


class DataError(CoachError):
    """A data file (routine, template, settings) is broken; the message names file and field."""


class AudioError(CoachError):
    """Audio input or output failed: a broken WAV, no device, an unwritable file."""


class ModelError(CoachError):
    """A speech model is missing or unusable; the message says how to get one."""
