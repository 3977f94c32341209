"""Per-call options (``timeout=``, ``extra_headers=``, ``extra_query=``,
``extra_body=``) and ``with_raw_response``, seen on the wire: the client talks
to a small recording proxy in front of reply-mock, which keeps every request as
it arrived and marks every answer with a header of its own."""

from __future__ import annotations

import asyncio
import http.client
import http.server
import json
import threading
import time
import typing as t
import urllib.parse

import pytest

import reply
from reply import models

from .conftest import PERSONAL_KEY, Mock


class Seen(t.NamedTuple):
    method: str
    path: str
    query: t.Dict[str, t.List[str]]
    headers: t.Dict[str, str]
    body: bytes


class Proxy:
    """Forwards to reply-mock and records each request; a request with
    ``X-Delay: SECONDS`` is held that long first; answers carry ``X-Proxy: seen``."""

    def __init__(self, upstream: Mock) -> None:
        self.seen: t.List[Seen] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                proxy.seen.append(
                    Seen(
                        self.command,
                        url.path,
                        urllib.parse.parse_qs(url.query),
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
                time.sleep(float(self.headers.get("X-Delay") or 0))
                conn = http.client.HTTPConnection("127.0.0.1", upstream.port, timeout=10)
                forward = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "x-delay")}
                conn.request(self.command, self.path, body=body or None, headers=forward)
                answer = conn.getresponse()
                data = answer.read()
                try:
                    self.send_response(answer.status)
                    for k, v in answer.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(k, v)
                    self.send_header("X-Proxy", "seen")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a per-call timeout)
                conn.close()

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

            def log_message(self, *args: t.Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def last(self, path: str) -> Seen:
        return [s for s in self.seen if s.path == path][-1]


@pytest.fixture(scope="module")
def proxy(mock: Mock) -> t.Iterator[Proxy]:
    p = Proxy(mock)
    yield p
    p.server.shutdown()


@pytest.fixture()
def client(proxy: Proxy) -> t.Iterator[reply.Client]:
    with reply.Client(PERSONAL_KEY, base_url=proxy.url) as c:
        yield c


def test_per_call_options_reach_the_wire(client: reply.Client, proxy: Proxy) -> None:
    contact = client.contacts.create(
        body=models.ContactCreationRequest(email="wire.options@example.com", first_name="Wire"),
        extra_headers={"X-Trace": "t-1"},
        extra_query={"trace": "q-1", "dry": True},
        extra_body={"title": "From extra_body"},
    )
    seen = proxy.last("/v3/contacts")
    assert seen.method == "POST"
    assert seen.headers["x-trace"] == "t-1"
    assert seen.query == {"trace": ["q-1"], "dry": ["true"]}
    sent = json.loads(seen.body)
    assert sent["email"] == "wire.options@example.com" and sent["title"] == "From extra_body"
    assert contact.title == "From extra_body"  # the mock stored the extra member: it was in the body

    # The options were for that call only.
    client.contacts.get(t.cast(int, contact.id))
    plain = proxy.last(f"/v3/contacts/{contact.id}")
    assert "x-trace" not in plain.headers and plain.query == {}


def test_extra_body_members_win_over_the_body_and_the_key_cannot_be_replaced(
    client: reply.Client, proxy: Proxy
) -> None:
    client.contacts.create(
        body={"email": "wire.override@example.com", "firstName": "Before"},
        extra_body={"firstName": "After"},
        extra_headers={"Authorization": "Bearer stolen"},
    )
    seen = proxy.last("/v3/contacts")
    assert json.loads(seen.body)["firstName"] == "After"
    assert seen.headers["authorization"] == f"Bearer {PERSONAL_KEY}"


def test_per_call_query_and_headers_on_reads_and_walks(client: reply.Client, proxy: Proxy) -> None:
    client.contacts.list(top=5, extra_query={"probe": 1}, extra_headers={"X-Read": "r"})
    seen = proxy.last("/v3/contacts")
    assert seen.query == {"top": ["5"], "probe": ["1"]} and seen.headers["x-read"] == "r"
    list(client.contacts.iter_list(page_size=2, extra_query={"walk": "w"}))
    walked = [s for s in proxy.seen if s.path == "/v3/contacts" and "walk" in s.query]
    assert walked and all(s.query["walk"] == ["w"] for s in walked)


def test_a_per_call_timeout_bounds_that_call(proxy: Proxy) -> None:
    with reply.Client(PERSONAL_KEY, base_url=proxy.url, max_retries=0) as c:
        started = time.monotonic()
        with pytest.raises(reply.ReplyTimeoutError):
            c.user_account.whoami(timeout=0.2, extra_headers={"X-Delay": "1.5"})
        assert time.monotonic() - started < 1.2
        # The client's own timeout (30 s) still applies to the next call.
        assert c.user_account.whoami(extra_headers={"X-Delay": "0.3"}).user_id == 1


def test_bad_per_call_options_are_config_errors(client: reply.Client) -> None:
    with pytest.raises(reply.ConfigError, match="header name"):
        client.user_account.whoami(extra_headers={"Bad Name": "x"})
    with pytest.raises(reply.ConfigError, match="line break"):
        client.user_account.whoami(extra_headers={"X-Ok": "a\r\nX-Evil: 1"})
    with pytest.raises(reply.ConfigError, match="non-negative"):
        client.user_account.whoami(timeout=-1)


def test_async_per_call_options_reach_the_wire(proxy: Proxy) -> None:
    async def main() -> models.Contact:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=proxy.url) as c:
            return await c.contacts.create(
                body={"email": "wire.async@example.com"},
                extra_headers={"X-Trace": "async"},
                extra_query={"a": "1"},
                extra_body={"title": "Async"},
            )

    contact = asyncio.run(main())
    seen = proxy.last("/v3/contacts")
    assert seen.headers["x-trace"] == "async" and seen.query == {"a": ["1"]}
    assert json.loads(seen.body)["title"] == "Async" and contact.title == "Async"


