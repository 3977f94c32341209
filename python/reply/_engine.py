"""The Rust engine (the compiled ``_native`` module), loaded when the first
client is built rather than by ``import reply``: a program that imports the
package without calling Reply does not map the engine into memory."""

from __future__ import annotations

import atexit
import types
import typing as _t

_loaded: _t.Optional[types.ModuleType] = None


def load() -> types.ModuleType:
    """The engine, set up once: its page items read as mappings, and tokio
    threads let finish handing results to asyncio before the interpreter
    finalizes (see bindings/python/src/exit.rs)."""
    global _loaded
    if _loaded is None:
        from . import _model, _native

        _model._engine_loaded(_native.JsonObject)
        atexit.register(_native.settle)
        _loaded = _native
    return _loaded
