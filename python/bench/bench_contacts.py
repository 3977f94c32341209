"""Paging through 100,000 contacts in reply-mock: the SDK versus httpx + json
doing the same requests, in the same run. Not a test: run by `just bench`.

    python bench/bench_contacts.py [--contacts N] [--page-size N] [--rounds N]

The mock binary is $REPLY_MOCK_BIN, else the release build, else the debug one.
Both sides make the same GET /v3/contacts?top=&skip= requests on one kept-alive
connection and read every contact's first name: the SDK as typed models, httpx
as dicts from json.loads. Reported: wall time, and the CPU time this process
spent (all threads, so the SDK's Rust work counts), which is the client's own cost
whatever the mock's speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

import reply

ROOT = Path(__file__).resolve().parents[2]
KEY = "mock-personal-key"


def mock_binary() -> Path:
    if "REPLY_MOCK_BIN" in os.environ:
        return Path(os.environ["REPLY_MOCK_BIN"])
    for profile in ("release", "debug"):
        path = ROOT / f"target/x86_64-unknown-linux-gnu/{profile}/reply-mock"
        if path.exists():
            return path
    sys.exit("build reply-mock first: cargo build --release -p reply-mock")


def start_mock() -> "tuple[subprocess.Popen[bytes], str, str]":
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"quiet": True, "limits": {"enabled": False}, "webhooks": {"enabled": False}}, config)
    config.close()
    process = subprocess.Popen([str(mock_binary()), "--port", str(port), "--config", config.name])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}", config.name


async def seed(url: str, total: int) -> None:
    batch = 1000

    async def one(client: reply.AsyncClient, start: int) -> None:
        items = [
            {"firstName": f"First{i}", "lastName": "Last", "company": "Acme", "title": "Engineer", "city": "Paris"}
            for i in range(start, min(start + batch, total))
        ]
        await client.contacts.import_(body={"items": items})

    async with reply.AsyncClient(KEY, base_url=url, quota=None) as client:
        for start in range(0, total, batch * 4):
            await asyncio.gather(*(one(client, s) for s in range(start, min(start + batch * 4, total), batch)))


def with_sdk(url: str, page_size: int) -> int:
    with reply.Client(KEY, base_url=url, quota=None) as client:
        return sum(1 for c in client.contacts.iter_list(page_size=page_size) if c.first_name is not None)


def with_httpx(url: str, page_size: int) -> int:
    count = 0
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}) as client:
        skip = 0
        while True:
            response = client.get("/v3/contacts", params={"top": page_size, "skip": skip})
            response.raise_for_status()
            page = json.loads(response.content)
            count += sum(1 for c in page["items"] if c.get("firstName") is not None)
            skip += len(page["items"])
            if not page.get("hasMore") or not page["items"]:
                return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    process, url, config = start_mock()
    try:
        started = time.perf_counter()
        asyncio.run(seed(url, args.contacts))
        print(f"seeded {args.contacts} contacts in {time.perf_counter() - started:.1f}s ({mock_binary().parent.name} mock)")
        wall = {"reply-sdk": float("inf"), "httpx + json": float("inf")}
        cpu = dict(wall)
        for _ in range(args.rounds):
            for name, run in (("reply-sdk", with_sdk), ("httpx + json", with_httpx)):
                started, cpu_started = time.perf_counter(), time.process_time()
                n = run(url, args.page_size)
                wall[name] = min(wall[name], time.perf_counter() - started)
                cpu[name] = min(cpu[name], time.process_time() - cpu_started)
                assert n >= args.contacts, f"{name} saw {n} contacts"
        for name in wall:
            print(
                f"{name:>13}: {wall[name]:.3f}s wall ({args.contacts / wall[name]:,.0f} contacts/s), "
                f"{cpu[name]:.3f}s client CPU (best of {args.rounds})"
            )
        print(f"wall ratio: reply-sdk is {wall['httpx + json'] / wall['reply-sdk']:.2f}x the speed of httpx + json")
        print(f"client CPU ratio: reply-sdk uses {cpu['httpx + json'] / cpu['reply-sdk']:.2f}x less CPU than httpx + json")
    finally:
        process.terminate()
        process.wait()
        os.unlink(config)


if __name__ == "__main__":
    main()
