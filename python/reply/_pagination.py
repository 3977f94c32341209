"""Iterating over every item of a paginated operation.

``client.contacts.iter_list()`` (every paginated method ``m`` has an
``iter_m``) returns a :class:`Paginator`: a loop over it walks all pages
lazily: while one page is consumed, the next two are requested (no more).
``.pages()`` gives the items page by page instead. A paginator is walked once.
"""

from __future__ import annotations

import typing as _t

if _t.TYPE_CHECKING:
    from ._native import PageStream

_T = _t.TypeVar("_T")
Convert = _t.Optional[_t.Callable[[_t.Any], _t.Any]]


def _items(page: _t.Any, convert: Convert) -> _t.List[_t.Any]:
    items = page.get("items") or []
    return items if convert is None else [convert(i) for i in items]


class Paginator(_t.Generic[_T]):
    """Every item of a listing, for ``for`` loops."""

    __slots__ = ("_stream", "_convert")

    def __init__(self, stream: PageStream, convert: Convert) -> None:
        self._stream = stream
        self._convert = convert

    def pages(self) -> _t.Iterator[_t.List[_T]]:
        """The items of each page, one list per request."""
        while True:
            page = self._stream.next_page(self._convert is not None)
            if page is None:
                return
            yield _items(page, self._convert)

    def __iter__(self) -> _t.Iterator[_T]:
        convert = self._convert
        while True:
            page = self._stream.next_page(convert is not None)
            if page is None:
                return
            items = page.get("items") or []
            if convert is None:
                yield from items
            else:
                yield from map(convert, items)


class AsyncPaginator(_t.Generic[_T]):
    """Every item of a listing, for ``async for`` loops."""

    __slots__ = ("_stream", "_convert")

    def __init__(self, stream: PageStream, convert: Convert) -> None:
        self._stream = stream
        self._convert = convert

    async def pages(self) -> _t.AsyncIterator[_t.List[_T]]:
        """The items of each page, one list per request."""
        while True:
            page = await self._stream.next_page_async(self._convert is not None)
            if page is None:
                return
            yield _items(page, self._convert)

    async def _walk(self) -> _t.AsyncIterator[_T]:
        async for items in self.pages():
            for item in items:
                yield item

    def __aiter__(self) -> _t.AsyncIterator[_T]:
        return self._walk()
