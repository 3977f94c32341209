"""Whole responses: ``client.with_raw_response.<resource>.<method>(...)``
answers with a :class:`RawResponse` (status, headers, the body as received)
whose ``parse()`` gives what the plain call would have returned.

The generated ``...WithRawResponse`` classes wrap each method with :func:`raw`
or :func:`araw`: the method runs as usual, through a stand-in for the native
client that asks the engine for the whole answer and keeps it.
"""

from __future__ import annotations

import json as _json
import typing as _t

if _t.TYPE_CHECKING:
    from typing_extensions import Concatenate, ParamSpec

    from ._native import Full, Json, NativeClient, Params, Part, Raw

    _P = ParamSpec("_P")

_T = _t.TypeVar("_T")
_R = _t.TypeVar("_R")


class Headers(_t.Mapping[str, str]):
    """Response headers: names compared case-insensitively; a repeated header
    reads as its values joined by ``", "`` (all of them: :meth:`get_all`)."""

    __slots__ = ("_pairs",)

    def __init__(self, pairs: _t.Iterable[_t.Tuple[str, str]]) -> None:
        self._pairs = list(pairs)

    def get_all(self, name: str) -> _t.List[str]:
        wanted = name.lower()
        return [v for k, v in self._pairs if k.lower() == wanted]

    def __getitem__(self, name: str) -> str:
        values = self.get_all(name)
        if not values:
            raise KeyError(name)
        return ", ".join(values)

    def __iter__(self) -> _t.Iterator[str]:
        seen: _t.Dict[str, None] = {}
        for k, _ in self._pairs:
            seen.setdefault(k.lower(), None)
        return iter(seen)

    def __len__(self) -> int:
        return len({k.lower() for k, _ in self._pairs})

    def __repr__(self) -> str:
        return f"Headers({self._pairs!r})"


class RawResponse(_t.Generic[_T]):
    """One call's whole answer: ``status_code``, ``headers``, ``content`` (the
    body's bytes as received), and ``parse()``, the typed answer the plain
    call returns."""

    __slots__ = ("status_code", "headers", "content", "_parsed")

    def __init__(self, status_code: int, headers: Headers, content: bytes, parsed: _T) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self._parsed = parsed

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> _t.Any:
        """The body as plain JSON data, as received."""
        return _json.loads(self.content)

    def parse(self) -> _T:
        """The answer the plain call returns (a model, a list, ``None``...)."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code}, {len(self.content)} bytes>"


class _Recorder:
    """Stands in for the native client during one call and keeps the answer
    the engine got; a per-call view of it (``with_options``) keeps into the same box."""

    __slots__ = ("_native", "_box")

    def __init__(self, native: NativeClient, box: _t.List[Raw]) -> None:
        self._native = native
        self._box = box

    @property
    def base_url(self) -> str:
        return self._native.base_url

    def with_options(self, **options: _t.Any) -> _Recorder:
        return _Recorder(self._native.with_options(**options), self._box)

    def _keep(self, full: Full) -> Json:
        status, headers, content, body = full
        self._box.append((status, headers, content))
        return body

    def call(self, op: str, params: Params = None, body: Json = None, files: _t.Optional[_t.List[Part]] = None) -> Json:
        return self._keep(self._native.call_response(op, params, body, files))

    async def call_async(
        self, op: str, params: Params = None, body: Json = None, files: _t.Optional[_t.List[Part]] = None
    ) -> Json:
        return self._keep(await self._native.call_response_async(op, params, body, files))

    def call_raw(self, op: str, params: Params = None, body: Json = None) -> Raw:
        answer = self._native.call_raw(op, params, body)
        self._box.append(answer)
        return answer

    async def call_raw_async(self, op: str, params: Params = None, body: Json = None) -> Raw:
        answer = await self._native.call_raw_async(op, params, body)
        self._box.append(answer)
        return answer


def _response(box: _t.List[Raw], parsed: _T) -> RawResponse[_T]:
    status, headers, content = box[-1]
    return RawResponse(status, Headers(headers), content, parsed)


def raw(
    resource: _t.Callable[[NativeClient], _R],
    native: NativeClient,
    method: _t.Callable[Concatenate[_R, _P], _T],
) -> _t.Callable[_P, RawResponse[_T]]:
    """``method`` of a fresh ``resource`` answering with its whole response."""

    def call(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        box: _t.List[Raw] = []
        parsed = method(resource(_t.cast("NativeClient", _Recorder(native, box))), *args, **kwargs)
        return _response(box, parsed)

    return call


def araw(
    resource: _t.Callable[[NativeClient], _R],
    native: NativeClient,
    method: _t.Callable[Concatenate[_R, _P], _t.Awaitable[_T]],
) -> _t.Callable[_P, _t.Awaitable[RawResponse[_T]]]:
    """:func:`raw` for the asyncio resources."""

    async def call(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        box: _t.List[Raw] = []
        parsed = await method(resource(_t.cast("NativeClient", _Recorder(native, box))), *args, **kwargs)
        return _response(box, parsed)

    return call

