# pyright: strict
"""Per-call options, whole responses, the environment and timestamps, as a
user reaches for them. Checked by pyright in strict mode, run by the tests.

Run it against reply-mock:  REPLY_API_KEY=mock-personal-key REPLY_BASE_URL=http://127.0.0.1:PORT python per_call.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import typing as t
import uuid

import reply
from reply import models


def per_call(client: reply.Client, token: str) -> t.List[str]:
    seen: t.List[str] = []

    # Options for this one call: a shorter timeout, a header, a query pair, and
    # a body member this SDK version does not know yet.
    contact: models.Contact = client.contacts.create(
        body=models.ContactCreationRequest(email=f"per.call.{token}@example.com", first_name="Per"),
        timeout=10.0,
        extra_headers={"X-Request-Source": "per_call.py"},
        extra_query={"source": "example"},
        extra_body={"title": "Set through extra_body"},
    )
    seen.append(f"title {contact.title}")

    # Timestamps read as aware datetimes; the wire text is still there.
    created: t.Optional[dt.datetime] = contact.created_at
    wire: object = contact["createdAt"] if "createdAt" in contact else None
    if created is not None:
        age = dt.datetime.now(dt.timezone.utc) - created
        seen.append(f"created {age.total_seconds() < 3600} ({type(wire).__name__} on the wire)")

    # The whole response: status, headers, bytes, and the usual typed answer.
    response: reply.RawResponse[models.GetContactsResponse] = client.with_raw_response.contacts.list(
        top=5, extra_headers={"X-Request-Source": "per_call.py"}
    )
    page: models.GetContactsResponse = response.parse()
    content_type: str = response.headers.get("content-type", "")
    seen.append(f"raw {response.status_code} {content_type.split(';')[0]} {len(page.items or [])} items")
    return seen


async def async_per_call(client: reply.AsyncClient) -> str:
    response: reply.RawResponse[models.WhoamiResponse] = await client.with_raw_response.user_account.whoami(
        timeout=10.0
    )
    me: models.WhoamiResponse = response.parse()
    return f"async raw {response.status_code} user {me.user_id}"


def main() -> None:
    token = uuid.uuid4().hex[:8]
    # No key given: REPLY_API_KEY and REPLY_BASE_URL are read.
    with reply.Client() as client:
        for line in per_call(client, token):
            print(line)

    async def run() -> str:
        async with reply.AsyncClient() as client:
            return await async_per_call(client)

    print(asyncio.run(run()))


if __name__ == "__main__":
    main()
