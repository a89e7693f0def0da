"""The ``voice-coach`` command line: argument shapes, dispatch, and error reporting.

The shapes are fixed by the product contract (PRODUCT.md); scripts rely on
them. Each subcommand's work lives in its own module ``voice_coach.cli.<name>``
with a ``run(args) -> int`` function, imported only when that subcommand runs
so that start-up stays fast. Every :class:`~voice_coach.errors.CoachError`
becomes one line on stderr and a non-zero exit; nothing else should escape.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from voice_coach.errors import CoachError

log = logging.getLogger(__name__)

SIDES = ("left", "right")
ENGINES = ("whisper", "pocketsphinx", "vosk")
"""As :data:`voice_coach.hearing.select.ENGINES` (kept here so that parsing the command line imports no numpy)."""


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0: {text!r}")
    return value


def _path(text: str) -> str:
    """A file or folder path as typed: not empty (that would mean the current folder), no NUL character."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path names no file")
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"a path cannot hold a NUL character: {text!r}")
    return text


def _moment(text: str):
    """A local date and time in ISO form ("2026-12-01T03:05", "2026-12-01 03:05:30")."""
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date and time like 2026-12-01T03:05: {text!r}") from None
    return moment.astimezone() if moment.tzinfo is None else moment


AGE_UNITS = {"h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}
"""``--since`` units: hours, days, weeks."""


def _age(text: str) -> float:
    """An age like "30d", "12w", "48h", in seconds."""
    word = text.strip().lower()
    unit = AGE_UNITS.get(word[-1:])
    try:
        value = float(word[:-1]) if unit is not None else None
    except ValueError:
        value = None
    if value is None or not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"not an age like 30d, 12w or 48h: {text!r}")
    return value * unit


MAX_SAMPLES = 1_000_000
"""Most sentences ``templates sample -n`` prints."""


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= MAX_SAMPLES:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_SAMPLES:,}: {text!r}")
    return value


