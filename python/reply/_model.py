"""The base of every generated model and the helpers the generated code calls.

A model holds the wire JSON it came from (``_data``: a dict, or for page items
a :class:`JsonObject` that stays on the Rust side) and converts members only
when they are read, so decoding a page of a thousand contacts costs a thousand
small objects, not a walk over every nested member.
"""

from __future__ import annotations

import datetime as _dt
import enum
import typing as _t



class _NoEngineYet:
    """Stands for the engine's ``JsonObject`` until the engine is loaded: no value is one before."""


JsonObject: _t.Type[_t.Any] = _NoEngineYet


def _engine_loaded(json_object: _t.Type[_t.Any]) -> None:
    """Called once by ``_engine.load``. A page item arrives as a JsonObject
    (read-only, converted member by member as read); it reads like any other mapping."""
    global JsonObject
    JsonObject = json_object
    _t.Mapping.register(json_object)  # type: ignore[attr-defined]

_T = _t.TypeVar("_T")
_M = _t.TypeVar("_M", bound="Model")
_V = _t.TypeVar("_V", covariant=True)


class _Member(_t.Protocol[_V]):
    """What type checkers see of a generated model attribute: read on a model,
    a ``_V``. At run time it is the engine's ``Member`` descriptor
    (bindings/python/src/member.rs), which reads the member natively."""

    @_t.overload
    def __get__(self, instance: None, owner: _t.Any) -> "_Member[_V]": ...

    @_t.overload
    def __get__(self, instance: object, owner: _t.Any) -> _V: ...


