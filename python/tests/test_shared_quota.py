"""Two clients in separate processes share one request budget through Redis.

The mock enforces 10 requests per (1 s) "minute" per user with its own
limiter; each worker process makes 15 reads believing it may send 10 a
second. Sharing a budget in Redis, the mock sends no 429 at all; the control
run without Redis shows the same workers overspend, so the test can fail.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import typing as t

import httpx
import pytest

from .conftest import MASTER_KEY, Mock, default_keys, free_port

READS = 15
# Each worker prints how many of its reads failed; retries off, so a 429 would show.
# Its window is 5% longer than the mock's: each reads its own clock, and jitter
# can bring requests closer together at the server than they left.
WORKER = """
import sys, reply
base_url, redis_url, reads = sys.argv[1], sys.argv[2] or None, int(sys.argv[3])
quota = reply.Quota(redis=redis_url, per_minute=10, per_hour=10000, minute=1.05, hour=600.0)
failed = 0
with reply.Client(sys.argv[4], base_url=base_url, quota=quota, max_retries=0) as c:
    sys.stdin.readline()  # start together
    for _ in range(reads):
        try:
            c.custom_fields.list()
        except reply.ReplyError:
            failed += 1
print(failed)
"""


@pytest.fixture
def redis_url() -> t.Iterator[str]:
    """A throwaway redis-server on a free loopback port (Debian's package, which ./dev installs)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: it comes from Debian's `redis-server` package (./dev installs it)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("redis-server did not start listening")
                time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=5)


@pytest.fixture
def scaled_mock() -> t.Iterator[Mock]:
    server = Mock(
        {
            "keys": default_keys(),
            "limits": {"perMinute": 10, "perHour": 10000, "reportingPerMinute": 10, "reportingPerHour": 60, "minuteMs": 1000, "hourMs": 600000},
        }
    )
    yield server
    server.stop()


def run_workers(mock: Mock, redis_url: str) -> t.List[int]:
    """Two worker processes making READS reads each; answers each one's failed reads."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, mock.url, redis_url, str(READS), MASTER_KEY],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)  # both have built their clients
    outputs = [w.communicate("go\n", timeout=60) for w in workers]
    for w, (out, err) in zip(workers, outputs):
        assert w.returncode == 0, err
    return [int(out.strip()) for out, _ in outputs]


def rejected(mock: Mock) -> int:
    """The 429s the mock's own limiter sent."""
    return int(httpx.get(f"{mock.url}/__mock/limits").json()["rejected"])


def test_two_processes_share_one_budget_through_redis(scaled_mock: Mock, redis_url: str) -> None:
    failed = run_workers(scaled_mock, redis_url)
    assert failed == [0, 0]
    assert rejected(scaled_mock) == 0


def test_without_redis_the_same_processes_overspend(scaled_mock: Mock) -> None:
    failed = run_workers(scaled_mock, "")
    # Each process believes it owns the whole budget: together they draw 429s.
    assert rejected(scaled_mock) > 0
    assert sum(failed) > 0
