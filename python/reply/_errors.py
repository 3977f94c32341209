"""The exceptions the SDK raises: one base, :class:`ReplyError`, then
:class:`ApiError` and one class per status family, and the transport, decode
and configuration classes. They are generated from the table every binding
shares (``crates/reply-codegen/errors.json``, see ``_error_classes``); the
safe workflows' refusals below are Python's own.

Every exception carries ``kind`` (``"not_found"``, ...), ``status``, ``code``
(Reply's slug, e.g. ``sequence.notFound``), ``title``, ``detail``, ``errors``
(field errors with JSON Pointers), ``teams`` (the choices of a
``TEAM_REQUIRED`` answer), ``retry_after`` (seconds), ``operation``,
``request`` (``"GET /v3/contacts/7"``), ``headers``, ``path`` and ``body``.
None of them ever contains the API key.
"""

from __future__ import annotations

import builtins
import typing as _t

from ._error_classes import *  # noqa: F403 (the generated engine classes, re-exported)
from ._error_classes import CLASS_FOR_KIND as _ENGINE_CLASSES
from ._error_classes import ReplyError


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
    **_ENGINE_CLASSES,
    "ambiguous_email": AmbiguousEmailError,
    "lookup_incomplete": LookupIncompleteError,
    "contact_refused": ContactRefusedError,
    "step_not_found": StepNotFoundError,
    "step_ambiguous": StepAmbiguousError,
    "invalid_input": WorkflowInputError,
}
"""The class for each ``reply_core::Error::kind()`` and workflow refusal; the native module raises through it."""
