"""Every error class, produced by the mock over HTTP (or by the SDK itself for
configuration problems), with its fields; and the key never shows."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

import reply

from .conftest import MASTER_KEY, PERSONAL_KEY, READONLY_KEY, Mock, free_port

SECRET = "sk-very-secret-key-0123456789"


def raised(call: t.Callable[[], t.Any]) -> reply.ReplyError:
    with pytest.raises(reply.ReplyError) as info:
        call()
    return info.value


def test_not_found(client: reply.Client) -> None:
    e = raised(lambda: client.contacts.get(987654321))
    assert type(e) is reply.NotFoundError and isinstance(e, reply.ApiError)
    assert (e.kind, e.status, e.code, e.operation) == ("not_found", 404, "contact.notFound", "GetContactById")
    assert e.detail and "987654321" in e.detail


def test_validation_with_pointers(client: reply.Client, run_token: str) -> None:
    e = raised(lambda: client.contacts.list(top=100000))
    assert type(e) is reply.ValidationError and e.status == 400
    assert e.errors == [reply.FieldError("/top", "must be at most 1000")]
    email = f"dup.{run_token}@example.com"
    client.contacts.create(body={"email": email})
    e = raised(lambda: client.contacts.create(body={"email": email}))
    assert type(e) is reply.ValidationError and e.code == "contact.duplicateEmail"
    assert [f.pointer for f in e.errors] == ["/email"]


def test_conflict(client: reply.Client, run_token: str) -> None:
    # StartSequence documents 409 `sequenceAction.archived` for an archived sequence.
    step = {"type": "email", "delayInMinutes": 0, "executionMode": "manual",
            "variants": [{"subject": "Hi", "message": "Hello"}]}
    sequence = client.sequences.create(body={"name": f"archived {run_token}", "steps": [step]})
    client.sequences.archive(sequence.id)
    e = raised(lambda: client.sequences.start(sequence.id))
    assert type(e) is reply.ConflictError
    assert (e.status, e.code) == (409, "sequenceAction.archived")


def test_unauthorized(mock: Mock) -> None:
    with reply.Client(SECRET, base_url=mock.url) as c:
        e = raised(lambda: c.contacts.list())
    assert type(e) is reply.UnauthorizedError and e.status == 401
    assert SECRET not in str(e) and SECRET not in repr(e)


def test_forbidden_missing_scope(mock: Mock, run_token: str) -> None:
    with reply.Client(READONLY_KEY, base_url=mock.url) as c:
        c.contacts.list(top=1)
        e = raised(lambda: c.contacts.create(body={"email": f"ro.{run_token}@example.com"}))
    assert type(e) is reply.ForbiddenError and e.status == 403


def test_forbidden_team_required_lists_teams(mock: Mock) -> None:
    with reply.Client(MASTER_KEY, base_url=mock.url, user_id=2) as c:
        e = raised(lambda: c.contacts.list())
        assert type(e) is reply.ForbiddenError and e.code == "TEAM_REQUIRED"
        assert reply.Team(2, "Marketing") in e.teams
        # Choosing a team per call makes the same request work.
        assert c.with_options(team_id=2).contacts.list(top=1).items is not None


def test_server_error_after_retries(faulty_mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=faulty_mock.url, max_retries=1) as c:
        e = raised(lambda: c.schedules.list())
    assert type(e) is reply.ServerError and e.status == 503 and e.kind == "server"


def test_outcome_unknown_write_is_not_retried(faulty_mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=faulty_mock.url) as c:
        e = raised(lambda: c.contact_lists.create(body={"name": "maybe created"}))
    assert type(e) is reply.OutcomeUnknownError and e.kind == "outcome_unknown"
    assert e.operation == "CreateContactList"


def test_timeout(faulty_mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=faulty_mock.url, timeout=0.2, max_retries=0) as c:
        e = raised(lambda: c.contact_lists.list())
    assert type(e) is reply.ReplyTimeoutError and isinstance(e, TimeoutError) and e.kind == "timeout"


def test_connection_refused() -> None:
    with reply.Client(SECRET, base_url=f"http://127.0.0.1:{free_port()}", max_retries=0) as c:
        e = raised(lambda: c.contacts.list())
    assert type(e) is reply.ReplyConnectionError and isinstance(e, ConnectionError)
    assert SECRET not in str(e) and SECRET not in repr(e)


def test_rate_limited_when_the_client_quota_is_off(limited_mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=limited_mock.url, quota=None, max_retries=0) as c:
        with pytest.raises(reply.RateLimitedError) as info:
            for _ in range(20):
                c.user_account.whoami()
    e = info.value
    assert e.status == 429 and e.retry_after is not None and e.retry_after >= 0


def test_decode_error_on_an_oversized_answer(mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=mock.url, max_response_bytes=8) as c:
        e = raised(lambda: c.user_account.whoami())
    assert type(e) is reply.DecodeError and e.kind == "decode"


@pytest.mark.parametrize(
    "options",
    [{"base_url": "http://example.com"}, {"base_url": "ftp://x"}, {"user_id": 1, "user_email": "a@b.c"}],
)
def test_config_errors(options: t.Dict[str, t.Any]) -> None:
    with pytest.raises((reply.ConfigError, ValueError)) as info:
        reply.Client(SECRET, **options)
    assert SECRET not in str(info.value)


def test_blank_key_and_bad_bodies(client: reply.Client) -> None:
    e = raised(lambda: reply.Client(" "))
    assert type(e) is reply.ConfigError and isinstance(e, ValueError)
    e = raised(lambda: client.contacts.create(body={"email": 5}))
    assert type(e) is reply.ConfigError and "CreateContact" in str(e)


def test_closed_client_refuses(mock: Mock) -> None:
    c = reply.Client(PERSONAL_KEY, base_url=mock.url)
    c.close()
    assert type(raised(lambda: c.contacts.list())) is reply.ConfigError


def test_async_errors_are_the_same_classes(mock: Mock) -> None:
    async def main() -> t.Tuple[reply.ReplyError, reply.ReplyError]:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as c:
            try:
                await c.contacts.get(987654321)
            except reply.ReplyError as e:
                first = e
            try:
                await c.contacts.list(top=100000)
            except reply.ReplyError as e:
                return first, e
        raise AssertionError("no error raised")

    not_found, invalid = asyncio.run(main())
    assert type(not_found) is reply.NotFoundError and not_found.status == 404
    assert type(invalid) is reply.ValidationError and invalid.errors[0].pointer == "/top"


def test_the_key_never_shows() -> None:
    c = reply.Client(SECRET, base_url="http://127.0.0.1:9")
    a = reply.AsyncClient(SECRET, base_url="http://127.0.0.1:9")
    shown = [repr(c), str(c), repr(a), repr(c._native), repr(c.contacts), repr(c.with_options(team_id=1)), repr(c.quota())]
    assert all(SECRET not in s for s in shown)
    assert all(SECRET not in repr(v) for v in vars(c).values())
