"""``client.request(...)``: the escape hatch for any path under the API.

A path this SDK knows is sent as its operation (its retry rules and rate
class); any other path under ``/v3`` (an endpoint newer than this release) is a
read for GET and HEAD and a write otherwise, so it is never retried once Reply
may have acted (``OutcomeUnknownError``). Credentials, the acting user and
team, ``with_options`` headers, the quota and the error classes are those of
every other call. Absolute URLs and ``..`` segments raise ``ConfigError``.
"""

from __future__ import annotations

import typing as _t

from . import _engine

if _t.TYPE_CHECKING:
    from ._native import NativeClient

Query = _t.Mapping[str, _t.Union[str, int, float, bool, _t.Sequence[_t.Union[str, int, float, bool]]]]


def _text(value: _t.Union[str, int, float, bool]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _pairs(query: _t.Optional[Query]) -> _t.List[_t.Tuple[str, str]]:
    """Query pairs in order; a list value repeats its name, as the spec's array parameters do."""
    pairs: _t.List[_t.Tuple[str, str]] = []
    for name, value in (query or {}).items():
        if isinstance(value, (list, tuple)):
            pairs.extend((name, _text(v)) for v in value)
        else:
            pairs.append((name, _text(_t.cast(_t.Union[str, int, float, bool], value))))
    return pairs


class RawRequests:
    _native: NativeClient

    def request(
        self,
        method: str,
        path: str,
        *,
        query: _t.Optional[Query] = None,
        body: _t.Any = None,
        headers: _t.Optional[_t.Mapping[str, str]] = None,
    ) -> _t.Any:
        """Sends ``method`` to ``path`` (``"/v3/things"``, ``"/things"`` and
        ``"things"`` alike) and returns the answer's JSON as plain data (dicts,
        lists; ``None`` for an empty answer, a ``str`` for one that is not JSON)::

            client.request("GET", "/v3/new-endpoint", query={"top": 5})
        """
        pairs = _pairs(query)
        extra = list((headers or {}).items())
        return _engine.load().request(self._native, method, path, pairs, body, extra, False)


class AsyncRawRequests:
    _native: NativeClient

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: _t.Optional[Query] = None,
        body: _t.Any = None,
        headers: _t.Optional[_t.Mapping[str, str]] = None,
    ) -> _t.Any:
        """:meth:`reply.Client.request`, awaited."""
        pairs = _pairs(query)
        extra = list((headers or {}).items())
        return await _engine.load().request(self._native, method, path, pairs, body, extra, True)
