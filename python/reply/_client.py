"""The clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both wrap the same Rust client: connections, retries, the rate-limit quota and
the API key live there. The blocking client releases the GIL while it waits,
so threads can share one client; the async one returns awaitables driven by
the Rust runtime. Every operation is a method of a resource attribute
(``client.contacts.list(top=50)``); see ``reply/_resources/``.
"""

from __future__ import annotations

import dataclasses
import typing as _t

from . import _native
from ._raw import AsyncRawRequests, RawRequests
from ._resources import AsyncResources, Resources

_C = _t.TypeVar("_C", bound="_ClientBase")


@dataclasses.dataclass(frozen=True)
class Quota:
    """The client-side request budget per acting user; a member left ``None``
    keeps Reply's limit (the engine holds them: 100 requests a minute and 3,000
    an hour, less for reporting). ``minute`` and ``hour`` are the window
    lengths in seconds, shrinkable for tests against a mock.

    ``redis`` (a ``redis://`` URL) keeps the budget in that Redis server,
    shared by every process and machine acting for the same user; unset, it
    lives in this client. It is left out of the ``repr`` as it may hold a
    password."""

    per_minute: _t.Optional[int] = None
    per_hour: _t.Optional[int] = None
    reporting_per_minute: _t.Optional[int] = None
    reporting_per_hour: _t.Optional[int] = None
    minute: _t.Optional[float] = None
    hour: _t.Optional[float] = None
    redis: _t.Optional[str] = dataclasses.field(default=None, repr=False)

    def _native(self) -> _t.Dict[str, _t.Union[float, str]]:
        """The members set, by the engine's names (windows in milliseconds)."""
        windows = {"minute_ms": self.minute, "hour_ms": self.hour}
        limits = {name: getattr(self, name) for name in ("per_minute", "per_hour", "reporting_per_minute", "reporting_per_hour")}
        out: _t.Dict[str, _t.Union[float, str]] = {k: v for k, v in limits.items() if v is not None}
        out.update({k: v * 1000.0 for k, v in windows.items() if v is not None})
        if self.redis is not None:
            out["redis"] = self.redis
        return out


def RedisQuota(
    url: str,
    *,
    per_minute: _t.Optional[int] = None,
    per_hour: _t.Optional[int] = None,
    reporting_per_minute: _t.Optional[int] = None,
    reporting_per_hour: _t.Optional[int] = None,
    minute: _t.Optional[float] = None,
    hour: _t.Optional[float] = None,
) -> Quota:
    """A :class:`Quota` kept in the Redis server at ``url``
    (``redis://[:password@]host[:port][/db]``), shared by every client using
    it: ``reply.Client(key, quota=reply.RedisQuota("redis://cache:6379"))``.
    If Redis cannot be reached the client falls back to its own budget, logs a
    warning, and shares again once Redis answers."""
    return Quota(
        per_minute=per_minute,
        per_hour=per_hour,
        reporting_per_minute=reporting_per_minute,
        reporting_per_hour=reporting_per_hour,
        minute=minute,
        hour=hour,
        redis=url,
    )


@dataclasses.dataclass(frozen=True)
class Remaining:
    """What is left of one rate class's budget."""

    minute: int
    hour: int
    blocked_for: float
    """Seconds until the class may send again after a 429."""


@dataclasses.dataclass(frozen=True)
class QuotaSnapshot:
    """What is left of the client's budget, and how long calls have waited for it."""

    default: Remaining
    reporting: Remaining
    waited: float


_DEFAULT_QUOTA = Quota()


class _ClientBase:
    _native: _native.NativeClient

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
        quota: _t.Optional[Quota] = _DEFAULT_QUOTA,
        user_agent: _t.Optional[str] = None,
        max_response_bytes: _t.Optional[int] = None,
        from_env: bool = False,
    ) -> None:
        """Creates a client.

        ``api_key`` is required unless ``from_env`` is set (then
        ``REPLY_API_KEY``, ``REPLY_BASE_URL`` and ``REPLY_TEAM_ID`` are read, and
        the other arguments override them). ``base_url`` defaults to
        ``https://api.reply.io`` (plain HTTP only to loopback). ``user_id`` or
        ``user_email`` act as another user (master and organization keys);
        ``team_id`` selects a team. ``timeout`` bounds one attempt (30 s),
        ``deadline`` a whole call with retries and quota waits (300 s),
        ``max_retries`` the retries of reads and refused writes (4).
        ``quota=None`` turns the client-side rate limiting off. Answers larger
        than ``max_response_bytes`` (64 MiB) fail with ``DecodeError``.
        """
        native = _native.NativeClient(
            api_key,
            from_env=from_env,
            base_url=base_url,
            team_id=team_id,
            user_id=user_id,
            user_email=user_email,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            quota=None if quota is None else quota._native(),
            disable_quota=quota is None,
            user_agent=user_agent or f"reply-sdk-python/{_native.VERSION}",
            max_response_bytes=max_response_bytes,
        )
        self._bind(native)

    def _bind(self, native: _native.NativeClient) -> None:
        self._native = native
        _t.cast(_t.Any, self)._attach(native)

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
