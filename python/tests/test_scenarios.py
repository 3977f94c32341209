"""The shared cross-language scenarios (tests/scenarios/*.json), run through
the public Python surface, with the blocking and the asyncio client."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import typing as t
import uuid
from pathlib import Path

import pytest

import reply
from reply._operations import OPERATIONS

from .conftest import PERSONAL_KEY, ROOT, Mock

SCENARIOS = sorted((ROOT / "tests/scenarios").glob("*.json"))
BY_NAME = {(resource, method): (op, params) for op, (resource, method, params) in OPERATIONS.items()}


def substitute(value: t.Any, saved: t.Dict[str, t.Any]) -> t.Any:
    if isinstance(value, str):
        whole = re.fullmatch(r"\$\{(\w+)\}", value)
        if whole:
            return saved[whole.group(1)]
        return re.sub(r"\$\{(\w+)\}", lambda m: str(saved[m.group(1)]), value)
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    return value


def pointer(doc: t.Any, path: str) -> t.Any:
    for part in path.lstrip("/").split("/") if path not in ("", "/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def wire(value: t.Any) -> t.Any:
    """The JSON of a call's result (models by ``to_dict()``)."""
    if isinstance(value, reply.Model):
        return value.to_dict()
    if isinstance(value, list):
        return [wire(v) for v in value]
    return value


def prepare(step: t.Dict[str, t.Any], saved: t.Dict[str, t.Any]) -> t.Tuple[str, str, t.Dict[str, t.Any]]:
    resource, method = step["call"].split(".")
    assert (resource, method) in BY_NAME or (resource, method + "_") in BY_NAME, step["call"]
    _, names = BY_NAME.get((resource, method)) or BY_NAME[(resource, method + "_")]
    kwargs: t.Dict[str, t.Any] = {}
    for key, value in substitute(copy.deepcopy(step.get("args", {})), saved).items():
        kwargs["body" if key == "body" else names[key]] = value
    py_method = method if (resource, method) in BY_NAME else method + "_"
    return resource, py_method, kwargs


def check(step: t.Dict[str, t.Any], outcome: t.Any, error: t.Optional[reply.ReplyError], saved: t.Dict[str, t.Any]) -> None:
    label = step["call"]
    if "expect_error" in step:
        assert error is not None, f"{label}: expected an error, got {outcome!r}"
        for key, value in step["expect_error"].items():
            assert getattr(error, key) == value, f"{label}: {key} is {getattr(error, key)!r}, expected {value!r}"
        return
    if error is not None:
        raise error
    if "paginate" in step:
        assert len(outcome) >= step["paginate"].get("min_items", 0), f"{label}: only {len(outcome)} items"
        return
    body = wire(outcome)
    for path, value in substitute(step.get("expect", {}), saved).items():
        assert pointer(body, path) == value, f"{label}: {path} is {pointer(body, path)!r}, expected {value!r}"
    for name, path in step.get("save", {}).items():
        saved[name] = pointer(body, path)


def run_sync(client: reply.Client, scenario: t.Dict[str, t.Any]) -> int:
    saved: t.Dict[str, t.Any] = {"run": uuid.uuid4().hex[:10]}
    for step in scenario["steps"]:
        resource, method, kwargs = prepare(step, saved)
        target = getattr(client, resource)
        outcome, error = None, None
        try:
            if "paginate" in step:
                kwargs.pop("top", None)
                pages = list(getattr(target, f"iter_{method}")(page_size=step["paginate"]["page_size"], **kwargs).pages())
                assert all(len(p) <= step["paginate"]["page_size"] for p in pages)
                outcome = [item for page in pages for item in page]
            else:
                outcome = getattr(target, method)(**kwargs)
        except reply.ReplyError as e:
            error = e
        check(step, outcome, error, saved)
    return len(scenario["steps"])


async def run_async(client: reply.AsyncClient, scenario: t.Dict[str, t.Any]) -> int:
    saved: t.Dict[str, t.Any] = {"run": uuid.uuid4().hex[:10]}
    for step in scenario["steps"]:
        resource, method, kwargs = prepare(step, saved)
        target = getattr(client, resource)
        outcome, error = None, None
        try:
            if "paginate" in step:
                kwargs.pop("top", None)
                pager = getattr(target, f"iter_{method}")(page_size=step["paginate"]["page_size"], **kwargs)
                outcome = [item async for item in pager]
            else:
                outcome = await getattr(target, method)(**kwargs)
        except reply.ReplyError as e:
            error = e
        check(step, outcome, error, saved)
    return len(scenario["steps"])


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_sync(mock: Mock, path: Path) -> None:
    scenario = json.loads(path.read_text())
    with reply.Client(PERSONAL_KEY, base_url=mock.url) as client:
        assert run_sync(client, scenario) == len(scenario["steps"])


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_async(mock: Mock, path: Path) -> None:
    scenario = json.loads(path.read_text())

    async def main() -> int:
        async with reply.AsyncClient(PERSONAL_KEY, base_url=mock.url) as client:
            return await run_async(client, scenario)

    assert asyncio.run(main()) == len(scenario["steps"])
