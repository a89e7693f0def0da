"""``python -m voice_coach`` is the ``voice-coach`` command."""

import sys

from voice_coach.cli.main import main

sys.exit(main())
