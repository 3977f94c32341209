"""The option rules every binding shares (tests/contract/options.json), spelled
the Python way: seconds for times, ``user_id``/``user_email``, ``reply.Quota``
and ``quota=None``, per-call options through ``with_options``."""

from __future__ import annotations

import json
import typing as t

import pytest

import reply

from .conftest import MASTER_KEY, ROOT, Mock

TABLE = json.loads((ROOT / "tests/contract/options.json").read_text())["cases"]
RENAMED = {"acting_user_id": "user_id", "acting_user_email": "user_email"}
SECONDS = {"timeout_ms": "timeout", "deadline_ms": "deadline"}


def python_options(engine: t.Mapping[str, t.Any]) -> t.Dict[str, t.Any]:
    """The engine's option names and units as Python keywords."""
    out: t.Dict[str, t.Any] = {}
    for name, value in engine.items():
        if name in SECONDS:
            out[SECONDS[name]] = value / 1000
        elif name == "quota":
            windows = {"minute_ms": "minute", "hour_ms": "hour"}
            out["quota"] = reply.Quota(**{windows.get(k, k): v / 1000 if k in windows else v for k, v in value.items()})
        elif name == "disable_quota":
            if value:
                out["quota"] = None
        elif name == "headers":
            out["headers"] = dict(value)
        else:
            out[RENAMED.get(name, name)] = value
    return out


def run(case: t.Mapping[str, t.Any], mock: Mock) -> None:
    options = python_options(case.get("client", {}))
    api_key = options.pop("api_key", MASTER_KEY)
    options.setdefault("base_url", mock.url)
    with reply.Client(api_key, **options) as client:
        if "call" in case:
            client.with_options(**python_options(case["call"])).user_account.whoami()


@pytest.mark.parametrize("case", TABLE, ids=[c["name"] for c in TABLE])
def test_the_shared_option_rules(case: t.Mapping[str, t.Any], mock: Mock) -> None:
    expected = case.get("error")
    if expected is None:
        run(case, mock)
        return
    with pytest.raises(reply.ReplyError) as info:
        run(case, mock)
    assert type(info.value).__name__ == expected["class"], info.value
    assert expected["message"] in str(info.value)


ERRORS = json.loads((ROOT / "tests/contract/errors.json").read_text())["cases"]


def make_call(client: reply.Client, call: t.Mapping[str, t.Any]) -> None:
    if call["op"] == "whoami":
        client.user_account.whoami()
    elif call["op"] == "get_contact":
        client.contacts.get(call["id"])
    elif call["op"] == "list_contacts":
        client.contacts.list(**({"top": call["top"]} if "top" in call else {}))
    else:
        raise AssertionError(f"unknown call {call['op']}")


@pytest.mark.parametrize("case", ERRORS, ids=[c["name"] for c in ERRORS])
def test_the_shared_error_hierarchy(case: t.Mapping[str, t.Any], mock: Mock) -> None:
    options = python_options(case.get("client", {}))
    api_key = options.pop("api_key", MASTER_KEY)
    with pytest.raises(reply.ReplyError) as info:
        with reply.Client(api_key, base_url=mock.url, **options) as client:
            make_call(client, case["call"])
    e = info.value
    expect = case["expect"]
    chain = [reply.CLASS_BY_NAME[name] for name in expect["classes"]]
    assert all(isinstance(e, cls) for cls in chain), (type(e).__mro__, expect["classes"])
    assert type(e) is chain[-1]
    observed = {
        "kind": e.kind,
        "status": e.status,
        "code": e.code,
        "operation": e.operation,
        "request": e.request,
        "teams": [{"team_id": team.team_id, "team_name": team.team_name} for team in e.teams],
    }
    assert observed == {k: v for k, v in expect.items() if k not in ("classes", "headers")}
    for name, value in expect["headers"].items():
        assert e.headers.get(name, "").startswith(value), e.headers
