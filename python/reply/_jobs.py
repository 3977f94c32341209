"""Background jobs: the operations that answer ``202 Accepted`` return a job
handle with the immediate answer (``output``) and ways to follow the job."""

from __future__ import annotations

import typing as _t

from .models import BackgroundJob

if _t.TYPE_CHECKING:
    from ._native import NativeClient

_T = _t.TypeVar("_T")


class Job(_t.Generic[_T]):
    """A started background job."""

    __slots__ = ("_n", "id", "output")

    def __init__(self, native: NativeClient, job_id: str, output: _T) -> None:
        self._n = native
        self.id = job_id
        """The job's id (``GET /v3/background-jobs/{id}``)."""
        self.output = output
        """The body of the ``202`` answer."""

    def status(self) -> BackgroundJob:
        """The job as it is now."""
        result: BackgroundJob = BackgroundJob._from(self._n.job_status(self.id))
        return result

    def wait(self, timeout: float = 300.0) -> BackgroundJob:
        """Polls (200 ms, backing off to 5 s) until the job is done, failed,
        expired or cancelled. Raises ``ReplyTimeoutError`` after ``timeout``
        seconds; the job keeps running."""
        result: BackgroundJob = BackgroundJob._from(self._n.job_wait(self.id, timeout))
        return result

    def cancel(self, reason: _t.Optional[str] = None) -> None:
        """Asks Reply to cancel the job."""
        self._n.job_cancel(self.id, reason)

    def __repr__(self) -> str:
        return f"Job(id={self.id!r})"


class AsyncJob(_t.Generic[_T]):
    """A started background job, followed with ``await``."""

    __slots__ = ("_n", "id", "output")

    def __init__(self, native: NativeClient, job_id: str, output: _T) -> None:
        self._n = native
        self.id = job_id
        self.output = output

    async def status(self) -> BackgroundJob:
        """The job as it is now."""
        result: BackgroundJob = BackgroundJob._from(await self._n.job_status_async(self.id))
        return result

    async def wait(self, timeout: float = 300.0) -> BackgroundJob:
        """Polls until the job ends; ``ReplyTimeoutError`` after ``timeout`` seconds."""
        result: BackgroundJob = BackgroundJob._from(await self._n.job_wait_async(self.id, timeout))
        return result

    async def cancel(self, reason: _t.Optional[str] = None) -> None:
        """Asks Reply to cancel the job."""
        await self._n.job_cancel_async(self.id, reason)

    def __repr__(self) -> str:
        return f"AsyncJob(id={self.id!r})"
