"""Where the tests find data outside the repository: ``../shared`` beside the checkout (as in CI)."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VOICE_COACH_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
SPEECH_COMMANDS = SHARED / "testdata" / "speech_commands"
POCKETSPHINX_TESTDATA = Path("/usr/share/pocketsphinx/test/data")
