"""Fixtures: reply-mock servers over real HTTP, and clients pointed at them.

The mock binary comes from the workspace build (`cargo build -p reply-mock`), or
from $REPLY_MOCK_BIN. Each server listens on a free 127.0.0.1 port picked here
and is stopped when the session ends.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import typing as t
import uuid
from pathlib import Path

import pytest

import reply

ROOT = Path(__file__).resolve().parents[2]
MOCK_BIN = Path(os.environ.get("REPLY_MOCK_BIN", ROOT / "target/x86_64-unknown-linux-gnu/debug/reply-mock"))
PERSONAL_KEY = "mock-personal-key"
MASTER_KEY = "mock-master-key"
READONLY_KEY = "mock-readonly-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mock:
    """A running reply-mock process."""

    def __init__(self, config: t.Dict[str, t.Any]) -> None:
        if not MOCK_BIN.exists():
            raise RuntimeError(f"reply-mock is not built at {MOCK_BIN}; run `cargo build -p reply-mock`")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._config = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"quiet": True, **config}, self._config)
        self._config.close()
        self.process = subprocess.Popen(
            [str(MOCK_BIN), "--port", str(self.port), "--config", self._config.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    raise RuntimeError(f"reply-mock exited: {err}")
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("reply-mock did not start listening")
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.unlink(self._config.name)


def default_keys() -> t.List[t.Dict[str, t.Any]]:
    return [
        {"key": PERSONAL_KEY, "kind": "personal", "userId": 1},
        {"key": MASTER_KEY, "kind": "master", "userId": 1},
        {"key": READONLY_KEY, "kind": "personal", "userId": 1, "scopes": ["contacts:read"]},
    ]


@pytest.fixture(scope="session")
def mock() -> t.Iterator[Mock]:
    """A mock with generous limits and fast jobs, shared by the session."""
    server = Mock(
        {
            "keys": default_keys(),
            "limits": {"perMinute": 100000, "perHour": 1000000, "reportingPerMinute": 100000, "reportingPerHour": 1000000},
            "jobs": {"scheduledMs": 50, "processingMs": 150},
        }
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def faulty_mock() -> t.Iterator[Mock]:
    """A mock whose listed operations always fail in a chosen way."""
    server = Mock(
        {
            "limits": {"perMinute": 100000, "perHour": 1000000, "reportingPerMinute": 100000, "reportingPerHour": 1000000},
            "faults": {
                "operations": {
                    "ListSchedules": {"errors": {"503": 1.0}},
                    "CreateContactList": {"errorsAfter": {"500": 1.0}},
                    "GetContactLists": {"latency": {"minMs": 1500, "maxMs": 1500}},
                }
            },
        }
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def limited_mock() -> t.Iterator[Mock]:
    """A mock enforcing 5 requests per (200 ms) "minute" per user."""
    server = Mock(
        {"limits": {"perMinute": 5, "perHour": 100000, "minuteMs": 200, "hourMs": 3600000}},
    )
    yield server
    server.stop()


@pytest.fixture
def client(mock: Mock) -> t.Iterator[reply.Client]:
    with reply.Client(PERSONAL_KEY, base_url=mock.url, quota=None) as c:
        yield c


@pytest.fixture
def run_token() -> str:
    return uuid.uuid4().hex[:10]
