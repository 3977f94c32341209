# pyright: strict
"""A typed tour of ten resources, checked by pyright and run by the tests.

Run it against reply-mock:  REPLY_API_KEY=mock-personal-key REPLY_BASE_URL=http://127.0.0.1:PORT python tour.py
"""

from __future__ import annotations

import asyncio
import typing as t
import uuid

import reply
from reply import models


def tour(client: reply.Client, token: str) -> t.List[str]:
    seen: t.List[str] = []

    me: models.WhoamiResponse = client.user_account.whoami()  # 1: user_account
    seen.append(f"user {me.user_id}")

    contact: models.Contact = client.contacts.create(  # 2: contacts
        body=models.ContactCreationRequest(email=f"tour.{token}@example.com", first_name="Tour")
    )
    assert contact.id is not None  # read-only members are optional in the schema
    emails: t.List[str] = [c.email or "" for c in client.contacts.iter_list(page_size=50)]
    seen.append(f"{len(emails)} contacts")

    contact_list: models.ContactList = client.contact_lists.create(body={"name": f"Tour {token}"})  # 3
    assert contact_list.id is not None
    client.contact_lists.add_contacts(contact_list.id, body={"contactIds": [contact.id]})
    seen.append(f"list {contact_list.name}")

    # Reply starts a sequence only with an email account to send from.
    account = client.email_accounts.create(
        body={
            "connection": {
                "email": f"sender.{token}@example.com",
                "senderName": "Tour",
                "smtpHost": "smtp.example.com",
                "smtpPort": 587,
                "smtpPassword": "x",
                "imapHost": "imap.example.com",
                "imapPort": 993,
                "imapPassword": "x",
            }
        }
    )
    sequence = client.sequences.create(  # 4: sequences
        body={
            "name": f"Tour {token}",
            "emailAccounts": [account.id],
            "steps": [
                {
                    "type": "email",
                    "delayInMinutes": 0,
                    "executionMode": "automatic",
                    "variants": [{"subject": "Hi", "message": "Hello"}],
                }
            ],
        }
    )
    assert sequence.id is not None
    client.sequence_contacts.bulk_add(sequence.id, body={"contactIds": [contact.id]})  # 5: sequence_contacts
    started: models.Sequence = client.sequences.start(sequence.id)
    seen.append(f"sequence {started.status}")

    schedules: t.List[models.Schedule] = client.schedules.list()  # 6: schedules
    seen.append(f"{len(schedules)} schedules")

    tasks: models.GetTasksResponse = client.tasks.list(top=5)  # 7: tasks
    seen.append(f"{len(tasks.items or [])} tasks")

    attachment: models.Attachment = client.attachments.upload(file=("tour.txt", b"hello"))  # 8: attachments
    seen.append(f"attachment {attachment.to_dict().get('id')}")

    job: reply.Job[models.EmailValidationSchedule] = client.email_validations.schedule(  # 9: email_validations
        body=models.EmailValidationRequest(contact_ids=[contact.id])
    )
    finished: models.BackgroundJob = job.wait(timeout=30)
    seen.append(f"job {finished.status}")

    jobs: models.GetBackgroundJobsResponse = client.background_jobs.list(top=5)  # 10: background_jobs
    seen.append(f"{len(jobs.items or [])} jobs")

    try:
        client.custom_fields.get(987654321)  # 11: custom_fields
    except reply.NotFoundError as e:
        seen.append(f"custom field: {e.status} {e.code}")
    return seen


async def async_tour(client: reply.AsyncClient) -> int:
    count = 0
    async for _contact in client.contacts.iter_list(page_size=25):
        count += 1
    return count


def main() -> None:
    token = uuid.uuid4().hex[:8]
    with reply.Client.from_env() as client:
        for line in tour(client, token):
            print(line)

    async def run() -> int:
        async with reply.AsyncClient.from_env() as client:
            return await async_tour(client)

    print(asyncio.run(run()), "contacts (async)")


if __name__ == "__main__":
    main()
