"""The clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both wrap the same Rust client: connections, retries, the rate-limit quota and
the API key live there. The blocking client releases the GIL while it waits,
so threads can share one client; the async one returns awaitables driven by
the Rust runtime. Every operation is a method of a resource attribute
(``client.contacts.list(top=50)``); see ``reply/_resources/``.
"""

from __future__ import annotations

import typing as _t

from . import _engine
from ._raw import AsyncRawRequests, RawRequests
from ._resources import AsyncResources, Resources

if _t.TYPE_CHECKING:
    from ._native import NativeClient
    from ._quota import Quota, QuotaSnapshot

_C = _t.TypeVar("_C", bound="_ClientBase")


class _ReplyLimits:
    """The default of ``quota=``: the client-side budget at Reply's limits (``None`` turns it off)."""

    def __repr__(self) -> str:
        return "reply.Quota()"


_REPLY_LIMITS: _t.Any = _ReplyLimits()




class _ClientBase:
    _native: NativeClient

    def __init__(
        self,
        api_key: _t.Optional[str] = None,
        *,
        base_url: _t.Optional[str] = None,
        team_id: _t.Optional[int] = None,
        user_id: _t.Optional[int] = None,
        user_email: _t.Optional[str] = None,
        timeout: _t.Optional[float] = None,
        deadline: _t.Optional[float] = None,
        max_retries: _t.Optional[int] = None,
        quota: _t.Optional[Quota] = _REPLY_LIMITS,
        user_agent: _t.Optional[str] = None,
        max_response_bytes: _t.Optional[int] = None,
        from_env: bool = False,
    ) -> None:
        """Creates a client.

        Without ``api_key`` (or with ``from_env``) the client reads
        ``REPLY_API_KEY``, ``REPLY_BASE_URL`` and ``REPLY_TEAM_ID``, and the
        other arguments override them; with no key there either it raises
        ``ConfigError``. ``base_url`` defaults to
        ``https://api.reply.io`` (plain HTTP only to loopback). ``user_id`` or
        ``user_email`` act as another user (master and organization keys);
        ``team_id`` selects a team. ``timeout`` bounds one attempt (30 s),
        ``deadline`` a whole call with retries and quota waits (300 s),
        ``max_retries`` the retries of reads and refused writes (4).
        ``quota=None`` turns the client-side rate limiting off. Answers larger
        than ``max_response_bytes`` (64 MiB) fail with ``DecodeError``.
        """
        engine = _engine.load()
        native: NativeClient = engine.NativeClient(
            api_key,
            from_env=from_env or api_key is None,
            base_url=base_url,
            team_id=team_id,
            user_id=user_id,
            user_email=user_email,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            quota=None if quota is None or quota is _REPLY_LIMITS else quota._native(),
            disable_quota=quota is None,
            user_agent=user_agent or f"reply-sdk-python/{engine.VERSION}",
            max_response_bytes=max_response_bytes,
        )
        self._bind(native)

    def _bind(self, native: NativeClient) -> None:
        # The resources (generated cached properties) are built from it on first use.
        self._native = native

    @classmethod
    def from_env(cls: _t.Type[_C], **options: _t.Any) -> _C:
        """A client configured from ``REPLY_API_KEY``, ``REPLY_BASE_URL`` and
        ``REPLY_TEAM_ID``; keyword arguments override them."""
        return cls(options.pop("api_key", None), from_env=True, **options)

    def with_options(
        self: _C,
        *,
        timeout: _t.Optional[float] = None,
        deadline: _t.Optional[float] = None,
        max_retries: _t.Optional[int] = None,
        team_id: _t.Optional[int] = None,
        user_id: _t.Optional[int] = None,
        user_email: _t.Optional[str] = None,
        headers: _t.Optional[_t.Mapping[str, str]] = None,
    ) -> _C:
        """A client sharing this one's connections and quota whose calls use
        these options (``client.with_options(team_id=2).contacts.list()``)."""
        native = self._native.with_options(
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            team_id=team_id,
            user_id=user_id,
            user_email=user_email,
            headers=list((headers or {}).items()),
        )
        view: _C = object.__new__(type(self))
        view._bind(native)
        return view

    @property
    def base_url(self) -> str:
        return self._native.base_url

    def quota(self) -> _t.Optional[QuotaSnapshot]:
        """What is left of the default identity's budget (``None`` when the quota is off)."""
        raw = self._native.quota()
        if raw is None:
            return None
        from ._quota import QuotaSnapshot, Remaining

        return QuotaSnapshot(
            default=Remaining(**raw["default"]),
            reporting=Remaining(**raw["reporting"]),
            waited=raw["waited"],
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class Client(Resources, RawRequests, _ClientBase):
    """The blocking client. Use it in a ``with`` block, or call ``close()``."""

    def close(self) -> None:
        """Releases the connections; later calls raise ``ConfigError``."""
        self._native.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(AsyncResources, AsyncRawRequests, _ClientBase):
    """The asyncio client. Use it in an ``async with`` block, or ``await aclose()``."""

    async def aclose(self) -> None:
        """Releases the connections; later calls raise ``ConfigError``."""
        self._native.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
