"""Peak RSS streaming contacts: each side of each language walks every contact
of the bench server in a process of its own, reading the seven named members,
and its peak RSS (the kernel's ru_maxrss for that process alone, from wait4)
is reported beside its wall time. The server writes pages on the fly, in its
own process, so its memory is not counted. Then the cost of loading each
library: `import reply` / `require('reply-sdk')` beside an empty interpreter
and the baselines' libraries. Not a test: `just bench-memory`; CI runs --smoke.

    python benches/memory.py [--contacts N] [--rounds N] [--smoke]

Rounds are interleaved (every process once per round, in turn); figures are
min / median / max over the rounds. The SDK's Python modules are compiled to
bytecode first, as `pip install` leaves them (and the baselines' are): without
that, each SDK process would compile the generated models again, which peaks
at some 35 MiB more when PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Tuple

from server import ROOT, Server, example

PY = sys.executable
NODE = "node"


def walks(url: str) -> Dict[str, List[Tuple[str, List[str]]]]:
    stream_py = str(ROOT / "python/bench/stream.py")
    stream_js = str(ROOT / "node/bench/stream.mjs")
    stream_rs = str(example("bench_stream"))
    return {
        "Rust": [(side, [stream_rs, url, side]) for side in ("sdk", "reqwest")],
        "Python": [(side, [PY, stream_py, url, side]) for side in ("reply-sdk", "httpx+json", "httpx+orjson")],
        "Node": [
            (side, [NODE, stream_js, url, side])
            for side in ("reply-sdk", "fetch", "fetch one ahead", "undici.request", "undici.request one ahead")
        ],
    }


def loading() -> Dict[str, List[Tuple[str, List[str]]]]:
    index = str(ROOT / "node/index.js")
    return {
        "Python import": [
            ("import reply", [PY, "-c", "import reply"]),
            ("import httpx, orjson", [PY, "-c", "import httpx, orjson"]),
            ("(empty interpreter)", [PY, "-c", "pass"]),
        ],
        "Node require": [
            ("require('reply-sdk')", [NODE, "-e", f"require({index!r})"]),
            ("require('undici')", [NODE, "-e", "require('undici')"]),
            ("(empty node)", [NODE, "-e", ""]),
        ],
    }


def measure(command: List[str]) -> Tuple[float, float, str]:
    """Peak RSS in MiB, wall seconds and stdout of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT / "node")
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{command} exited {process.returncode}")
    return usage.ru_maxrss / 1024, wall, out.strip()


def spread(values: List[float], fmt: str) -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def report(groups: Dict[str, List[Tuple[str, List[str]]]], rounds: int, sdk_first: bool) -> None:
    for group, sides in groups.items():
        rss: Dict[str, List[float]] = {name: [] for name, _ in sides}
        wall: Dict[str, List[float]] = {name: [] for name, _ in sides}
        answers = set()
        for _ in range(rounds):
            for name, command in sides:
                peak, seconds, out = measure(command)
                rss[name].append(peak)
                wall[name].append(seconds)
                if out:
                    answers.add(out.split()[0])
        if len(answers) > 1:
            sys.exit(f"{group}: the sides read different data: {answers}")
        print(f"{group}: peak RSS MiB and wall s, min / median / max of {rounds}:")
        for name, _ in sides:
            print(f"  {name:<25} {spread(rss[name], '{:.1f}')} MiB   {spread(wall[name], '{:.3f}')} s")
        if sdk_first:
            sdk, *baselines = [name for name, _ in sides]
            best = min(baselines, key=lambda n: statistics.median(rss[n]))
            print(f"  peak RSS: {sdk} {statistics.median(rss[sdk]):.1f} MiB vs best baseline {best} {statistics.median(rss[best]):.1f} MiB ({statistics.median(rss[sdk]) / statistics.median(rss[best]):.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a quick run that proves the bench works (CI)")
    parser.add_argument("--only", action="append", help="only this group (Rust, Python, Node, Python import, Node require)")
    args = parser.parse_args()
    if args.smoke:
        args.contacts, args.rounds = 5_000, 1
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "python/reply")], check=True)
    with Server(args.contacts) as server:
        print(f"streaming {args.contacts:,} contacts (1,000 per page) from the bench server ({server.profile} build)")
        report(chosen(walks(server.url), args.only), args.rounds, sdk_first=True)
    report(chosen(loading(), args.only), args.rounds, sdk_first=True)


def chosen(groups: Dict[str, List[Tuple[str, List[str]]]], only: "List[str] | None") -> Dict[str, List[Tuple[str, List[str]]]]:
    return {name: sides for name, sides in groups.items() if only is None or name in only}


if __name__ == "__main__":
    main()