def _add_hearing_options(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's own default must not undo the same option given before the subcommand
    p.add_argument("--engine", choices=ENGINES, default=argparse.SUPPRESS,
                   help="recognizer (default: whisper; pocketsphinx is lighter; vosk needs a Vosk model)")
    p.add_argument("--model", metavar="NAME|PATH", type=_path, default=argparse.SUPPRESS,
                   help="a Whisper model name (tiny.en, base.en, small.en: see `models list`), a Whisper model "
                        "folder (CTranslate2, with model.bin) or a Vosk model folder")


def _add_template_options(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's own default must not undo the same option given before the subcommand
    p.add_argument("--templates", metavar="FILE", type=_path, default=argparse.SUPPRESS,
                   help="add your own phrasings and intents (hassil YAML) to the built-in templates")
    p.add_argument("--templates-only", metavar="FILE", type=_path, default=argparse.SUPPRESS,
                   help="use this template file instead of the built-in one (another domain or language)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; one place, so the shapes are easy to check against PRODUCT.md."""
    parser = argparse.ArgumentParser(prog="voice-coach", description="An offline, hands-free voice coach for leg cramps and stretching.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what was heard and why the coach acted")
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors")
    parser.add_argument("--text", action="store_true", help="type commands instead of speaking them; the coach's lines are printed")
    # SUPPRESS: session's own --events (the same file, the same lines) must not undo one given here
    parser.add_argument("--events", metavar="OUT.jsonl", type=_path, default=argparse.SUPPRESS,
                        help="with --text: write the events (one JSON line each, as session --events does)")
    _add_hearing_options(parser)
    _add_template_options(parser)
    parser.set_defaults(templates=None, templates_only=None, engine=None, model=None, events=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("routines", help="list the routines")
    p.add_argument("--json", action="store_true",
                   help="one JSON array with id, title, planned length (seconds), sided, source and holds "
                        "(each hold's seconds, and max_seconds when it may go on)")

    p = sub.add_parser("routine", help="run one routine: speak it, or render it to a file")
    p.add_argument("id", help="routine id (see `voice-coach routines`)")
    p.add_argument("--side", choices=SIDES, help="which leg (for one-sided routines)")
    p.add_argument("--speak-to", metavar="OUT.wav", type=_path, help="render the speech to this WAV instead of the speaker")
    p.add_argument("--timeline", metavar="OUT.jsonl", type=_path, help="write the timeline of cues, one JSON line each")

    p = sub.add_parser("say", help="speak one line")
    p.add_argument("words", nargs="+", metavar="TEXT")
    p.add_argument("--speak-to", metavar="OUT.wav", type=_path, help="render to this WAV instead of the speaker")

    sub.add_parser("devices", help="list audio input and output devices")

    p = sub.add_parser("parse", help="find the intent in a sentence")
    p.add_argument("words", nargs="+", metavar="TEXT")
    p.add_argument("--json", action="store_true", help='one JSON object {"text", "intent", "slots"}')
    _add_template_options(p)

    p = sub.add_parser("recognize", help="recognize the commands spoken in audio files (WAV, FLAC, OGG, ...)")
    p.add_argument("files", nargs="+", metavar="FILE", type=_path)
    p.add_argument("--json", action="store_true", help="one JSON line per utterance")
    _add_hearing_options(p)
    _add_template_options(p)

    p = sub.add_parser("session", help="the hands-free loop with an audio file (WAV, FLAC, OGG, ...) as the microphone")
    p.add_argument("--input", required=True, metavar="IN.wav", type=_path)
    p.add_argument("--echo", type=_positive_float, default=0.0, metavar="GAIN", help="mix the coach's own voice back into the input")
    p.add_argument("--speak-to", metavar="OUT.wav", type=_path)
    p.add_argument("--events", metavar="OUT.jsonl", type=_path, default=argparse.SUPPRESS)
    p.add_argument("--start-time", metavar="WHEN", type=_moment, default=None,
                   help="local date and time the recording began (e.g. 2026-12-01T03:05): dates the diary's rows "
                        "and sets night manner (default: now)")
    _add_hearing_options(p)
    _add_template_options(p)

    p = sub.add_parser("diary", help="the cramp diary: a table, JSON, CSV or a chart; or clear it")
    p.add_argument("action", nargs="?", choices=("clear",), help="clear: delete every entry (asks first)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON array of the entries")
    fmt.add_argument("--csv", action="store_true", help="the entries as CSV, one row each")
    p.add_argument("--since", metavar="AGE", type=_age, default=None,
                   help="only entries from this long ago on: 30d, 12w, 48h (default: all)")
    p.add_argument("--chart", metavar="OUT.png", type=_path, help="draw cramps per night to this PNG")
    p.add_argument("--yes", action="store_true", help="clear without asking")

    p = sub.add_parser("templates", help="check your own intent templates, or sample sentences they accept")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    t = tsub.add_parser("check", help="validate a file; count its intents, rules, slot values and sentences")
    t.add_argument("file", metavar="FILE", type=_path)
    t.add_argument("--only", action="store_true", help="check FILE alone (as --templates-only), not added to the built-in set")
    t = tsub.add_parser("sample", help="print random sentences the templates accept")
    t.add_argument("file", metavar="FILE", type=_path)
    t.add_argument("-n", type=_count, default=20, metavar="N", help="how many sentences (default 20)")
    t.add_argument("--seed", type=int, metavar="S", help="random seed, for the same sentences every time")
    t.add_argument("--only", action="store_true", help="sample FILE alone (as --templates-only), not added to the built-in set")
    t.add_argument("--json", action="store_true", help='one JSON object {"text", "intent", "slots"} per line')

    p = sub.add_parser("models", help="list or download speech models")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    msub.add_parser("list", help="installed and downloadable models")
    d = msub.add_parser("download", help="download a Vosk or Whisper model into models/")
    d.add_argument("name", nargs="?", default="vosk-model-small-en-us-0.15",
                   help="a Whisper model (tiny.en, base.en, small.en) or a Vosk one (default: the small English Vosk model)")
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING
    if args.verbose:
        level = logging.DEBUG
    elif args.quiet:
        level = logging.ERROR
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args)
    command = args.command or ("text" if args.text else "live")
    if args.events is not None and command not in ("text", "session"):
        parser.error("--events goes with --text or session")
    try:
        module = importlib.import_module(f"voice_coach.cli.{command}")
        return int(module.run(args) or 0)
    except CoachError as exc:
        print(f"voice-coach: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # a file or device failed where no CoachError was expected: still one line
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"voice-coach: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
