"""The client-side request budget: :class:`Quota` (and :func:`RedisQuota`), and
what is left of it (:class:`QuotaSnapshot`). A module of its own so that
``import reply`` need not load ``dataclasses``; ``reply.Quota`` loads it."""

from __future__ import annotations

import dataclasses
import typing as _t


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
