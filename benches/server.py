"""Starting the paging benches' server (crates/reply-client/examples/bench_server.rs).

The binary is $BENCH_SERVER_BIN, else the release build, else the debug one
(`cargo build --release -p reply-client --example bench_server`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "target/x86_64-unknown-linux-gnu"


def example(name: str) -> Path:
    """The release build of a reply-client example, else its debug build."""
    override = os.environ.get(f"BENCH_{name.upper()}_BIN")
    if override:
        return Path(override)
    for profile in ("release", "debug"):
        path = TARGET / profile / "examples" / name
        if path.exists():
            return path
    sys.exit(f"build it first: cargo build --release -p reply-client --example {name}")


class Server:
    """The bench server over `contacts` contacts, stopped on exit."""

    def __init__(self, contacts: int) -> None:
        self.binary = example("bench_server")
        self.process = subprocess.Popen(
            [str(self.binary), "--contacts", str(contacts)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.process.kill()
            sys.exit(f"the bench server did not start: {line!r}")
        self.url = line.removeprefix("listening on ")

    @property
    def profile(self) -> str:
        return self.binary.parent.parent.name

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        self.process.wait()
