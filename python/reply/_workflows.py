"""The safe workflows: what Reply's endpoints do not give, done by the Rust
engine (``reply_client::workflows``) and typed here. Each removes a hazard:

- ``contacts.find_by_email``: Reply's search matches by containment
  (``ann@example.com`` also finds ``joann@example.com``); this answers the one
  contact with exactly that address, or ``None``, or refuses.
- ``contacts.ensure`` / ``ensure_many``: creating a contact for a known address
  blanks the members the request left out; this matches by email through the
  import endpoint and never blanks a member it was not given.
- ``sequences.enrol``: adding a contact already in the sequence moves it
  silently, and leaving ``removeFromExisting`` out can take it out of its other
  sequences; this checks membership first, always sends the flag, and answers
  per contact.
- ``sequence_steps.resolve``: steps have no order field; this finds the step at
  a 1-based position, or refuses where branches make it ambiguous.

The generated resource classes derive from the classes here, so the methods
sit beside the endpoints (``client.contacts.ensure(...)``). Refusals raise a
:class:`~reply.WorkflowError` subclass.
"""

from __future__ import annotations

import dataclasses
import enum
import typing as _t

from . import _native
from . import models as _m
from ._errors import ReplyError
from ._resource import Resource

OnExisting = _t.Literal["fill_empty", "overwrite", "keep"]
"""What ``ensure`` does with a contact Reply already holds under the address:
fill its empty members (the default), overwrite the members sent, or change nothing."""

IfAlready = _t.Literal["skip", "fail"]
"""Whether a contact already in the sequence counts as done (``skip``) or as a
failure (``fail``); either way it is left where it is."""

Person = _t.Union[_m.ContactsImportRequestItemsItem, _t.Mapping[str, _t.Any]]
"""A contact to create or match by email (``email`` and ``firstName`` at least)."""

EnrolTarget = _t.Union[int, str, Person]
"""A contact id, the address of a contact Reply holds, or a person to ensure first."""


class EnrolOutcome(str, enum.Enum):
    """What happened to one contact."""

    ENROLLED = "enrolled"
    ALREADY_IN_SEQUENCE = "already_in_sequence"
    OPTED_OUT = "opted_out"
    BLACKLISTED = "blacklisted"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    """See ``code`` (Reply's code, or the refusal's kind) and ``detail``."""


@dataclasses.dataclass(frozen=True)
class Ensured:
    """The contact ``ensure`` settled on."""

    id: int
    created: bool
    """True when Reply created it; false when it matched one it held."""


@dataclasses.dataclass(frozen=True)
class EnrolResult:
    """One contact's answer."""

    target: str
    """How the contact was named: its id, its address, or the person's address."""
    contact_id: _t.Optional[int]
    outcome: EnrolOutcome
    code: _t.Optional[str]
    """For ``FAILED``: Reply's code, or the kind of error that stopped it."""
    detail: _t.Optional[str]
    as_asked: bool
    """Whether this is the outcome asked for."""


@dataclasses.dataclass(frozen=True)
class EnrolReport:
    """Every contact's answer, in the order given."""

    sequence_id: int
    start_step_id: _t.Optional[int]
    all_as_asked: bool
    results: _t.List[EnrolResult]


def _person(person: Person) -> _t.Any:
    return person.to_dict() if isinstance(person, _m.Model) else person


def _target(target: EnrolTarget) -> _t.Any:
    return target if isinstance(target, (int, str)) else _person(target)


def _ensured(answer: _t.Any) -> _t.Union[Ensured, ReplyError]:
    return answer if isinstance(answer, ReplyError) else Ensured(**answer)


def _one(answers: _t.Any) -> Ensured:
    (answer,) = answers
    if isinstance(answer, ReplyError):
        raise answer
    return Ensured(**answer)


def _report(raw: _t.Any) -> EnrolReport:
    """The engine's plain report (Reply's camelCase members) as typed results."""
    results = [
        EnrolResult(
            target=r["target"],
            contact_id=r["contactId"],
            outcome=EnrolOutcome(r["outcome"]),
            code=r["code"],
            detail=r["detail"],
            as_asked=r["asAsked"],
        )
        for r in raw["results"]
    ]
    return EnrolReport(
        sequence_id=raw["sequenceId"],
        start_step_id=raw["startStepId"],
        all_as_asked=raw["allAsAsked"],
        results=results,
    )


class _EnrolArgs(_t.TypedDict):
    start_step: _t.Optional[int]
    start_step_id: _t.Optional[int]
    ignore_step_delay: bool
    if_already: str
    remove_from_existing: bool


