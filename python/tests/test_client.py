"""Client behaviour: the quota keeps a scaled-down mock limit from ever
answering 429, the blocking client releases the GIL, options and env."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

import reply

from .conftest import PERSONAL_KEY, Mock


def test_quota_keeps_under_the_limit_without_a_429(limited_mock: Mock) -> None:
    quota = reply.Quota(per_minute=5, per_hour=100000, minute=0.2, hour=3600.0)
    # No retries: a 429 would surface as RateLimitedError instead of being absorbed.
    with reply.Client(PERSONAL_KEY, base_url=limited_mock.url, quota=quota, max_retries=0) as c:
        started = time.monotonic()
        for _ in range(20):
            assert c.user_account.whoami().user_id == 1
        elapsed = time.monotonic() - started
        snapshot = c.quota()
    assert snapshot is not None and snapshot.waited > 0
    # 20 requests at 5 per 200 ms need at least three full windows of waiting.
    assert elapsed >= 0.55


def test_async_quota_shared_by_concurrent_calls(limited_mock: Mock) -> None:
    quota = reply.Quota(per_minute=5, per_hour=100000, minute=0.2, hour=3600.0)

    # Concurrent requests reach the mock with some jitter, so a 429 at a window's
    # edge is possible; the default retries absorb it and none reaches the caller.
    async def main() -> int:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=limited_mock.url, quota=quota) as c:
            results = await asyncio.gather(*(c.user_account.whoami() for _ in range(15)))
            return len(results)

    assert asyncio.run(main()) == 15


def test_blocking_calls_release_the_gil(faulty_mock: Mock) -> None:
    # GetContactLists answers after 1.5 s on this mock; two threads overlap only
    # if the first call lets go of the GIL while it waits.
    with reply.Client(PERSONAL_KEY, base_url=faulty_mock.url) as c:
        started = time.monotonic()
        threads = [threading.Thread(target=c.contact_lists.list) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert time.monotonic() - started < 2.5


def test_from_env_and_options(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLY_API_KEY", PERSONAL_KEY)
    monkeypatch.setenv("REPLY_BASE_URL", mock.url)
    with reply.Client.from_env(timeout=5.0) as c:
        assert c.base_url == mock.url
        assert c.user_account.whoami().user_id == 1
        view = c.with_options(max_retries=0, headers={"X-Trace": "1"})
        assert isinstance(view, reply.Client) and view.user_account.whoami().user_id == 1
    monkeypatch.delenv("REPLY_API_KEY")
    with pytest.raises(reply.ConfigError):
        reply.Client.from_env()


def test_context_managers_close(mock: Mock) -> None:
    with reply.Client(PERSONAL_KEY, base_url=mock.url) as c:
        c.user_account.whoami()
    with pytest.raises(reply.ConfigError):
        c.user_account.whoami()

    async def main() -> None:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as a:
            await a.user_account.whoami()
        with pytest.raises(reply.ConfigError):
            await a.user_account.whoami()

    asyncio.run(main())


def test_answers_that_are_not_json(client: reply.Client) -> None:
    # A redirect (OAuth connect flow) returns its Location; a CSV export its bytes.
    assert client.email_accounts.connect_gmail().startswith("https://")
    holidays = [{"startDate": "2026-12-25", "endDate": "2026-12-25", "name": "Xmas"}]
    calendar = client.holiday_calendars.create(body={"name": "Holidays", "holidays": holidays})
    assert calendar.id is not None
    csv = client.holiday_calendars.export_csv(calendar.id)
    assert isinstance(csv, bytes) and b"Xmas" in csv
