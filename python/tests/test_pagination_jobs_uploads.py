"""Pagination across pages, background jobs to completion, and uploads from
bytes, paths and file objects, with both clients."""

from __future__ import annotations

import asyncio
import copy
import io
import pickle
import typing as t
from collections.abc import Mapping
from pathlib import Path

import pytest

import reply
from reply import models

from .conftest import PERSONAL_KEY, Mock


def make_contacts(client: reply.Client, token: str, n: int) -> t.List[int]:
    return [client.contacts.create(body=models.ContactCreationRequest(email=f"p{i}.{token}@example.com")).id for i in range(n)]


def test_iterating_walks_every_page(client: reply.Client, run_token: str) -> None:
    ids = set(make_contacts(client, run_token, 7))
    pages = list(client.contacts.iter_list(page_size=3).pages())
    assert len(pages) >= 3 and all(len(p) <= 3 for p in pages)
    seen = [c.id for c in client.contacts.iter_list(page_size=3)]
    assert ids <= set(seen) and len(seen) == len(set(seen)) == sum(len(p) for p in pages)
    assert all(isinstance(c, models.Contact) for page in pages for c in page)


def test_page_items_read_like_fetched_models(client: reply.Client, run_token: str) -> None:
    # Page items stay on the Rust side until read; they must behave like any model.
    first = make_contacts(client, run_token, 1)[0]
    item = next(c for c in client.contacts.iter_list(page_size=50) if c.id == first)
    fetched = client.contacts.get(first)
    assert item == fetched and fetched == item and not (item != fetched)
    assert item.to_dict() == fetched.to_dict() and isinstance(item.to_dict(), dict)
    assert repr(item) == repr(fetched) and item.extra == fetched.extra == {}
    assert item["email"] == item.email == f"p0.{run_token}@example.com" and "email" in item and "nope" not in item
    assert item.get("nope", 5) == 5
    assert copy.deepcopy(item) == item and pickle.loads(pickle.dumps(item)) == item
    assert isinstance(item._data, Mapping) and dict(item._data) == fetched.to_dict()
    # A page item's members can be sent back as a body. Answers spell `companySize`
    # in lower case where requests spell it in PascalCase; the engine matches enum
    # values case-insensitively, so the request goes out in the request's spelling.
    updated = client.contacts.update(first, body=item._data)
    assert (updated.email, updated.company_size) == (item.email, item.company_size)


def test_page_items_read_awkward_text_like_fetched_models(client: reply.Client, run_token: str) -> None:
    # Page items read plain strings and integers without a parser and escaped
    # text through it, and build to_dict() from their member index: every
    # attribute and the whole dict must match the same contact fetched alone.
    body = models.ContactCreationRequest(
        email=f"awkward.{run_token}@example.com",
        first_name='Zoë "Q" \\ O\'Neil',
        last_name="tab\there, newline\nthere, \u2603 and \U0001f600",
        company="",
        notes="}]{[\",:",
        custom_fields=[
            models.ContactCustomFieldsItem(key="quote\"d", value="ü"),
            models.ContactCustomFieldsItem(key="n", value=None),
        ],
    )
    first = client.contacts.create(body=body).id
    assert first is not None
    item = next(c for c in client.contacts.iter_list(page_size=50) if c.id == first)
    fetched = client.contacts.get(first)
    for name in models.Contact._FIELDS:
        assert getattr(item, name) == getattr(fetched, name), name
    assert item.first_name == 'Zoë "Q" \\ O\'Neil' and item.notes == "}]{[\",:" and item.company == ""
    assert [(f.key, f.value) for f in item.custom_fields or []] == [("quote\"d", "ü"), ("n", None)]
    assert item.to_dict() == fetched.to_dict()
    assert "email" in repr(models.Contact.email)  # read on the class: the attribute itself


def test_stopping_early_is_fine(client: reply.Client, run_token: str) -> None:
    make_contacts(client, run_token, 4)
    for i, _ in enumerate(client.contacts.iter_list(page_size=1)):
        if i == 2:
            break
    assert client.contacts.list(top=1).items


def test_async_iteration(mock: Mock, client: reply.Client, run_token: str) -> None:
    ids = set(make_contacts(client, run_token, 5))

    async def main() -> t.List[int]:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as a:
            return [c.id async for c in a.contacts.iter_list(page_size=2)]

    seen = asyncio.run(main())
    assert ids <= set(seen) and len(seen) == len(set(seen))


def test_job_runs_to_completion(client: reply.Client, run_token: str) -> None:
    ids = make_contacts(client, run_token, 2)
    job = client.email_validations.schedule(body=models.EmailValidationRequest(contact_ids=ids))
    assert isinstance(job, reply.Job) and job.id
    assert job.status().job_id == job.id
    done = job.wait(timeout=30)
    assert isinstance(done, models.BackgroundJob)
    assert done.status == models.BackgroundJobListItemStatus.DONE


def test_async_job_and_cancel(mock: Mock, client: reply.Client, run_token: str) -> None:
    ids = make_contacts(client, run_token, 1)

    async def main() -> t.Tuple[models.BackgroundJob, models.BackgroundJob]:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as a:
            first = await a.email_validations.schedule(body={"contactIds": ids})
            done = await first.wait(timeout=30)
            second = await a.email_validations.schedule(body={"contactIds": ids})
            await second.cancel("changed my mind")
            return done, await second.status()

    done, cancelled = asyncio.run(main())
    assert done.status == "Done"
    assert cancelled.status in ("Cancelled", "Done")


def test_uploads_from_bytes_path_and_file_object(client: reply.Client, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello from a path")
    for source in (b"raw bytes", str(path), path, io.BytesIO(b"from a file object"), ("named.pdf", b"%PDF-1.4")):
        uploaded = client.attachments.upload(file=source)
        assert isinstance(uploaded, reply.Model) and uploaded.to_dict()
    with path.open("rb") as f:
        assert client.attachments.upload(file=f).to_dict()


def test_async_upload(mock: Mock) -> None:
    async def main() -> reply.Model:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as a:
            return await a.attachments.upload(file=("a.txt", b"async upload"))

    assert asyncio.run(main()).to_dict()
