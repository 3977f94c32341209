"""``reply.Client()`` and ``reply.AsyncClient()`` without a key read
``REPLY_API_KEY`` and ``REPLY_BASE_URL``; with neither a key nor the variable
they raise ``ConfigError`` saying so."""

from __future__ import annotations

import asyncio

import pytest

import reply

from .conftest import PERSONAL_KEY, Mock


def test_a_client_without_a_key_reads_the_environment(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLY_API_KEY", PERSONAL_KEY)
    monkeypatch.setenv("REPLY_BASE_URL", mock.url)
    with reply.Client() as c:
        assert c.base_url == mock.url and c.user_account.whoami().user_id == 1
    # Arguments still override what the environment says.
    with reply.Client(base_url=mock.url + "/") as c:
        assert c.base_url == mock.url

    async def main() -> int:
        async with reply.AsyncClient() as a:
            return (await a.user_account.whoami()).user_id

    assert asyncio.run(main()) == 1


def test_no_key_anywhere_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLY_API_KEY", raising=False)
    for client in (reply.Client, reply.AsyncClient):
        with pytest.raises(reply.ConfigError, match="REPLY_API_KEY is not set"):
            client()


def test_a_given_key_does_not_read_the_environment(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLY_API_KEY", "mock-unknown-key")
    monkeypatch.setenv("REPLY_BASE_URL", "http://127.0.0.1:9")
    with reply.Client(PERSONAL_KEY, base_url=mock.url) as c:
        assert c.user_account.whoami().user_id == 1
    with reply.Client(PERSONAL_KEY) as c:
        assert c.base_url == "https://api.reply.io"
