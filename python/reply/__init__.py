"""Reply's REST API v3 for Python: ``reply.Client`` (blocking) and
``reply.AsyncClient`` (asyncio) over one Rust engine.

    import reply

    with reply.Client.from_env() as client:
        for contact in client.contacts.iter_list(page_size=100):
            print(contact.email)

Models are in :mod:`reply.models`; errors derive from :class:`ReplyError`.
"""

import atexit as _atexit

from . import _native, models
from ._client import AsyncClient, Client, Quota, QuotaSnapshot, RedisQuota, Remaining
from ._errors import (
    CLASS_BY_NAME,
    AmbiguousEmailError,
    ApiError,
    AppliedUnreadableError,
    ConfigError,
    ConflictError,
    ContactRefusedError,
    DecodeError,
    FieldError,
    ForbiddenError,
    LookupIncompleteError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ReplyConnectionError,
    ReplyError,
    ReplyTimeoutError,
    ServerError,
    StepAmbiguousError,
    StepNotFoundError,
    Team,
    UnauthorizedError,
    ValidationError,
    WorkflowError,
    WorkflowInputError,
)
from ._jobs import AsyncJob, Job
from ._model import UNSET, Model
from ._native import VERSION as __version__
from ._pagination import AsyncPaginator, Paginator
from ._workflows import EnrolOutcome, EnrolReport, EnrolResult, Ensured

# Lets tokio threads finish handing results to asyncio before the interpreter
# finalizes (see bindings/python/src/exit.rs).
_atexit.register(_native.settle)

__all__ = [
    "CLASS_BY_NAME",
    "AmbiguousEmailError",
    "ApiError",
    "AppliedUnreadableError",
    "AsyncClient",
    "AsyncJob",
    "AsyncPaginator",
    "Client",
    "ConfigError",
    "ConflictError",
    "ContactRefusedError",
    "DecodeError",
    "EnrolOutcome",
    "EnrolReport",
    "EnrolResult",
    "Ensured",
    "FieldError",
    "ForbiddenError",
    "Job",
    "LookupIncompleteError",
    "Model",
    "NotFoundError",
    "OutcomeUnknownError",
    "Paginator",
    "Quota",
    "QuotaSnapshot",
    "RateLimitedError",
    "RedisQuota",
    "Remaining",
    "ReplyConnectionError",
    "ReplyError",
    "ReplyTimeoutError",
    "ServerError",
    "StepAmbiguousError",
    "StepNotFoundError",
    "Team",
    "UNSET",
    "UnauthorizedError",
    "ValidationError",
    "WorkflowError",
    "WorkflowInputError",
    "__version__",
    "models",
]
