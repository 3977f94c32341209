"""Paging through contacts: the SDK beside httpx + json and httpx + orjson,
all reading the same members of every contact, in one run. Not a test: run by
`just bench-python` (release builds); CI runs `--smoke`.

    python bench/bench_contacts.py [--contacts N] [--page-size N] [--rounds N] [--smoke]

The contacts come from the bench server (crates/reply-client/examples/bench_server.rs):
realistic contacts (email, phone, company, dates, four custom fields, some
non-ASCII text) written on the fly. Two kinds of work, each done by every side:

- named: read seven members of each contact (id, email, firstName, lastName,
  company, title, customFields): attributes of the SDK's models, dict lookups
  of the baselines';
- full: a whole dict per contact (`to_dict()` for the SDK; the baselines'
  parsers build it anyway).

Rounds are interleaved (every variant once per round, the order rotated), so a
busy spell of the machine falls on all of them. Each variant's wall time is
given as min / median / max over the rounds, with the client CPU (this
process, all threads); the ratio is the best baseline's median over the SDK's
median, and its spread is the same ratio taken round by round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List

from walks import WALKS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benches"))
from server import Server  # noqa: E402


def spread(values: List[float], fmt: str = "{:.3f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def run(kind: str, url: str, contacts: int, page_size: int, rounds: int) -> None:
    variants = list(WALKS[kind].items())
    wall: Dict[str, List[float]] = {name: [] for name, _ in variants}
    cpu: Dict[str, List[float]] = {name: [] for name, _ in variants}
    # Warm up every side once (imports, connection, first-use caches), untimed.
    answers = {name: walk(url, page_size) for name, walk in variants}
    if len(set(answers.values())) != 1:
        sys.exit(f"the sides read different data: {answers}")
    for r in range(rounds):
        order = variants[r % len(variants) :] + variants[: r % len(variants)]
        for name, walk in order:
            started, cpu_started = time.perf_counter(), time.process_time()
            walk(url, page_size)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    print(f"{kind} members, {contacts:,} contacts, {page_size} per page, {rounds} interleaved rounds; wall s min / median / max:")
    for name, _ in variants:
        print(f"  {name:<15} {spread(wall[name])}  ({contacts / statistics.median(wall[name]):,.0f} contacts/s; client CPU median {statistics.median(cpu[name]):.3f}s)")
    baselines = [name for name, _ in variants if name != "reply-sdk"]
    best = min(baselines, key=lambda n: statistics.median(wall[n]))
    per_round = [min(wall[b][r] for b in baselines) / wall["reply-sdk"][r] for r in range(rounds)]
    print(
        f"  ratio ({kind}): reply-sdk is {statistics.median(wall[best]) / statistics.median(wall['reply-sdk']):.2f}x "
        f"the best baseline ({best}); per round min / median / max {spread(per_round, '{:.2f}')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="a quick run that proves the bench works (CI)")
    parser.add_argument("--kind", choices=("named", "full"), action="append")
    args = parser.parse_args()
    if args.smoke:
        args.contacts, args.rounds = 5_000, 1
    with Server(args.contacts) as server:
        print(f"python {sys.version.split()[0]}, bench server {server.profile} build at {server.url}")
        for kind in args.kind or ("named", "full"):
            run(kind, server.url, args.contacts, args.page_size, args.rounds)


if __name__ == "__main__":
    main()
