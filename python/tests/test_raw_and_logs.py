"""``client.request`` to paths the SDK does not know, and the engine's records
on Python's ``logging`` without the key."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import typing as t
import urllib.request
from pathlib import Path

import pytest

import reply

from .conftest import Mock

# Recognisable, so a test can tell if it leaks anywhere.
FAKE_KEY = "sk-FAKE-7e1d5c0b3a9f-LEAKCHECK"


@pytest.fixture(scope="module")
def faulty() -> t.Iterator[Mock]:
    """A mock accepting FAKE_KEY whose schedules always answer 503 (before
    acting) and whose contact-list creation always fails after acting."""
    server = Mock(
        {
            "keys": [{"key": FAKE_KEY, "kind": "personal", "userId": 1}],
            "limits": {"perMinute": 100000, "perHour": 1000000, "reportingPerMinute": 100000, "reportingPerHour": 1000000},
            "faults": {
                "operations": {
                    "ListSchedules": {"errors": {"503": 1.0}},
                    "CreateContactList": {"errorsAfter": {"500": 1.0}},
                }
            },
        }
    )
    yield server
    server.stop()


def journal(mock: Mock, operation: str) -> int:
    with urllib.request.urlopen(f"{mock.url}/__mock/journal") as answer:
        return sum(1 for e in json.load(answer)["entries"] if e["operation"] == operation)


def test_a_path_the_sdk_does_not_know_reaches_the_mock_as_data(client: reply.Client) -> None:
    view = client.with_options(team_id=3)
    echoed = view.request(
        "post",
        "/v3/__mock/echo/brand-new",
        query={"top": 5, "flag": True, "tag": ["a", "b c"]},
        body={"nested": [1, {"x": None}]},
        headers={"X-Probe": "raw"},
    )
    assert echoed["method"] == "POST"
    assert echoed["path"] == "/v3/__mock/echo/brand-new"
    assert echoed["query"] == "top=5&flag=true&tag=a&tag=b%20c"
    assert echoed["body"] == {"nested": [1, {"x": None}]}
    assert echoed["authorized"] is True
    assert echoed["headers"]["x-probe"] == "raw"
    assert echoed["headers"]["x-team-id"] == "3"
    # A known path answers as the operation would, as plain data.
    assert client.request("GET", "whoami")["userId"] == 1
    # Elsewhere an unknown path is the mock's 404, raised as usual.
    with pytest.raises(reply.NotFoundError):
        client.request("GET", "/v3/not-in-the-spec")


def test_async_request(mock: Mock) -> None:
    async def main() -> t.Any:
        async with reply.AsyncClient("mock-personal-key", base_url=mock.url, quota=None) as c:
            return await c.request("DELETE", "__mock/echo/9")

    echoed = asyncio.run(main())
    assert (echoed["method"], echoed["path"]) == ("DELETE", "/v3/__mock/echo/9")


def test_paths_that_leave_the_api_are_refused(client: reply.Client) -> None:
    for path in ["https://evil.example/v3/contacts", "//evil.example/x", "/v3/contacts/../users", "contacts?top=1"]:
        with pytest.raises(reply.ConfigError):
            client.request("GET", path)


def test_a_raw_write_is_not_retried_after_a_fault_that_may_have_acted(faulty: Mock) -> None:
    before = journal(faulty, "CreateContactList")
    with reply.Client(FAKE_KEY, base_url=faulty.url, quota=None) as c:
        with pytest.raises(reply.OutcomeUnknownError):
            c.request("POST", "/v3/contact-lists", body={"name": "raw"})

    async def main() -> None:
        async with reply.AsyncClient(FAKE_KEY, base_url=faulty.url, quota=None) as c:
            await c.request("POST", "/v3/contact-lists", body={"name": "raw async"})

    with pytest.raises(reply.OutcomeUnknownError):
        asyncio.run(main())
    assert journal(faulty, "CreateContactList") == before + 2, "each write sent once"


def test_logging_receives_a_retry_without_the_key(faulty: Mock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="reply")
    with reply.Client(FAKE_KEY, base_url=faulty.url, quota=None, max_retries=1) as c:
        with pytest.raises(reply.ServerError):
            c.schedules.list()
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 1, caplog.text
    retry = retries[0]
    assert (retry.name, retry.levelno) == ("reply.request", logging.WARNING)
    fields = t.cast(t.Dict[str, t.Any], getattr(retry, "reply_fields"))
    assert fields["operation"] == "ListSchedules" and fields["status"] == 503
    assert fields["reason"] == "HTTP 503" and isinstance(fields["wait_ms"], int)
    sent = [r for r in caplog.records if r.getMessage().startswith("request sent")]
    assert len(sent) == 2 and all(r.levelno == logging.DEBUG for r in sent)
    everything = caplog.text + repr([vars(r) for r in caplog.records])
    assert FAKE_KEY not in everything and "Bearer" not in everything


def test_logging_follows_the_logger_level(faulty: Mock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="reply")
    with reply.Client(FAKE_KEY, base_url=faulty.url, quota=None, max_retries=1) as c:
        with pytest.raises(reply.ServerError):
            c.request("GET", "schedules")
    names = [r.getMessage().split(" ")[0] for r in caplog.records if r.name.startswith("reply")]
    assert names == ["retrying"], caplog.text


def test_raw_and_logs_example_runs(mock: Mock) -> None:
    # Four requests: three blocking and one awaited, each logged once as sent.
    example = Path(__file__).resolve().parents[1] / "examples/raw_and_logs.py"
    env = {"REPLY_API_KEY": "mock-personal-key", "REPLY_BASE_URL": mock.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(example)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("user 1, ") and lines[1:] == ["unknown path: HTTP 404", "async user 1", "records: 4 sent"]
