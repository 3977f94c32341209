# pyright: strict
"""The safe workflows, typed: exact lookup, upsert without data loss, enrolment
with per-contact outcomes, and step positions. Checked by pyright, run by the tests.

Run it against reply-mock:  REPLY_API_KEY=mock-personal-key REPLY_BASE_URL=http://127.0.0.1:PORT python safe_workflows.py
"""

from __future__ import annotations

import asyncio
import typing as t
import uuid

import reply
from reply import models


def step(parent: t.Optional[int]) -> t.Dict[str, t.Any]:
    return {"type": "email", "parentId": parent, "delayInMinutes": 0, "executionMode": "automatic",
            "variants": [{"subject": "Hi", "message": "Hello"}]}  # fmt: skip


def run(client: reply.Client, token: str) -> t.List[str]:
    lines: t.List[str] = []
    # Upsert by email: an existing contact keeps every member this call does not send.
    ada = models.ContactsImportRequestItemsItem.from_dict({"email": f"ada.{token}@example.com", "firstName": "Ada"})
    ensured: reply.Ensured = client.contacts.ensure(ada)
    again: reply.Ensured = client.contacts.ensure({"email": f"ADA.{token}@example.com", "firstName": "Augusta"})
    lines.append(f"ensured {ensured.id} created={ensured.created}, again created={again.created}")

    # Exact lookup: "ada.x@example.com" is never answered with "lada.x@example.com".
    found: t.Optional[models.Contact] = client.contacts.find_by_email(f"Ada.{token}@example.com")
    lines.append(f"found {found.id if found else None}")

    # A two-step sequence; the second step hangs under the first by parentId.
    sequence = client.sequences.create(body={"name": f"Safe {token}", "steps": [step(None)]})
    assert sequence.id is not None
    first: int = client.sequence_steps.resolve(sequence.id, 1)
    client.sequence_steps.create(sequence.id, body=step(first))

    report: reply.EnrolReport = client.sequences.enrol(
        sequence.id, [ensured.id, f"nobody.{token}@example.com"], start_step=2, if_already="skip"
    )
    for result in report.results:
        outcome: reply.EnrolOutcome = result.outcome
        lines.append(f"{result.target}: {outcome.value}")
    try:
        client.sequence_steps.resolve(sequence.id, 3)
    except reply.StepNotFoundError as refused:
        lines.append(f"refused: {refused.kind}")
    return lines


async def run_async(client: reply.AsyncClient, token: str) -> str:
    answers = await client.contacts.ensure_many(
        [{"email": f"grace.{token}@example.com", "firstName": "Grace"}, {"firstName": "No address"}]
    )
    kinds = [a.kind if isinstance(a, reply.ReplyError) else f"created={a.created}" for a in answers]
    return f"async: {', '.join(kinds)}"


def main() -> None:
    token = uuid.uuid4().hex[:8]
    with reply.Client.from_env() as client:
        for line in run(client, token):
            print(line)

    async def go() -> None:
        async with reply.AsyncClient.from_env() as client:
            print(await run_async(client, token))

    asyncio.run(go())


if __name__ == "__main__":
    main()
