"""The walks the paging benches time and the memory bench measures: each
side pages through every contact of the bench server and does the same work
with each. Imports happen inside the walks, so a process running one baseline
never loads the SDK (the memory bench counts what each process loads).
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict

KEY = "bench-key"
# The seven members the "named" work reads: id, email, firstName, lastName, company, title, customFields.


def named_dict(c: Dict[str, Any]) -> int:
    return c["id"] + len(c["email"]) + len(c["firstName"]) + len(c["lastName"]) + len(c["company"]) + len(c["title"]) + len(c["customFields"])


def named_model(c: Any) -> int:
    return c.id + len(c.email) + len(c.first_name) + len(c.last_name) + len(c.company) + len(c.title) + len(c.custom_fields)


def full_dict(c: Dict[str, Any]) -> int:
    return len(c) + len(c["customFields"])


def full_model(c: Any) -> int:
    return full_dict(c.to_dict())


def sdk(work: Callable[[Any], int]) -> Callable[[str, int], int]:
    def walk(url: str, page_size: int) -> int:
        import reply

        with reply.Client(KEY, base_url=url, quota=None) as client:
            return sum(map(work, client.contacts.iter_list(page_size=page_size)))

    return walk


def plain(loads: Callable[[bytes], Any], work: Callable[[Dict[str, Any]], int]) -> Callable[[str, int], int]:
    """What a careful user writes with httpx: one kept-alive client, top/skip until hasMore is false."""

    def walk(url: str, page_size: int) -> int:
        import httpx

        acc = 0
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}) as client:
            skip = 0
            while True:
                response = client.get("/v3/contacts", params={"top": page_size, "skip": skip})
                response.raise_for_status()
                page = loads(response.content)
                items = page["items"]
                acc += sum(map(work, items))
                skip += len(items)
                if not page.get("hasMore") or not items:
                    return acc

    return walk


def orjson_loads(body: bytes) -> Any:
    import orjson

    return orjson.loads(body)


WALKS: Dict[str, Dict[str, Callable[[str, int], int]]] = {
    "named": {
        "reply-sdk": sdk(named_model),
        "httpx + json": plain(json.loads, named_dict),
        "httpx + orjson": plain(orjson_loads, named_dict),
    },
    "full": {
        "reply-sdk": sdk(full_model),
        "httpx + json": plain(json.loads, full_dict),
        "httpx + orjson": plain(orjson_loads, full_dict),
    },
}
