"""Reply's REST API v3 for Python: ``reply.Client`` (blocking) and
``reply.AsyncClient`` (asyncio) over one Rust engine.

    import reply

    with reply.Client.from_env() as client:
        for contact in client.contacts.iter_list(page_size=100):
            print(contact.email)

Models are in :mod:`reply.models`; errors derive from :class:`ReplyError`.
"""

import typing as _t

from ._client import AsyncClient, Client
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
from ._model import UNSET, Model

if _t.TYPE_CHECKING:
    from . import models
    from ._native import VERSION as __version__
    from ._jobs import AsyncJob, Job
    from ._pagination import AsyncPaginator, Paginator
    from ._quota import Quota, QuotaSnapshot, RedisQuota, Remaining
    from ._response import Headers, RawResponse
    from ._workflows import EnrolOutcome, EnrolReport, EnrolResult, Ensured

# Loaded on first use (PEP 562), so `import reply` does not pay for the models,
# resources and engine a program never touches: name -> (module, attribute or None
# for the module). The engine itself loads when the first client is built (`_engine`).
_LAZY: _t.Dict[str, _t.Tuple[str, _t.Optional[str]]] = {
    "__version__": ("._native", "VERSION"),
    "models": (".models", None),
    "AsyncJob": ("._jobs", "AsyncJob"),
    "Job": ("._jobs", "Job"),
    "AsyncPaginator": ("._pagination", "AsyncPaginator"),
    "Paginator": ("._pagination", "Paginator"),
    "Quota": ("._quota", "Quota"),
    "QuotaSnapshot": ("._quota", "QuotaSnapshot"),
    "RedisQuota": ("._quota", "RedisQuota"),
    "Remaining": ("._quota", "Remaining"),
    "Headers": ("._response", "Headers"),
    "RawResponse": ("._response", "RawResponse"),
    "EnrolOutcome": ("._workflows", "EnrolOutcome"),
    "EnrolReport": ("._workflows", "EnrolReport"),
    "EnrolResult": ("._workflows", "EnrolResult"),
    "Ensured": ("._workflows", "Ensured"),
}


def __getattr__(name: str) -> _t.Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    import importlib

    loaded = importlib.import_module(module, __name__)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value
    return value


def __dir__() -> _t.List[str]:
    return sorted(set(globals()) | set(_LAZY))

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
    "Headers",
    "Job",
    "LookupIncompleteError",
    "Model",
    "NotFoundError",
    "OutcomeUnknownError",
    "Paginator",
    "Quota",
    "QuotaSnapshot",
    "RateLimitedError",
    "RawResponse",
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
