"""Chaos: the Python mirror of crates/reply-harness/src/bin/chaos.rs, at a small size.

A dedicated reply-mock (rate limits off, fixed seed) injects 5xx, 429,
connection resets, truncated bodies and latency. Contacts are imported and
enrolled into a sequence through the public client; writes whose outcome is
unknown are reconciled by reading the state back. At the end nothing may be
lost or duplicated.
"""

from __future__ import annotations

import os
import time
import typing as t
import uuid

import pytest

import reply

from .conftest import PERSONAL_KEY, Mock

SEED = int(os.environ.get("REPLY_CHAOS_SEED", "7"))  # fixed unless overridden
CONTACTS = 300
ENROL = 60
IMPORT_BATCH = 50
ENROL_BATCH = 20
ROUNDS = 6

# 10 % 5xx (half before the handler runs, half after it acted), 5 % 429,
# 2 % resets (half after acting), 1 % truncated bodies, 0–5 ms latency.
FAULTS = {
    "global": {
        "errors": {"429": 0.05, "500": 0.03, "503": 0.02},
        "errorsAfter": {"500": 0.05},
        "reset": 0.01,
        "resetAfter": 0.01,
        "truncate": 0.01,
        "latency": {"minMs": 0, "maxMs": 5},
    }
}


class Tally:
    def __init__(self) -> None:
        self.writes = 0
        self.unknown = 0
        self.other_errors = 0

    def write(self, call: t.Callable[[], t.Any]) -> t.Any:
        self.writes += 1
        try:
            return call()
        except reply.OutcomeUnknownError:
            self.unknown += 1
        except reply.ReplyError:
            self.other_errors += 1
        return None


@pytest.fixture(scope="module")
def chaos_mock() -> t.Iterator[Mock]:
    server = Mock({"seed": SEED, "limits": {"enabled": False}, "faults": FAULTS})
    yield server
    server.stop()


def contacts_by_email(client: reply.Client) -> t.Dict[str, t.List[int]]:
    found: t.Dict[str, t.List[int]] = {}
    for contact in client.contacts.iter_list(page_size=1000):
        if contact.email:
            found.setdefault(contact.email.lower(), []).append(int(contact.id or 0))
    return found


def enrolled_counts(client: reply.Client, sequence: int) -> t.Dict[int, int]:
    counts: t.Dict[int, int] = {}
    for member in client.sequence_contacts.iter_list(sequence):
        if member.contact_id is not None:
            counts[member.contact_id] = counts.get(member.contact_id, 0) + 1
    return counts


def import_all(client: reply.Client, emails: t.List[str], tally: Tally) -> None:
    missing = list(emails)
    for _ in range(ROUNDS):
        for start in range(0, len(missing), IMPORT_BATCH):
            items = [{"email": e, "firstName": "Chaos"} for e in missing[start : start + IMPORT_BATCH]]
            tally.write(lambda: client.contacts.import_(body={"items": items}))
        present = contacts_by_email(client)
        missing = [e for e in missing if e not in present]
        if not missing:
            return


# Reply (and so the mock) refuses a sequence without steps: one manual email step, never started.
CHAOS_STEP = {
    "type": "email",
    "delayInMinutes": 0,
    "executionMode": "manual",
    "variants": [{"subject": "Chaos", "message": "Never sent: the sequence is not started."}],
}


def sequence_named(client: reply.Client, name: str, tally: Tally) -> int:
    for _ in range(ROUNDS):
        found = client.sequences.list(name=name)
        for s in found.items or []:
            if s.name == name and s.id is not None:
                return int(s.id)
        created = tally.write(lambda: client.sequences.create(body={"name": name, "steps": [CHAOS_STEP]}))
        if created is not None and created.id is not None:
            return int(created.id)
    raise AssertionError(f"could not create the sequence {name!r}")


def enrol_all(client: reply.Client, sequence: int, ids: t.List[int], tally: Tally) -> None:
    missing = list(ids)
    for _ in range(ROUNDS):
        for start in range(0, len(missing), ENROL_BATCH):
            batch = missing[start : start + ENROL_BATCH]
            tally.write(lambda: client.sequence_contacts.bulk_add(sequence, body={"contactIds": batch}))
        present = enrolled_counts(client, sequence)
        missing = [i for i in missing if i not in present]
        if not missing:
            return


def test_chaos_no_lost_or_duplicated_writes(chaos_mock: Mock) -> None:
    run = uuid.uuid4().hex[:10]
    started = time.monotonic()
    tally = Tally()
    with reply.Client(PERSONAL_KEY, base_url=chaos_mock.url, quota=None, max_retries=8) as client:
        emails = [f"chaos.{run}.{i}@example.com" for i in range(CONTACTS)]
        import_all(client, emails, tally)
        by_email = contacts_by_email(client)
        lost = sum(1 for e in emails if e not in by_email)
        wanted = set(emails)
        duplicated = sum(len(ids) - 1 for e, ids in by_email.items() if e in wanted)

        sequence = sequence_named(client, f"Chaos {run}", tally)
        ids = [by_email[e][0] for e in emails[:ENROL] if e in by_email]
        enrol_all(client, sequence, ids, tally)
        enrolled = enrolled_counts(client, sequence)
        intended = set(ids)
        enrol_lost = sum(1 for i in intended if i not in enrolled)
        enrol_dup = sum(n - 1 for n in enrolled.values())
        stray = sum(1 for i in enrolled if i not in intended)

    elapsed = time.monotonic() - started
    print(
        f"\npython chaos: {CONTACTS} contacts, {lost} lost, {duplicated} duplicated; "
        f"{len(intended)} enrolled, {enrol_lost} lost, {enrol_dup} duplicated; "
        f"{tally.unknown} writes reported outcome-unknown "
        f"({tally.writes} writes, {tally.other_errors} other errors, {elapsed:.1f}s, seed {SEED})"
    )
    assert lost == 0 and duplicated == 0
    assert len(intended) == ENROL and enrol_lost == 0 and enrol_dup == 0 and stray == 0
