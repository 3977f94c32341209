"""Spec-examples conformance through the Python surface: every request and
response example in Reply's OpenAPI description (problem bodies included)
decodes into the generated Python model for its operation and status, every
attribute read back has the type its annotation declares, no member is left
over in ``extra``, and ``to_dict()`` gives the example back unchanged."""

from __future__ import annotations

import enum
import inspect
import os
import typing as t
from pathlib import Path

import pytest
import yaml

import reply
from reply import models
from reply._operations import REQUESTS, RESPONSES

from .conftest import ROOT


SPEC = Path(os.environ.get("REPLY_OPENAPI_SPEC", ROOT.parent / "shared/reply-api/openapi.yaml"))
NAMESPACE = {**vars(models), "_t": t}
_hints: t.Dict[type, t.Dict[str, t.Any]] = {}


def examples_of(media: t.Dict[str, t.Any]) -> t.List[t.Tuple[str, t.Any]]:
    if "schema" not in media:
        return []
    found = [("example", media["example"])] if "example" in media else []
    for name, entry in (media.get("examples") or {}).items():
        if "value" in entry:
            found.append((name, entry["value"]))
    return found


def collect(spec: t.Dict[str, t.Any]) -> t.List[t.Tuple[str, str, t.Optional[int], t.Any]]:
    out = []
    for path, item in spec["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            op = item.get(method)
            if not op:
                continue
            op_id = op["operationId"]
            for media_type, media in ((op.get("requestBody") or {}).get("content") or {}).items():
                for name, value in examples_of(media):
                    out.append((f"{op_id} request {media_type} {name}", op_id, None, value))
            for status, response in op["responses"].items():
                for media_type, media in (response.get("content") or {}).items():
                    for name, value in examples_of(media):
                        out.append((f"{op_id} {status} {media_type} {name}", op_id, int(status), value))
    return out


def hints_of(cls: type) -> t.Dict[str, t.Any]:
    found = _hints.get(cls)
    if found is None:
        # An attribute is a generated property (its return type) or a native
        # member declared `name: _Member[T]` (its T).
        declared = t.get_type_hints(cls, NAMESPACE)
        found = {}
        for name in cls._FIELDS:  # type: ignore[attr-defined]
            attr = inspect.getattr_static(cls, name)
            if isinstance(attr, property):
                found[name] = t.get_type_hints(attr.fget, NAMESPACE)["return"]
            else:
                found[name] = t.get_args(declared[name])[0]
        _hints[cls] = found
    return found


def conforms(value: t.Any, hint: t.Any, where: str) -> t.Optional[str]:
    """Why ``value`` does not have type ``hint``, or None."""
    origin, args = t.get_origin(hint), t.get_args(hint)
    if hint is t.Any:
        return None
    if origin is t.Union:
        enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
        if enums:  # Union[SomeEnum, str]: a known value must come back as a member
            return None if isinstance(value, enums[0]) else f"{where}: {value!r} is not a {enums[0].__name__}"
        if value is None and type(None) in args:
            return None
        members = [a for a in args if a is not type(None) and a is not reply.Model]
        reasons = [conforms(value, a, where) for a in members]
        return None if any(r is None for r in reasons) else f"{where}: {value!r} fits none of {hint}"
    if origin is list:
        if not isinstance(value, list):
            return f"{where}: not a list"
        return next((r for i, v in enumerate(value) if (r := conforms(v, args[0], f"{where}[{i}]"))), None)
    if origin is dict:
        if not isinstance(value, dict):
            return f"{where}: not a dict"
        return next((r for k, v in value.items() if (r := conforms(v, args[1], f"{where}.{k}"))), None)
    if hint is float:
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else f"{where}: not a number"
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else f"{where}: not an integer"
    if isinstance(hint, type) and issubclass(hint, reply.Model):
        if type(value) is not hint:
            return f"{where}: {type(value).__name__} is not {hint.__name__}"
        if value.extra:
            return f"{where}: members the schema does not list: {sorted(value.extra)}"
        for name, member_hint in hints_of(hint).items():
            if hint._FIELDS[name] in value:
                reason = conforms(getattr(value, name), member_hint, f"{where}.{name}")
                if reason:
                    return reason
        return None
    return None if isinstance(value, hint) else f"{where}: {value!r} is not {hint.__name__}"


def wire(value: t.Any) -> t.Any:
    if isinstance(value, reply.Model):
        return value.to_dict()
    if isinstance(value, list):
        return [wire(v) for v in value]
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    return value


def check(op_id: str, status: t.Optional[int], value: t.Any) -> t.Optional[str]:
    entry = REQUESTS.get(op_id) if status is None else RESPONSES.get(op_id, {}).get(status)
    if entry is None:
        return "no Python model for this body"
    annotation, convert = entry
    decoded = convert(value)
    reason = conforms(decoded, eval(annotation, NAMESPACE), "body")
    if reason:
        return reason
    if wire(decoded) != value:
        return "to_dict() differs from the example"
    return None


def test_every_spec_example_decodes_into_its_python_model() -> None:
    if not SPEC.exists():
        pytest.fail(f"the spec is not at {SPEC}; set REPLY_OPENAPI_SPEC")
    # The C loader when PyYAML has it: the pure-Python one takes ~10 s for this spec.
    spec = yaml.load(SPEC.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    examples = collect(spec)
    failures = [(label, why) for label, op_id, status, value in examples if (why := check(op_id, status, value))]
    passed = len(examples) - len(failures)
    print(f"python conformance: {len(examples)} examples checked, {passed} passed")
    problems = sum(1 for label, *_ in examples if "problem+json" in label)
    assert problems > 0
    assert not failures, "\n".join(f"{label}: {why}" for label, why in failures[:20])
    assert len(examples) == 1614
