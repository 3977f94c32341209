"""Wall time and peak memory of `import X` in a fresh interpreter, for the
README's import figures: `python benches/import/python_import.py reply openai stripe`
(a dotted name such as `reply.models` measures that module too).

Each round starts fresh child processes: one that only
starts the interpreter (the floor) and one that also imports the module. The
time is the child's own wall clock around the import (so process start-up is
left out); the memory is the child's peak resident set (ru_maxrss) minus the
floor's. Best and median over the rounds are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

# Runs in the child: the import timed from inside, and the peak RSS read after.
CHILD = """
import resource, sys, time
start = time.perf_counter()
if sys.argv[1]:
    __import__(sys.argv[1])
took = time.perf_counter() - start
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(python: str, module: str) -> tuple[float, float]:
    """(seconds, peak RSS in KiB) of one child importing `module` ("" = nothing)."""
    # Bytecode is written and read as for an installed package (pip compiles it at install).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([python, "-c", CHILD, module], check=True, capture_output=True, text=True, env=env).stdout
    took, rss = out.split()
    return float(took), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="+")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--json", action="store_true", help="print one JSON object per module")
    args = parser.parse_args()
    floors = [measure(args.python, "")[1] for _ in range(5)]
    floor = statistics.median(floors)
    for module in args.modules:
        measure(args.python, module)  # warm the disk cache and write .pyc files first
        runs = [measure(args.python, module) for _ in range(args.rounds)]
        times = [t for t, _ in runs]
        mem = [(rss - floor) / 1024 for _, rss in runs]
        row = {
            "module": module,
            "rounds": args.rounds,
            "time_best_s": round(min(times), 4),
            "time_median_s": round(statistics.median(times), 4),
            "mem_best_mib": round(min(mem), 1),
            "mem_median_mib": round(statistics.median(mem), 1),
            "peak_rss_median_mib": round(statistics.median(rss for _, rss in runs) / 1024, 1),
        }
        if args.json:
            print(json.dumps(row))
        else:
            print(
                f"import {module:<8} time best {row['time_best_s']:.3f} s, median {row['time_median_s']:.3f} s;"
                f" memory over a bare interpreter best {row['mem_best_mib']:.1f} MiB, median {row['mem_median_mib']:.1f} MiB"
                f" (peak RSS {row['peak_rss_median_mib']:.1f} MiB; {args.rounds} rounds)"
            )


if __name__ == "__main__":
    main()
