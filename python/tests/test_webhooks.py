"""reply.webhooks against real deliveries: the mock runs a sequence and
delivers to a WSGI receiver built with ``wsgi_app``; ``reply webhooks
trigger`` reaches the same kind of receiver; the ASGI helper answers as the
WSGI one does."""

from __future__ import annotations

import asyncio
import json
import os
import socketserver
import subprocess
import threading
import time
import typing as t
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from reply import webhooks

from .conftest import PERSONAL_KEY, ROOT, Mock

REPLY_BIN = os.environ.get("REPLY_BIN", str(ROOT / "target/x86_64-unknown-linux-gnu/debug/reply"))
TOKEN = "s3cret-token-for-tests"


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: t.Any) -> None:
        pass


class CountingSeen:
    """A SeenEvents of our own (the protocol is pluggable) that counts repeats."""

    def __init__(self) -> None:
        self.inner = webhooks.MemorySeenEvents()
        self.repeats: t.List[str] = []

    def seen(self, event_id: str) -> bool:
        repeat = self.inner.seen(event_id)
        if repeat:
            self.repeats.append(event_id)
        return repeat

    def forget(self, event_id: str) -> None:
        self.inner.forget(event_id)


def serve(app: t.Any) -> t.Tuple[str, t.Callable[[], None]]:
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}/hooks/reply", stop


def call(mock: Mock, method: str, path: str, body: t.Any = None) -> t.Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(mock.url + path, data=data, method=method)
    request.add_header("authorization", f"Bearer {PERSONAL_KEY}")
    if data is not None:
        request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else None


def test_deliveries_from_a_running_sequence_parse_and_a_repeat_is_recognised() -> None:
    # The first email_sent is answered after the mock stopped waiting, so it is delivered again.
    mock = Mock({
        "activity": {"openRate": 1, "replyRate": 1, "bounceRate": 0},
        "webhooks": {"timeoutMs": 300, "retries": 1, "retryBackoffMs": 50},
    })
    handled: t.List[webhooks.Event] = []
    seen = CountingSeen()

    def handler(event: webhooks.Event) -> None:
        first_sent = event.type == "email_sent" and not any(e.type == "email_sent" for e in handled)
        handled.append(event)
        if first_sent:
            time.sleep(0.6)

    url, stop = serve(webhooks.wsgi_app(TOKEN, handler, seen=seen))
    try:
        for kind in ("email_sent", "email_opened", "email_replied", "contact_finished"):
            call(mock, "POST", "/v3/webhooks", {"eventType": kind, "url": f"{url}?token={TOKEN}"})
        contact = call(mock, "POST", "/v3/contacts", {"email": "ann@acme.io", "firstName": "Ann"})
        connection = {"email": "me@acme.io", "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
                      "smtpPassword": "x", "smtpSsl": True, "imapHost": "imap.acme.io", "imapPort": 993,
                      "imapPassword": "x", "imapSsl": True}
        account = call(mock, "POST", "/v3/email-accounts", {"connection": connection})
        steps = [{"type": "email", "delayInMinutes": 0, "executionMode": "automatic",
                  "variants": [{"subject": "Hi", "message": "Hello", "isEnabled": True}]}]
        sequence = call(mock, "POST", "/v3/sequences", {"name": "Py", "emailAccounts": [account["id"]], "steps": steps})
        call(mock, "POST", f"/v3/sequences/{sequence['id']}/contact-links/bulk", {"contactIds": [contact["id"]]})
        call(mock, "POST", f"/v3/sequences/{sequence['id']}/start")
        deadline = time.monotonic() + 5
        while (len(handled) < 4 or not seen.repeats) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop()
        mock.stop()
    assert sorted(e.type for e in handled) == ["contact_finished", "email_opened", "email_replied", "email_sent"]
    sent = next(e for e in handled if e.type == "email_sent")
    assert seen.repeats == [sent.id], "the repeated delivery was recognised, and handled once"
    assert isinstance(sent, webhooks.EmailSentEvent)
    assert sent.contact is not None and sent.contact.email == "ann@acme.io"
    assert sent.sequence is not None and sent.sequence.id == sequence["id"]
    replied = next(e for e in handled if e.type == "email_replied")
    assert isinstance(replied, webhooks.EmailRepliedEvent)
    assert replied.reply_reason is webhooks.ReplyReason.EMAIL_DETECTED
    assert replied.contact_fields is not None and replied.contact_fields.email == "ann@acme.io"
    assert replied.sequence_fields is not None and replied.sequence_fields.id == sequence["id"]
    assert isinstance(replied.event, webhooks.Envelope) and replied.event.type == "email_replied"
    assert all(e.known and e.subscription_id for e in handled)