def test_raw_response_carries_status_headers_and_body(client: reply.Client, proxy: Proxy) -> None:
    response = client.with_raw_response.contacts.create(
        body={"email": "raw.response@example.com"}, extra_headers={"X-Trace": "raw"}
    )
    assert response.status_code == 201
    assert response.headers["x-proxy"] == "seen" and response.headers["X-PROXY"] == "seen"
    assert "json" in response.headers["content-type"]
    assert response.json()["email"] == "raw.response@example.com"
    contact = response.parse()
    assert isinstance(contact, models.Contact) and contact.email == "raw.response@example.com"
    assert proxy.last("/v3/contacts").headers["x-trace"] == "raw"

    listed = client.with_raw_response.contacts.list(top=1)
    assert listed.status_code == 200 and isinstance(listed.parse(), models.GetContactsResponse)


def test_raw_response_of_a_binary_answer(client: reply.Client) -> None:
    holidays = [{"startDate": "2026-12-25", "endDate": "2026-12-25", "name": "Xmas"}]
    calendar = client.holiday_calendars.create(body={"name": "Raw", "holidays": holidays})
    response = client.with_raw_response.holiday_calendars.export_csv(t.cast(int, calendar.id))
    assert response.status_code == 200 and b"Xmas" in response.content
    assert response.parse() == response.content


def test_raw_response_errors_raise_as_usual(client: reply.Client) -> None:
    with pytest.raises(reply.NotFoundError):
        client.with_raw_response.contacts.get(987654321)


def test_async_raw_response(proxy: Proxy) -> None:
    async def main() -> t.Tuple[int, str, models.WhoamiResponse]:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=proxy.url) as c:
            response = await c.with_raw_response.user_account.whoami()
            return response.status_code, response.headers["x-proxy"], response.parse()

    status, marker, me = asyncio.run(main())
    assert (status, marker, me.user_id) == (200, "seen", 1)
