"""The engine's log records on Python's :mod:`logging`.

Records arrive on the loggers ``reply.request`` (request sent, response
received, retrying, write outcome unknown), ``reply.quota`` (waiting for the
request budget) and ``reply.job`` (job polled), all children of ``reply``::

    logging.getLogger("reply").setLevel(logging.DEBUG)

Each record's fields (``operation``, ``method``, ``path``, ``attempt``,
``status``, ``wait_ms``, ``reason``, ...) follow the message as ``name=value``
and are also on the record as the dict ``reply_fields``. No record holds a
header, and the API key is scrubbed from every text before it gets here.
"""

from __future__ import annotations

import logging
import typing as _t

_LEVELS = {
    "trace": 5,
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
}


# The loggers the engine's records go to, and their parent.
_LOGGERS = [logging.getLogger(name) for name in ("reply", "reply.request", "reply.quota", "reply.job")]


def threshold() -> str:
    """The engine's least level (``trace`` ... ``error``) that any of its
    loggers records now, ``off`` for none. Read by the engine at each call, so
    that it drops records below it without waiting for the interpreter (see
    bindings/python/src/logs.rs)."""
    for level, number in _LEVELS.items():  # least first
        if any(logger.isEnabledFor(number) for logger in _LOGGERS):
            return level
    return "off"


def emit(level: str, target: str, message: str, fields: _t.Dict[str, _t.Any]) -> None:
    """Called by the engine for each record (``target`` is ``reply::request`` and the like)."""
    logger = logging.getLogger(target.replace("::", "."))
    number = _LEVELS.get(level, logging.INFO)
    if not logger.isEnabledFor(number):
        return
    shown = " ".join(f"{name}={value}" for name, value in fields.items())
    logger.log(number, "%s %s" if shown else "%s%s", message, shown, extra={"reply_fields": fields})
