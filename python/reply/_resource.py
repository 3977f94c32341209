"""The base of the generated resource classes and the result helpers they use."""

from __future__ import annotations

import typing as _t


if _t.TYPE_CHECKING:
    from ._native import NativeClient


class Resource:
    """A group of operations (one tag of the spec) bound to a client."""

    __slots__ = ("_n",)

    def __init__(self, native: NativeClient) -> None:
        self._n = native

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._n.base_url}>"


def _query_text(value: _t.Union[str, int, float, bool]) -> str:
    # Booleans as JSON spells them, like the generated parameters.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _view(
    native: NativeClient,
    timeout: _t.Optional[float],
    headers: _t.Optional[_t.Mapping[str, str]],
    query: _t.Optional[_t.Mapping[str, _t.Union[str, int, float, bool]]],
    body: _t.Optional[_t.Mapping[str, _t.Any]] = None,
) -> NativeClient:
    """The client one call goes through: ``native`` itself, or when per-call
    options are given a view of it carrying them (the engine checks them)."""
    if timeout is None and headers is None and query is None and body is None:
        return native
    from ._model import _wire

    return native.with_options(
        timeout=timeout,
        headers=None if headers is None else list(headers.items()),
        query=None if query is None else [(k, _query_text(v)) for k, v in query.items()],
        extra_body=None if body is None else {k: _wire(v) for k, v in body.items()},
    )


def _identity(value: _t.Any) -> _t.Any:
    return value


def _none(_value: _t.Any) -> None:
    return None
