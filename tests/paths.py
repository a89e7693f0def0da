"""Where the tests find data outside the repository: ``../shared`` beside the checkout (as in CI)."""

from pathlib import Path

from voice_coach.bench import corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = corpus.SHARED
SEEDS = SHARED / "seeds"
SPEECH_COMMANDS = SHARED / "testdata" / "speech_commands"
POCKETSPHINX_TESTDATA = Path("/usr/share/pocketsphinx/test/data")
