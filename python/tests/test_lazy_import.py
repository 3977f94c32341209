"""``import reply`` loads no resource or model module, nor the engine; each loads
on first use (and ``reply.models``, ``reply.Job``... through the package's ``__getattr__``)."""

from __future__ import annotations

import json
import subprocess
import sys

import reply

PROBE = """
import json, sys
import reply
loaded = lambda: sorted(m for m in sys.modules if m.startswith("reply."))
at_import = loaded()
client = reply.Client("k", base_url="http://127.0.0.1:9")
at_client = loaded()
client.contacts
at_contacts = loaded()
job = reply.Job
print(json.dumps([at_import, at_client, at_contacts, job.__module__]))
"""


def test_import_reply_loads_resources_and_models_on_first_use() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout
    at_import, at_client, at_contacts, job_module = json.loads(out)
    assert "reply.models" not in at_import and "reply._resources.contacts" not in at_import
    # The engine loads with the first client, not with the package.
    assert "reply._native" not in at_import and "reply._native" in at_client
    assert not any(m.startswith("reply._resources.") for m in at_client)
    assert "reply._resources.contacts" in at_contacts and "reply.models" in at_contacts
    assert "reply._resources.sequences" not in at_contacts
    assert job_module == "reply._jobs"


def test_lazy_names_resolve_and_unknown_ones_fail() -> None:
    from reply import models

    assert reply.models is models and "models" in dir(reply)
    assert reply.RawResponse.__name__ == "RawResponse"
    try:
        reply.NoSuchThing  # type: ignore[attr-defined]
    except AttributeError as e:
        assert "NoSuchThing" in str(e)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
