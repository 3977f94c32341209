"""The exceptions the SDK raises: one base, :class:`ReplyError`, and one class
per kind of failure (the variants of the Rust ``reply_core::Error``).

Every exception carries ``kind`` (``"not_found"``, ...), ``status``, ``code``
(Reply's slug, e.g. ``sequence.notFound``), ``detail``, ``errors`` (field
errors with JSON Pointers), ``retry_after`` (seconds), ``operation`` and
``teams`` (the choices of a ``TEAM_REQUIRED`` answer). None of them ever
contains the API key.
"""

from __future__ import annotations

import builtins
import typing as _t


class FieldError(_t.NamedTuple):
    """One invalid member of a request: a JSON Pointer (``/email``) and why."""

    pointer: str
    detail: str


class Team(_t.NamedTuple):
    """A team offered by a ``TEAM_REQUIRED`` answer (pass its id as ``team_id``)."""

    team_id: int
    team_name: str


class ReplyError(Exception):
    """Anything that went wrong in a call."""

    kind: str
    status: _t.Optional[int]
    code: _t.Optional[str]
    detail: _t.Optional[str]
    errors: _t.List[FieldError]
    retry_after: _t.Optional[float]
    operation: _t.Optional[str]
    teams: _t.List[Team]

    def __init__(
        self,
        message: str,
        *,
        kind: str = "reply",
        status: _t.Optional[int] = None,
        code: _t.Optional[str] = None,
        detail: _t.Optional[str] = None,
        errors: _t.Iterable[_t.Tuple[str, str]] = (),
        retry_after: _t.Optional[float] = None,
        operation: _t.Optional[str] = None,
        teams: _t.Iterable[_t.Tuple[int, str]] = (),
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = [FieldError(*e) for e in errors]
        self.retry_after = retry_after
        self.operation = operation
        self.teams = [Team(*t) for t in teams]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, status={self.status!r}, code={self.code!r})"


class ApiError(ReplyError):
    """Reply answered with an error status (the subclasses name the common ones)."""


class UnauthorizedError(ApiError):
    """401: the key is missing, wrong or revoked."""


class ForbiddenError(ApiError):
    """403: no permission, a missing scope, or an identity problem (``TEAM_REQUIRED``: see ``teams``)."""


class NotFoundError(ApiError):
    """404."""


class ConflictError(ApiError):
    """409."""


class ValidationError(ApiError):
    """400 or 422; ``errors`` lists the invalid members by JSON Pointer."""


class RateLimitedError(ApiError):
    """429 that outlasted the retries or the deadline; ``retry_after`` says how long to wait."""


class ServerError(ApiError):
    """5xx on a read, after retries."""


class OutcomeUnknownError(ReplyError):
    """A write whose result is unknown: Reply may or may not have acted. It was
    not retried; read the resource back before trying again."""


class ReplyTimeoutError(ReplyError, builtins.TimeoutError):
    """No answer in time (on a read, after retries)."""


class ReplyConnectionError(ReplyError, builtins.ConnectionError):
    """The connection failed (on a read after retries; on a write before anything was sent)."""


class DecodeError(ReplyError):
    """A success answer whose body did not match its type."""


class AppliedUnreadableError(DecodeError):
    """A write Reply answered with a 2xx whose body could not be read. The
    write took effect: it was not retried and must not be sent again blindly.
    ``body`` is the answer as it came."""

    body: bytes

    def __init__(self, message: str, *, body: bytes = b"", **fields: _t.Any) -> None:
        super().__init__(message, **fields)
        self.body = body


class ConfigError(ReplyError, builtins.ValueError):
    """A request the SDK refuses to send: bad configuration or input."""


class WorkflowError(ReplyError):
    """A safe workflow (``contacts.find_by_email``, ``contacts.ensure``,
    ``sequences.enrol``, ``sequence_steps.resolve``) stopped rather than guess.
    ``kind`` names the refusal; the subclasses below are one per kind. Calls
    the workflow made that failed raise the usual classes instead."""

    email: _t.Optional[str]
    ids: _t.List[int]
    sequence_id: _t.Optional[int]
    position: _t.Optional[int]

    def __init__(
        self,
        message: str,
        *,
        email: _t.Optional[str] = None,
        ids: _t.Iterable[int] = (),
        sequence_id: _t.Optional[int] = None,
        position: _t.Optional[int] = None,
        **fields: _t.Any,
    ) -> None:
        super().__init__(message, **fields)
        self.email = email
        self.ids = list(ids)
        self.sequence_id = sequence_id
        self.position = position


class AmbiguousEmailError(WorkflowError):
    """Reply holds more than one contact with the address; ``ids`` names them."""


class LookupIncompleteError(WorkflowError):
    """The listing went on past the pages the lookup reads, so a match could hide further on."""


class ContactRefusedError(WorkflowError):
    """Reply did not take the contact; ``code`` is Reply's reason (``contactDeleted``, ``Invalid data``, ...)."""


class StepNotFoundError(WorkflowError):
    """No step is at ``position`` in sequence ``sequence_id``."""


class StepAmbiguousError(WorkflowError):
    """Branches (conditions) make ``position`` mean more than one step."""


class WorkflowInputError(WorkflowError, builtins.ValueError):
    """Input a workflow cannot act on (an empty address, position 0, ...); nothing was sent."""


CLASS_FOR_KIND: _t.Dict[str, _t.Type[ReplyError]] = {
    "reply": ReplyError,
    "api": ApiError,
    "unauthorized": UnauthorizedError,
    "forbidden": ForbiddenError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "validation": ValidationError,
    "rate_limited": RateLimitedError,
    "server": ServerError,
    "outcome_unknown": OutcomeUnknownError,
    "timeout": ReplyTimeoutError,
    "connection": ReplyConnectionError,
    "decode": DecodeError,
    "applied_unreadable": AppliedUnreadableError,
    "config": ConfigError,
    "ambiguous_email": AmbiguousEmailError,
    "lookup_incomplete": LookupIncompleteError,
    "contact_refused": ContactRefusedError,
    "step_not_found": StepNotFoundError,
    "step_ambiguous": StepAmbiguousError,
    "invalid_input": WorkflowInputError,
}
"""The class for each ``reply_core::Error::kind()``; the native module raises through it."""