class ContactWorkflows(Resource):
    """``find_by_email``, ``ensure`` and ``ensure_many`` of ``client.contacts``."""

    __slots__ = ()

    def find_by_email(self, email: str) -> _t.Optional[_m.Contact]:
        """The one contact whose address is ``email`` (ignoring case, never a
        containment match), or ``None``. Raises ``AmbiguousEmailError`` when Reply
        holds two, ``LookupIncompleteError`` when the listing does not end within
        the pages it reads."""
        return _m.Contact._from(_native.find_by_email(self._n, email, False))

    def ensure(self, person: Person, *, on_existing: OnExisting = "fill_empty") -> Ensured:
        """The contact with ``person``'s email: matched (treated per
        ``on_existing``) or created. Members not sent are never blanked. A refusal
        raises ``ContactRefusedError`` with Reply's ``code``."""
        return _one(_native.ensure(self._n, [_person(person)], on_existing, False))

    def ensure_many(
        self, people: _t.Iterable[Person], *, on_existing: OnExisting = "fill_empty"
    ) -> _t.List[_t.Union[Ensured, ReplyError]]:
        """``ensure`` for many people (1,000 per request): one answer per person, in
        order, each an ``Ensured`` or the error that refused that person."""
        return [_ensured(a) for a in _native.ensure(self._n, [_person(p) for p in people], on_existing, False)]


class AsyncContactWorkflows(Resource):
    """``find_by_email``, ``ensure`` and ``ensure_many`` of ``AsyncClient.contacts``."""

    __slots__ = ()

    async def find_by_email(self, email: str) -> _t.Optional[_m.Contact]:
        """See :meth:`ContactWorkflows.find_by_email`."""
        return _m.Contact._from(await _native.find_by_email(self._n, email, True))

    async def ensure(self, person: Person, *, on_existing: OnExisting = "fill_empty") -> Ensured:
        """See :meth:`ContactWorkflows.ensure`."""
        return _one(await _native.ensure(self._n, [_person(person)], on_existing, True))

    async def ensure_many(
        self, people: _t.Iterable[Person], *, on_existing: OnExisting = "fill_empty"
    ) -> _t.List[_t.Union[Ensured, ReplyError]]:
        """See :meth:`ContactWorkflows.ensure_many`."""
        answers = await _native.ensure(self._n, [_person(p) for p in people], on_existing, True)
        return [_ensured(a) for a in answers]


def _enrol_args(
    start_step: _t.Optional[int],
    start_step_id: _t.Optional[int],
    ignore_step_delay: bool,
    if_already: IfAlready,
    remove_from_existing: bool,
) -> _EnrolArgs:
    return {
        "start_step": start_step,
        "start_step_id": start_step_id,
        "ignore_step_delay": ignore_step_delay,
        "if_already": if_already,
        "remove_from_existing": remove_from_existing,
    }


class SequenceWorkflows(Resource):
    """``enrol`` of ``client.sequences``."""

    __slots__ = ()

    def enrol(
        self,
        sequence_id: int,
        contacts: _t.Iterable[EnrolTarget],
        *,
        start_step: _t.Optional[int] = None,
        start_step_id: _t.Optional[int] = None,
        ignore_step_delay: bool = False,
        if_already: IfAlready = "skip",
        remove_from_existing: bool = False,
    ) -> EnrolReport:
        """Enrols contacts (ids, addresses or people) and answers per contact.

        Contacts already in the sequence are never sent (so never moved);
        ``removeFromExisting`` is always sent, false unless asked. ``start_step``
        is a 1-based position, ``start_step_id`` a step id. Raises only when
        nothing was written (the sequence or the start step cannot be read)."""
        args = _enrol_args(start_step, start_step_id, ignore_step_delay, if_already, remove_from_existing)
        raw = _native.enrol(self._n, sequence_id, [_target(c) for c in contacts], **args, asynchronous=False)
        return _report(raw)


class AsyncSequenceWorkflows(Resource):
    """``enrol`` of ``AsyncClient.sequences``."""

    __slots__ = ()

    async def enrol(
        self,
        sequence_id: int,
        contacts: _t.Iterable[EnrolTarget],
        *,
        start_step: _t.Optional[int] = None,
        start_step_id: _t.Optional[int] = None,
        ignore_step_delay: bool = False,
        if_already: IfAlready = "skip",
        remove_from_existing: bool = False,
    ) -> EnrolReport:
        """See :meth:`SequenceWorkflows.enrol`."""
        args = _enrol_args(start_step, start_step_id, ignore_step_delay, if_already, remove_from_existing)
        raw = await _native.enrol(self._n, sequence_id, [_target(c) for c in contacts], **args, asynchronous=True)
        return _report(raw)


class SequenceStepWorkflows(Resource):
    """``resolve`` of ``client.sequence_steps``."""

    __slots__ = ()

    def resolve(self, sequence_id: int, position: int) -> int:
        """The id of the step at the 1-based ``position``, by the steps' ``parentId``
        links. Raises ``StepAmbiguousError`` where branches make the position mean
        more than one step, ``StepNotFoundError`` where there is none."""
        step: int = _native.resolve(self._n, sequence_id, position, False)
        return step


class AsyncSequenceStepWorkflows(Resource):
    """``resolve`` of ``AsyncClient.sequence_steps``."""

    __slots__ = ()

    async def resolve(self, sequence_id: int, position: int) -> int:
        """See :meth:`SequenceStepWorkflows.resolve`."""
        step: int = await _native.resolve(self._n, sequence_id, position, True)
        return step
