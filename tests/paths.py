"""Where the tests find data outside the repository: ``../shared`` beside the checkout (as in CI)."""

from pathlib import Path

from voice_coach.bench import corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = corpus.SHARED
SEEDS = SHARED / "seeds"
SPEECH_COMMANDS = SHARED / "testdata" / "speech_commands"
SPEECH_COMMANDS_EXTRA = SHARED / "testdata" / "speech_commands_extra"
"""48 more people a word: settings tuned on SPEECH_COMMANDS' 12 are tested here, on people they never heard."""
POCKETSPHINX_TESTDATA = Path("/usr/share/pocketsphinx/test/data")