def test_a_delivery_parses_into_its_type_and_what_the_sdk_does_not_know_stays_reachable() -> None:
    body = json.dumps({
        "event": {"id": "e-7", "type": "email_bounced", "date": "2026-12-05T01:00:00.000Z", "user_id": 4,
                  "team_id": 9, "subscription_id": 3, "region": "eu"},
        "contact_fields": {"id": 5, "email": "ann@acme.io", "lead_score": 80},
        "sequence_fields": {"id": 77, "name": "Q3"},
        "bounce_type": "Transient",
        "future_member": {"x": 1},
    })
    event = webhooks.parse(body, {"content-type": "application/json"})
    assert type(event) is webhooks.EmailBouncedEvent and event.known
    assert (event.type, event.id, event.date, event.user_id, event.team_id, event.subscription_id) == (
        "email_bounced", "e-7", "2026-12-05T01:00:00.000Z", 4, 9, 3)
    assert event.bounce_type == "Transient" and not isinstance(event.bounce_type, webhooks.BounceType)
    assert isinstance(event.contact_fields, webhooks.ContactFields) and event.contact_fields.id == 5
    assert event.contact_fields.extra == {"lead_score": 80} and event.contact_fields["lead_score"] == 80
    assert event.sequence_fields is not None and event.sequence_fields.name == "Q3"
    assert event.extra == {"future_member": {"x": 1}} and event["future_member"] == {"x": 1}
    assert event.event.extra == {"region": "eu"}
    hard = webhooks.parse(json.dumps({"event": {"id": "e-8", "type": "email_bounced"}, "bounce_type": "Hard"}))
    assert isinstance(hard, webhooks.EmailBouncedEvent) and hard.bounce_type is webhooks.BounceType.HARD
    assert hard.contact is None and hard.contact_fields is None
    with pytest.raises(webhooks.WebhookError, match="email_bounced"):
        webhooks.parse(json.dumps({"event": {"id": "e-9", "type": "email_bounced"}, "bounce_type": 5}))

    unknown = webhooks.parse(json.dumps({"event": {"id": "e-10", "type": "meeting_booked", "team_id": 1},
                                         "meeting": {"at": "noon"}}))
    assert type(unknown) is webhooks.UnknownEvent and not unknown.known
    assert (unknown.type, unknown.id, unknown.team_id) == ("meeting_booked", "e-10", 1)
    assert unknown.extra == {"meeting": {"at": "noon"}} and unknown.data["meeting"] == {"at": "noon"}
    assert set(webhooks.EVENT_CLASSES) == set(webhooks.EVENT_TYPES)


def test_a_wrong_token_or_a_body_that_is_not_a_delivery_is_refused() -> None:
    url, stop = serve(webhooks.wsgi_app(TOKEN, lambda e: None))
    try:
        def post(target: str, body: bytes) -> int:
            request = urllib.request.Request(target, data=body, method="POST")
            request.add_header("content-type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return int(response.status)
            except urllib.error.HTTPError as e:
                return int(e.code)

        assert post(f"{url}?token=nope", b"{}") == 401
        assert post(f"{url}?token={TOKEN}", b"not json") == 400
    finally:
        stop()
    with pytest.raises(webhooks.WebhookError):
        webhooks.parse(b'{"event": {"type": "email_sent"}}')
    assert webhooks.verify_token("abc", "abc") and not webhooks.verify_token("abc", "abd")


def test_reply_webhooks_trigger_reaches_a_receiver_built_with_the_wsgi_helper() -> None:
    got: t.List[webhooks.Event] = []
    url, stop = serve(webhooks.wsgi_app(TOKEN, got.append))
    try:
        for kind in ("email_replied", "email_replied", "linkedin_message_replied"):
            out = subprocess.run([REPLY_BIN, "webhooks", "trigger", kind, "--to", f"{url}?token={TOKEN}"],
                                 capture_output=True, text=True, timeout=30)
            assert out.returncode == 0, out.stderr
            assert "-> 200 ok" in out.stdout
    finally:
        stop()
    assert [e.type for e in got] == ["email_replied", "email_replied", "linkedin_message_replied"]
    assert got[0].id != got[1].id, "each trigger is a fresh event"
    first = got[0]
    assert isinstance(first, webhooks.EmailRepliedEvent) and first.reply_reason == "EmailDetected"
    assert first.contact is not None and first.contact.email
    assert isinstance(got[2], webhooks.LinkedinMessageRepliedEvent)


def test_the_asgi_helper_parses_awaits_the_handler_and_drops_repeats() -> None:
    got: t.List[str] = []

    async def handler(event: webhooks.Event) -> None:
        got.append(event.type)

    app = webhooks.asgi_app(TOKEN, handler)
    body = json.dumps({"event": {"id": "e-1", "type": "contact_finished"}, "future_member": 1}).encode()

    async def request(query: bytes) -> int:
        sent: t.List[t.Dict[str, t.Any]] = []

        async def receive() -> t.Dict[str, t.Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: t.Dict[str, t.Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "path": "/hooks/reply", "query_string": query,
                 "headers": [(b"content-type", b"application/json")]}
        await app(scope, receive, send)
        return int(sent[0]["status"])

    assert asyncio.run(request(b"token=" + TOKEN.encode())) == 200
    assert asyncio.run(request(b"token=" + TOKEN.encode())) == 200
    assert asyncio.run(request(b"token=wrong")) == 401
    assert got == ["contact_finished"], "the repeat was not handled again"


def test_the_readme_receiver_runs_as_written_and_prints_a_triggered_delivery() -> None:
    import re
    import socket
    import sys
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = re.search(r"<!-- webhook receiver.*?```py\n(.*?)```", readme, re.S)
    assert block, "README.md has no webhook receiver block"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "REPLY_WEBHOOK_TOKEN": TOKEN, "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-c", block.group(1)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the README receiver did not start"
                time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/?token={TOKEN}"
        out = subprocess.run([REPLY_BIN, "webhooks", "trigger", "email_replied", "--to", url],
                             capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.split() == ["email_replied", line.split()[1], "jane.doe@example.com", "EmailDetected"], line
    finally:
        server.terminate()
        server.wait(timeout=5)
