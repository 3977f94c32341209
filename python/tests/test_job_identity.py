"""A job started through a view acting as another user and team is polled and
cancelled as that user and team. reply-mock shows a job only to the user who
started it, and its journal records who cancelled it."""

from __future__ import annotations

import asyncio
import json
import typing as t
import urllib.request

import pytest

import reply
from reply import models

from .conftest import MASTER_KEY, Mock, default_keys


@pytest.fixture(scope="module")
def slow_jobs() -> t.Iterator[Mock]:
    # Jobs wait 5 s in Scheduled, so a cancel always finds them running.
    server = Mock({"keys": default_keys(), "jobs": {"scheduledMs": 5000, "processingMs": 100}})
    yield server
    server.stop()


def cancels(mock: Mock) -> t.List[t.Tuple[int, int]]:
    """(acting user, status) of each cancel the mock's handler ran, from its journal."""
    with urllib.request.urlopen(f"{mock.url}/__mock/journal") as answer:
        entries = json.load(answer)["entries"]
    return [(e["userId"], e["status"]) for e in entries if e["operation"] == "CancelBackgroundJob"]


def test_a_job_is_followed_as_the_user_and_team_that_started_it(slow_jobs: Mock, run_token: str) -> None:
    before = len(cancels(slow_jobs))
    with reply.Client(MASTER_KEY, base_url=slow_jobs.url) as client:
        sam = client.with_options(user_id=2, team_id=2)
        contact = sam.contacts.create(body=models.ContactCreationRequest(email=f"sam.{run_token}@example.com"))
        job = sam.email_validations.schedule(body=models.EmailValidationRequest(contact_ids=[contact.id]))
        assert job.status().status == models.BackgroundJobListItemStatus.SCHEDULED
        job.cancel("not needed")
        assert job.wait(timeout=10).status == models.BackgroundJobListItemStatus.CANCELLED
    assert cancels(slow_jobs)[before:] == [(2, 204)]


def test_an_async_job_is_followed_as_the_user_and_team_that_started_it(slow_jobs: Mock, run_token: str) -> None:
    before = len(cancels(slow_jobs))

    async def main() -> models.BackgroundJob:
        async with reply.AsyncClient(MASTER_KEY, base_url=slow_jobs.url) as client:
            sam = client.with_options(user_email="sam@mock.reply.io", team_id=2)
            body = models.ContactCreationRequest(email=f"sam.async.{run_token}@example.com")
            contact = await sam.contacts.create(body=body)
            job = await sam.email_validations.schedule(body={"contactIds": [contact.id]})
            assert (await job.status()).status == "Scheduled"
            await job.cancel()
            return await job.wait(timeout=10)

    assert asyncio.run(main()).status == "Cancelled"
    assert cancels(slow_jobs)[before:] == [(2, 204)]
