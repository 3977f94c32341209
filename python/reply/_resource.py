"""The base of the generated resource classes and the result helpers they use."""

from __future__ import annotations

import typing as _t

from ._errors import DecodeError

if _t.TYPE_CHECKING:
    from ._native import NativeClient


class Resource:
    """A group of operations (one tag of the spec) bound to a client."""

    __slots__ = ("_n",)

    def __init__(self, native: NativeClient) -> None:
        self._n = native

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._n.base_url}>"


def _identity(value: _t.Any) -> _t.Any:
    return value


def _none(_value: _t.Any) -> None:
    return None


def _location(raw: _t.Tuple[int, _t.List[_t.Tuple[str, str]], bytes]) -> str:
    """The ``Location`` of a redirect answer (OAuth connect flows)."""
    status, headers, _ = raw
    for name, value in headers:
        if name.lower() == "location":
            return value
    raise DecodeError(f"the HTTP {status} answer has no Location header", kind="decode", status=status)
