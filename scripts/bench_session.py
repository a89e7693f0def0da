#!/usr/bin/env python3
"""Session figures: response time, barge-in, idle cost and start-up, printed as tables.

Response time is measured in audio time through ``voice-coach session``: from
the true end of each spoken command (known from the synthesis) to the start of
the coach's first sound after it. Idle cost and start-up are measured live:
the real ``voice-coach`` listening to a silent virtual microphone on a real
PulseAudio server that this script starts. So is a cramp said while two other
programs keep both cores busy: did the speaker run dry, was the answer cut off.

    python scripts/bench_session.py            # everything
    python scripts/bench_session.py --skip-live
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from voice_coach.bench.corpus import SHARED, load_recording, synthesize
from voice_coach.bench.scenario import run_scenario

PEOPLE_STOP = {
    "12 people (tuned on)": SHARED / "testdata" / "speech_commands" / "stop",
    "48 more (held out)": SHARED / "testdata" / "speech_commands_extra" / "stop",
}
"""People saying "stop" (Speech Commands clips), for the barge-in table with real voices: the twelve that
``SessionSettings.muting_margin_s`` was chosen on, and the 48 that it was not."""

VOICES = ["en-us", "en-gb", "en-gb-scotland", "en-029", "en-us+f3"]
PAIRS = [("my calf is cramping", "stop"), ("what can I say", "stop"), ("my foot is cramping", "hold on"),
         ("start the bedtime routine", "stop the coach"), ("my hamstring is cramping", "stop")]


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def response_times(folder: Path, echo: float) -> list[tuple[str, float]]:
    rows = []
    for v, voice in enumerate(VOICES):
        script, t = [], 5.0  # after the greeting
        for first, second in PAIRS:
            script += [(t, first), (t + 5.0, second)]
            t += 9.0
        result = run_scenario(script, folder / f"{voice}-{echo}", total_s=t + 2, voice=voice, echo=echo, seed=v)
        times = result.response_times()
        heard = len(result.commands())
        rows.append((voice, heard, len(script), times))
    return rows


BARGE_IN = [("stop", "stop"), ("stop the coach", "stop"), ("hold on", "pause"), ("quieter", "quieter"),
            ("how much longer", "time_left")]
"""Words said over the coach's voice, and the intent each should give."""
STARTS = ["my calf is cramping", "start the calf release routine"]
SAID_AT = [8.5, 9.7]
"""Seconds into the input at which the words are said: 3.5 and 4.7 s after a routine was asked for, over
different words of the coach's."""


def barge_in(folder: Path, echo: float) -> list[tuple[str, int, int, int]]:
    """Per phrase: (text, times heard as its intent, times said, commands heard that were something else).

    Run at echo 0 as well as 0.7, the same speech tells the recognizer's own misses (espeak-ng's "stop" in
    some voices decodes as "it's over" with no echo at all) from what the coach's voice in the room costs.
    """
    rows = []
    for text, intent in BARGE_IN:
        heard = said = wrong = 0
        for v, voice in enumerate(VOICES):
            for start in STARTS:
                for at in SAID_AT:
                    result = run_scenario([(5.0, start), (at, text)], folder / f"barge-{echo}-{v}-{len(rows)}-{said}",
                                          total_s=at + 2.5, voice=voice, echo=echo, seed=v)
                    span = result.spans[1]
                    got = [c["intent"] for c in result.commands()
                           if c["end"] > span.start and c["start"] < span.end + 0.3]
                    said += 1
                    heard += intent in got
                    wrong += len([g for g in got if g != intent])
        rows.append((text, heard, said, wrong))
    return rows


def people_stop(folder: Path, echo: float, clips_dir: Path) -> tuple[int, int, int, int]:
    """Real people's "stop" said while the coach talks: (heard as stop, routine stopped within 500 ms of the
    word's end, said, commands heard that were something else).

    Each clip is cut to its word and brought to the level of espeak-ng's "stop" (``load_recording``), and said
    3.5 and 4.7 s after each of ``STARTS``.
    """
    like = synthesize("stop")
    clips = [load_recording(path, like) for path in sorted(clips_dir.glob("*.wav"))]
    heard = obeyed = said = wrong = 0
    for n, clip in enumerate(clips):
        for start in STARTS:
            for at in SAID_AT:
                result = run_scenario([(5.0, start), (at, clip)], folder / f"people-{echo}-{n}-{said}",
                                      total_s=at + 2.5, echo=echo, seed=n)
                span = result.spans[1]
                got = [c["intent"] for c in result.commands() if c["end"] > span.start and c["start"] < span.end + 0.3]
                stopped = [e for e in result.of_type("routine") if e.get("event") == "stopped" and e["t"] > span.start]
                said += 1
                heard += "stop" in got
                obeyed += bool(stopped) and stopped[0]["t"] - span.end <= 0.5
                wrong += len([g for g in got if g != "stop"])
    return heard, obeyed, said, wrong


class CoachFailed(Exception):
    """The live coach did not start; the message is the end of what it printed."""


