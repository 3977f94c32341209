"""A raw request to any path and the engine's records on ``logging``, typed.
Checked by pyright, run by the tests.

Run it against reply-mock:  REPLY_API_KEY=mock-personal-key REPLY_BASE_URL=http://127.0.0.1:PORT python raw_and_logs.py
"""

from __future__ import annotations

import asyncio
import logging
import typing as t

import reply


class Retries(logging.Handler):
    """Counts the engine's records by message."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: t.Dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        fields: t.Dict[str, t.Any] = getattr(record, "reply_fields", {})
        name = record.getMessage().split(" operation=")[0]
        self.seen[name] = self.seen.get(name, 0) + 1
        assert "operation" in fields or record.name != "reply.request"


def main() -> None:
    handler = Retries()
    logger = logging.getLogger("reply")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    with reply.Client.from_env(quota=None) as client:
        me: t.Dict[str, t.Any] = client.request("GET", "/v3/whoami")
        page = client.with_options(max_retries=0).request("GET", "contacts", query={"top": 1, "skip": 0})
        print(f"user {me['userId']}, {len(page['items'])} contact(s)")
        try:
            client.request("GET", "/v3/not-in-this-sdk", headers={"X-Example": "1"})
        except reply.NotFoundError as e:
            print(f"unknown path: HTTP {e.status}")

    async def in_async() -> t.Any:
        async with reply.AsyncClient.from_env(quota=None) as client:
            return await client.request("GET", "whoami")

    print(f"async user {asyncio.run(in_async())['userId']}")
    print(f"records: {handler.seen.get('request sent', 0)} sent")


if __name__ == "__main__":
    main()
