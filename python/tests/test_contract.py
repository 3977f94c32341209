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