@contextlib.contextmanager
def live_coach(folder: Path, *flags: str):
    """The live coach on a fresh PulseAudio server in ``folder``, once it says it is listening:
    yields (its process, the server's environment, seconds from launch to listening)."""
    from voice_coach.bench.pulse import PulseServer

    folder.mkdir(exist_ok=True)
    server = PulseServer(folder)
    server.start()
    try:
        launched = time.monotonic()
        coach = subprocess.Popen([sys.executable, "-m", "voice_coach", *flags], env=server.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = coach.stdout.readline()
        ready = time.monotonic() - launched
        if "listening" not in line:
            coach.kill()
            raise CoachFailed((line + coach.stderr.read()).strip()[-300:])
        try:
            yield coach, server.env, ready
        finally:
            if coach.poll() is None:
                coach.kill()
                coach.wait(10)
    finally:
        server.stop()


def live_idle(seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp, live_coach(Path(tmp)) as (proc, _, ready):
        time.sleep(2.0)
        # The coach and its decoder process (decodes run apart so they cannot starve the speaker).
        pids = [proc.pid] + [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        ticks = os.sysconf("SC_CLK_TCK")

        def cpu():
            total = 0.0
            for pid in pids:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / ticks
            return total

        def kb(pid: int, field: str, table: str) -> int:
            return next(int(l.split()[1]) for l in Path(f"/proc/{pid}/{table}").read_text().splitlines()
                        if l.startswith(field + ":"))

        c0, w0 = cpu(), time.monotonic()
        time.sleep(seconds)
        c1, w1 = cpu(), time.monotonic()
        rss = kb(proc.pid, "VmRSS", "status") / 1024
        # Proportional set size: the pages the decoder shares with the coach (it is forked) count once.
        pss = sum(kb(pid, "Pss", "smaps_rollup") for pid in pids) / 1024
        proc.terminate()
        proc.wait(10)
        return {"ready_s": ready, "cpu_pct": 100 * (c1 - c0) / (w1 - w0), "rss_mb": rss, "pss_mb": pss,
                "processes": len(pids)}


def run_live_coach(folder: Path, said: list[tuple[Path, float]], busy_cores: int = 0) -> str:
    """The live coach (``-v``): after its greeting, each WAV of ``said`` is played into the virtual
    microphone, followed by that many seconds of waiting; ``busy_cores`` other programs (``yes`` into
    /dev/null) run meanwhile. Returns the coach's log."""
    with live_coach(folder, "-v") as (coach, env, _):
        time.sleep(4.0)  # the greeting
        busy = [subprocess.Popen(["timeout", "10", "yes"], stdout=subprocess.DEVNULL) for _ in range(busy_cores)]
        for wav, wait_s in said:
            subprocess.run(["paplay", "--device=vmic_feed", str(wav)], env=env, check=True, timeout=60)
            time.sleep(wait_s)
        coach.terminate()
        _, err = coach.communicate(timeout=20)
        for b in busy:
            b.wait()
        return err


def spoken(folder: Path, name: str, lines: list[str], voice: str, rate: int) -> Path:
    """``lines`` said by espeak-ng one after another, as a WAV to play into the microphone."""
    import numpy as np

    from voice_coach.audio.files import write_wav
    from voice_coach.bench.corpus import pad, synthesize

    path = folder / f"{name}.wav"
    write_wav(path, np.concatenate([pad(synthesize(line, voice, rate), 0.3, 1.0) for line in lines]))
    return path


def live_cramp_under_load(runs: int) -> list[dict]:
    """The live coach hears "my calf is cramping" while two other processes keep both cores busy.

    Per run: how often the speaker ran dry (the coach's own warning, from PortAudio's underflow flag), and
    how much of the answer ("I'm here. Let's ease it out together.") the routine's next line cut off
    (the track's own log of what a line cut short).
    """
    import re

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        cramp = spoken(Path(tmp), "cramp", ["my calf is cramping"], "en-gb", 170)
        for run in range(runs):
            err = run_live_coach(Path(tmp) / f"pulse{run}", [(cramp, 8.0)], busy_cores=2)
            dry = sum(int(n) for n in re.findall(r"speaker ran dry (\d+) times", err))
            cut = re.findall(r"cuts off ['\"](I'm here\. Let's.*?)['\"] with ([\d.]+) s unsaid", err)
            answered = "I'm here. Let's ease it out together." in err
            out.append({"dry": dry, "answered": answered, "unsaid": sum(float(x) for _, x in cut)})
    return out


TALK = ["The kettle is on the stove and the tea will be ready soon.",
        "Did you remember to lock the back door before we came up?",
        "The forecast says it will rain all day tomorrow, so take a coat.",
        "I think the neighbours are still awake, their lights are on."]
"""Someone else talking in the room during a counted hold (none of it a command)."""


def live_counts_while_talking(runs: int) -> list[dict]:
    """The live coach counts a hold while someone else talks: how late each count word starts.

    A count's event carries when it was due (``planned``) and when its sound was queued (``t``), both on
    the live clock; the difference is what a decode in the loop costs the count.
    """
    import re

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        cramp = spoken(Path(tmp), "cramp", ["my calf is cramping"], "en-gb", 170)
        talk = spoken(Path(tmp), "talk", TALK, "en-us", 160)
        for run in range(runs):
            # After the cramp, 9 s for the first instructions; then the hold's counts, and the talk over them.
            err = run_live_coach(Path(tmp) / f"pulse{run}", [(cramp, 9.0), (talk, 0.0)])
            counts = [(float(t), float(p)) for t, p in
                      re.findall(r"event \{'t': ([\d.]+), 'type': 'count'.*'planned': ([\d.]+)\}", err)]
            talked = len(re.findall(r"'type': 'utterance'", err))
            late = [1000 * (t - p) for t, p in counts]
            out.append({"counts": len(counts), "utterances": talked,
                        "median_ms": statistics.median(late) if late else float("nan"),
                        "max_ms": max(late) if late else float("nan")})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--load-runs", type=int, default=5, help="live runs of a cramp said on a busy machine")
    parser.add_argument("--talk-runs", type=int, default=3, help="live runs of a hold counted while someone talks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for echo in (0.0, 0.7):
            rows = response_times(Path(tmp), echo)
            print(f"\nresponse time, echo {echo} (audio time: true end of speech -> the coach's first sound)")
            print(f"{'voice':16} {'heard':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
            everything = []
            for voice, heard, said, times in rows:
                everything += times
                if times:
                    print(f"{voice:16} {heard:>3}/{said:<3} {1000 * statistics.median(times):>10.0f} "
                          f"{1000 * percentile(times, 0.95):>8.0f} {1000 * max(times):>8.0f}")
            if everything:
                print(f"{'all':16} {len(everything):>7} {1000 * statistics.median(everything):>10.0f} "
                      f"{1000 * percentile(everything, 0.95):>8.0f} {1000 * max(everything):>8.0f}"
                      f"   (bar: median <= 250, p95 <= 400)")
        print("\nsaid while the coach talks (5 voices x 2 routines x 2 moments), heard as meant (as something else)")
        print(f"{'said':18} {'no echo':>12} {'echo 0.7':>12}")
        quiet, loud = barge_in(Path(tmp), 0.0), barge_in(Path(tmp), 0.7)
        for (text, heard0, said, wrong0), (_, heard7, _, wrong7) in zip(quiet, loud):
            print(f"{text:18} {f'{heard0}/{said} ({wrong0})':>12} {f'{heard7}/{said} ({wrong7})':>12}")
        print("\npeople saying \"stop\" while the coach talks (Speech Commands clips; 2 routines x 2 moments)")
        print(f"{'people':22} {'echo':>5} {'heard as stop':>14} {'stopped within 500 ms':>22} {'something else':>15}")
        for name, clips_dir in PEOPLE_STOP.items():
            if not clips_dir.is_dir():
                print(f"{name:22} no recordings at {clips_dir}")
                continue
            for echo in (0.0, 0.7):
                heard, obeyed, said, wrong = people_stop(Path(tmp), echo, clips_dir)
                print(f"{name:22} {echo:>5} {f'{heard}/{said}':>14} {f'{obeyed}/{said}':>22} {wrong:>15}")
    if not args.skip_live:
        print("\nlive, listening to silence (real PulseAudio, virtual devices)")
        try:
            idle = live_idle(args.idle_seconds)
        except CoachFailed as exc:
            print(f"  could not start: {exc}")
            return 1
        print(f"  listening {idle['ready_s']:.2f} s after launch (bar: 2 s)")
        print(f"  CPU {idle['cpu_pct']:.1f}% of one core over {args.idle_seconds:g} s, {idle['processes']} processes"
              " (bar: 5%)")
        print(f"  memory: coach RSS {idle['rss_mb']:.0f} MB; coach + decoder PSS {idle['pss_mb']:.0f} MB (bar: 150 MB)")
        try:
            rows = live_cramp_under_load(args.load_runs)
            talk_rows = live_counts_while_talking(args.talk_runs)
        except CoachFailed as exc:
            print(f"  could not start: {exc}")
            return 1
        print("\nlive, \"my calf is cramping\" said while two other processes keep both cores busy")
        print(f"{'run':>4} {'speaker ran dry (blocks)':>25} {'answered':>9} {'answer cut off (s)':>19}")
        for i, row in enumerate(rows, 1):
            print(f"{i:>4} {row['dry']:>25} {str(row['answered']):>9} {row['unsaid']:>19.2f}")
        print("\nlive, a hold counted while someone else talks (4 sentences, none a command)")
        print(f"{'run':>4} {'counts':>7} {'utterances heard':>17} {'late, median ms':>16} {'late, max ms':>13}")
        for i, row in enumerate(talk_rows, 1):
            print(f"{i:>4} {row['counts']:>7} {row['utterances']:>17} {row['median_ms']:>16.0f} {row['max_ms']:>13.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