class Unset:
    """The type of :data:`UNSET`: a member left out, as opposed to sent as ``null``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: _t.Final[Unset] = Unset()
"""Default of every model argument: the member is left out of the JSON."""

Maybe = _t.Union[_T, None, Unset]
"""A model argument: a value, ``None`` (sent as ``null``) or ``UNSET`` (left out)."""

_new = object.__new__


def _copy(value: _t.Any) -> _t.Any:
    """A deep copy of JSON data (much cheaper than ``copy.deepcopy``)."""
    if isinstance(value, JsonObject):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _wire(value: _t.Any) -> _t.Any:
    """JSON for a value given by the caller: models by their data, enum members by value."""
    if isinstance(value, Model):
        return _copy(value._data)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_wire(v) for v in value]
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    return value


def _pack(fields: _t.Mapping[str, str], values: _t.Mapping[str, _t.Any]) -> _t.Dict[str, _t.Any]:
    """The wire JSON of a model built from keyword arguments (``UNSET`` ones left out)."""
    data: _t.Dict[str, _t.Any] = {}
    for name, wire in fields.items():
        value = values[name]
        if value is not UNSET:
            data[wire] = _wire(value)
    return data


def _parse_timestamp(text: str) -> _t.Optional[_dt.datetime]:
    """An ISO 8601 date-time as Reply writes them (``2026-01-15T09:30:00Z``,
    an offset or none, any number of fraction digits), ``None`` if it is not one.
    ``fromisoformat`` alone refuses ``Z`` and odd fraction lengths before 3.11."""
    text = text.strip()
    if len(text) < 16 or text[10] not in "Tt ":
        return None
    date, clock = text[:10], text[11:]
    zone = "+00:00"  # Reply's API speaks UTC; a time without an offset is taken as UTC (our reading).
    if clock[-1:] in ("Z", "z"):
        clock = clock[:-1]
    elif len(clock) > 6 and clock[-6] in "+-" and clock[-3] == ":":
        clock, zone = clock[:-6], clock[-6:]
    elif len(clock) > 5 and clock[-5] in "+-" and clock[-4:].isdigit():
        clock, zone = clock[:-5], f"{clock[-5:-2]}:{clock[-2:]}"
    whole, _, fraction = clock.partition(".")
    if len(whole) == 5:
        whole += ":00"
    if not fraction.isdigit() and fraction:
        return None
    try:
        return _dt.datetime.fromisoformat(f"{date}T{whole}.{fraction[:6].ljust(6, '0')}{zone}")
    except ValueError:
        return None


def _datetime(value: _t.Any, wire: str) -> _t.Any:
    """A ``date-time`` member read as an aware ``datetime`` (``None`` stays ``None``)."""
    if value is None or isinstance(value, _dt.datetime):
        return value
    parsed = _parse_timestamp(value) if isinstance(value, str) else None
    if parsed is None:
        from ._errors import DecodeError

        raise DecodeError(
            f"member {wire} is not an ISO 8601 date-time: {value!r} (its wire text is model[{wire!r}])", kind="decode"
        )
    return parsed


def _list(value: _t.Any, convert: _t.Callable[[_t.Any], _t.Any]) -> _t.Any:
    return None if value is None else [convert(v) for v in value]


def _map(value: _t.Any, convert: _t.Callable[[_t.Any], _t.Any]) -> _t.Any:
    return None if value is None else {k: convert(v) for k, v in value.items()}


def _tagged(value: _t.Any, tag: str, table: _t.Mapping[str, _t.Callable[[_t.Any], _t.Any]]) -> _t.Any:
    """A union member chosen by its tag; an unknown tag gives a plain :class:`Model`."""
    if not isinstance(value, (dict, JsonObject)):
        return value
    member = value.get(tag)
    convert = table.get(member, Model._from) if isinstance(member, str) else Model._from
    return convert(value)


_known_members: _t.Dict[type, _t.Tuple[_t.FrozenSet[str], _t.Dict[str, str]]] = {}


def _members(cls: type) -> _t.Tuple[_t.FrozenSet[str], _t.Dict[str, str]]:
    """The wire names a model class knows, and wire name -> attribute name (cached)."""
    found = _known_members.get(cls)
    if found is None:
        fields: _t.Dict[str, str] = getattr(cls, "_FIELDS", {})
        found = (frozenset(fields.values()), {w: p for p, w in fields.items()})
        _known_members[cls] = found
    return found


class Model:
    """A JSON object of Reply's API with typed attributes.

    ``to_dict()`` returns the wire JSON (camelCase names), ``extra`` the members
    this SDK version does not know, and ``model["wireName"]`` reads any member
    as sent. Models compare equal when their JSON is equal.
    """

    __slots__ = ("_data",)
    _FIELDS: _t.ClassVar[_t.Dict[str, str]] = {}
    # The wire JSON object. Typed `Any` so that getters of required members, which
    # the Rust decoder always fills in, return their declared types.
    _data: _t.Any

    def __init__(self) -> None:
        self._data = {}

    @classmethod
    def _from(cls, data: _t.Any) -> _t.Any:
        """Wraps decoded JSON without copying it (``None`` stays ``None``)."""
        if data is None:
            return None
        obj = _new(cls)
        obj._data = data
        return obj

    @classmethod
    def from_dict(cls: _t.Type[_M], data: _t.Mapping[str, _t.Any]) -> _M:
        """A model from wire JSON (camelCase member names), copied."""
        obj: _M = _new(cls)
        obj._data = _copy(dict(data))
        return obj

    def to_dict(self) -> _t.Dict[str, _t.Any]:
        """The wire JSON of this object (a copy)."""
        result: _t.Dict[str, _t.Any] = _copy(self._data)
        return result

    @property
    def extra(self) -> _t.Dict[str, _t.Any]:
        """Members the schema of this SDK version does not list, as sent."""
        known, _ = _members(type(self))
        return {k: v for k, v in self._data.items() if k not in known}

    def get(self, key: str, default: _t.Any = None) -> _t.Any:
        """A member by its wire name, or ``default``."""
        return self._data.get(key, default)

    def __getitem__(self, key: str) -> _t.Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == _t.cast(Model, other)._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        # In the model's own order, whatever order the server sent the members in.
        data = self._data
        parts = [f"{name}={data[wire]!r}" for name, wire in type(self)._FIELDS.items() if wire in data]
        extra = self.extra
        if extra:
            parts.append(f"extra={extra!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


class StrEnum(str, enum.Enum):
    """A string enum of the spec. Members equal their wire strings; a value
    this SDK version does not know is returned as a plain ``str``."""

    @classmethod
    def _from(cls, value: _t.Any) -> _t.Any:
        if value is None:
            return None
        return cls._value2member_map_.get(value, value)

    def __str__(self) -> str:
        return str(self.value)
