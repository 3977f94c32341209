"""Shared set-up for the `reply mcp` tests: the binary, the spec, and a way to
run one MCP session (the official `mcp` client over stdio) per test."""

import json
import os
import tempfile
from pathlib import Path

import anyio
import pytest
import yaml
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(os.environ.get("REPLY_OPENAPI_SPEC", ROOT / "../shared/reply-api/openapi.yaml"))
METHODS = ("get", "post", "put", "patch", "delete")


def reply_binary() -> str:
    override = os.environ.get("REPLY_BIN")
    if override:
        return override
    for triple in ("x86_64-unknown-linux-gnu/", ""):
        path = ROOT / "target" / f"{triple}debug" / "reply"
        if path.exists():
            return str(path)
    raise RuntimeError("build the CLI first: cargo build -p reply-cli (or set REPLY_BIN)")


@pytest.fixture(scope="session")
def spec_operations() -> dict:
    """operationId -> (method, path, operation object), read straight from the spec."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(SPEC) as f:
        spec = yaml.load(f, Loader=loader)
    ops = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                ops[item[method]["operationId"]] = (method, path, item[method])
    return ops


@pytest.fixture(scope="session")
def samples() -> dict:
    """One valid request per operation, generated from the schemas (reply-codegen)."""
    return json.loads((ROOT / "crates/reply-mock/src/generated/samples.json").read_text())


class Session:
    """What one server process said: every tool answer's text and its stderr."""

    def __init__(self, client: Client, errlog):
        self.client = client
        self.errlog = errlog
        self.texts: list[str] = []

    async def call(self, name: str, arguments: dict | None = None):
        result = await self.client.call_tool(name, arguments or {})
        text = "".join(block.text for block in result.content if getattr(block, "text", None) is not None)
        self.texts.append(text)
        return result.is_error, json.loads(text)

    def stderr(self) -> str:
        self.errlog.flush()
        return Path(self.errlog.name).read_text()


def run_session(args: list[str], body, env: dict | None = None, mode: str = "auto"):
    """Starts `reply mcp ARGS`, runs `await body(session)` and returns its result."""

    async def main():
        with tempfile.NamedTemporaryFile("w+", suffix=".log") as errlog:
            params = StdioServerParameters(command=reply_binary(), args=["mcp", *args], env=env or {}, cwd=str(ROOT))
            async with Client(stdio_client(params, errlog=errlog), mode=mode) as client:
                return await body(Session(client, errlog))

    return anyio.run(main)
