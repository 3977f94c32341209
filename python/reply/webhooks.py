"""Receiving Reply's webhook deliveries.

Reply signs nothing: give Reply an unguessable URL
(``https://app.example.com/hooks/reply?token=<secret>``) and check the token
with :func:`verify_token`. Reply may deliver an event twice; ``event.id`` is
the idempotency key (:class:`MemorySeenEvents`, or your own :class:`SeenEvents`).

    from reply import webhooks

    app = webhooks.wsgi_app(token=os.environ["REPLY_WEBHOOK_TOKEN"], handler=lambda e: print(e.type, e.id))

``parse`` is the engine's parser and answers the typed event of the delivery's
``event.type`` (generated from the SDK's delivery description): an
:class:`EmailRepliedEvent` has ``reply_reason``, ``contact_fields``, ... as
attributes. An event type this version does not know is an :class:`UnknownEvent`;
members it does not know stay in ``event.extra`` and ``event["member"]``.

    if isinstance(event, webhooks.EmailRepliedEvent):
        print(event.reply_reason, event.contact_fields and event.contact_fields.email)
"""

from __future__ import annotations

import typing as _t

from . import _native
from . import _webhook_types as types
from ._webhook_types import *  # noqa: F403 (the typed events, named in __all__)
from ._webhook_types import EVENT_CLASSES, Event, UnknownEvent

__all__ = [
    "EVENT_TYPES",
    "MemorySeenEvents",
    "Receiver",
    "SeenEvents",
    "WebhookError",
    "asgi_app",
    "parse",
    "query_token",
    "types",
    "verify_token",
    "wsgi_app",
]
__all__ += types.__all__

#: The 22 event types of ``GetWebhookEvents``, in the spec's order.
EVENT_TYPES: _t.Tuple[str, ...] = tuple(_native.webhook_event_types())

Headers = _t.Union[_t.Mapping[str, str], _t.Iterable[_t.Tuple[str, str]], None]


class WebhookError(ValueError):
    """The request is not a Reply delivery (not JSON, no ``event`` envelope, a malformed member)."""


def _pairs(headers: Headers) -> _t.List[_t.Tuple[str, str]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, _t.Mapping) else headers
    return [(str(k), str(v)) for k, v in items]


def parse(body: _t.Union[bytes, str], headers: Headers = None) -> Event:
    """Reads one delivery into the :class:`Event` subclass of its ``event.type``
    (:class:`UnknownEvent` for a type this SDK version does not know); raises
    :class:`WebhookError` when it is not a delivery or a member has the wrong type."""
    raw = body.encode() if isinstance(body, str) else bytes(body)
    try:
        kind, _, data = _native.webhook_parse(raw, _pairs(headers))
    except ValueError as e:
        raise WebhookError(str(e)) from None
    event: Event = EVENT_CLASSES.get(kind, UnknownEvent)._from(data)
    return event


def verify_token(expected: str, given: _t.Optional[str]) -> bool:
    """``given == expected`` in constant time; an empty ``expected`` never matches."""
    return _native.webhook_verify_token(expected, given or "")


def query_token(target: str) -> _t.Optional[str]:
    """The ``token`` query parameter of a request target (``/hooks/reply?token=...``)."""
    return _native.webhook_query_token(target)


@_t.runtime_checkable
class SeenEvents(_t.Protocol):
    """A record of handled ``event.id``s; implement it over shared storage for several processes."""

    def seen(self, event_id: str) -> bool:
        """Records ``event_id``; whether it had been recorded before."""
        ...

    def forget(self, event_id: str) -> None:
        """Forgets ``event_id`` (handling it failed, so its retry must be handled)."""
        ...


class MemorySeenEvents:
    """The engine's in-memory :class:`SeenEvents`, keeping the latest ``capacity`` ids."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._native = _native.NativeSeenEvents(capacity)

    def seen(self, event_id: str) -> bool:
        return self._native.seen(event_id)

    def forget(self, event_id: str) -> None:
        self._native.forget(event_id)


Handler = _t.Callable[[Event], _t.Any]


class Receiver:
    """Framework-neutral: :meth:`handle` takes a request target, headers and
    body and answers ``(status, text)``: 401 for a wrong token, 400 for
    something that is not a delivery, 200 for a repeat (not handled again),
    else what ``handler`` made of it (500 when it raised, so Reply retries)."""

    def __init__(self, token: str, handler: Handler, seen: _t.Optional[SeenEvents] = None) -> None:
        self.token = token
        self.handler = handler
        self.seen: SeenEvents = seen if seen is not None else MemorySeenEvents()

    def accept(self, target: str, headers: Headers, body: bytes) -> _t.Tuple[int, _t.Optional[Event]]:
        if not verify_token(self.token, query_token(target)):
            return 401, None
        try:
            event = parse(body, headers)
        except WebhookError:
            return 400, None
        if self.seen.seen(event.id):
            return 200, None
        return 200, event

    def handle(self, target: str, headers: Headers, body: bytes) -> _t.Tuple[int, str]:
        status, event = self.accept(target, headers, body)
        if event is None:
            return status, {200: "repeat", 400: "not a delivery", 401: "wrong token"}[status]
        try:
            self.handler(event)
        except Exception:
            self.seen.forget(event.id)
            return 500, "handler failed"
        return 200, "ok"


def _reason(status: int) -> str:
    return {200: "200 OK", 400: "400 Bad Request", 401: "401 Unauthorized", 500: "500 Internal Server Error"}[status]


def wsgi_app(token: str, handler: Handler, seen: _t.Optional[SeenEvents] = None) -> _t.Callable[..., _t.Iterable[bytes]]:
    """A WSGI application receiving deliveries (mount it at your webhook path)."""
    receiver = Receiver(token, handler, seen)

    def app(environ: _t.Dict[str, _t.Any], start_response: _t.Callable[..., _t.Any]) -> _t.Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        target = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        headers = [("content-type", environ.get("CONTENT_TYPE", ""))] if environ.get("CONTENT_TYPE") else []
        status, text = receiver.handle(target, headers, body)
        start_response(_reason(status), [("content-type", "text/plain")])
        return [text.encode()]

    return app


def asgi_app(token: str, handler: Handler, seen: _t.Optional[SeenEvents] = None) -> _t.Callable[..., _t.Awaitable[None]]:
    """An ASGI application receiving deliveries; ``handler`` may be a coroutine function."""
    receiver = Receiver(token, lambda e: None, seen)

    async def app(scope: _t.Dict[str, _t.Any], receive: _t.Callable[..., _t.Any], send: _t.Callable[..., _t.Any]) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode()
        target = scope.get("path", "") + ("?" + query if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        status, event = receiver.accept(target, headers, body)
        text = "ok"
        if event is not None:
            try:
                result = handler(event)
                if hasattr(result, "__await__"):
                    await result
            except Exception:
                receiver.seen.forget(event.id)
                status, text = 500, "handler failed"
        elif status != 200:
            text = "wrong token" if status == 401 else "not a delivery"
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": text.encode()})

    return app
