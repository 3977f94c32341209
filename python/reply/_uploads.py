"""Files for the upload operations.

A file argument may be ``bytes``, a path (``str`` or ``os.PathLike``), a binary
file object, or a tuple ``(filename, data)`` / ``(filename, data, content_type)``.
The content type is guessed from the file name when not given.
"""

from __future__ import annotations

import os
import typing as _t

FileInput = _t.Union[
    bytes,
    bytearray,
    memoryview,
    str,
    "os.PathLike[str]",
    _t.IO[bytes],
    _t.Tuple[str, bytes],
    _t.Tuple[str, bytes, str],
]

Part = _t.Tuple[_t.Any, ...]


def _file(field: str, value: _t.Any) -> Part:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ("file", field, field, None, bytes(value))
    if isinstance(value, (str, os.PathLike)):
        return ("path", field, os.fspath(value))
    if isinstance(value, tuple) and len(value) in (2, 3):
        named: _t.Tuple[_t.Any, ...] = value
        content_type = named[2] if len(named) == 3 else None
        return ("file", field, str(named[0]), content_type, bytes(named[1]))
    read = getattr(value, "read", None)
    if callable(read):
        data: _t.Any = read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) and name else field
        return ("file", field, filename, None, bytes(data))
    raise TypeError(f"`{field}` must be bytes, a path, a binary file or a (filename, data) tuple")


def form(fields: _t.Sequence[_t.Tuple[str, _t.Any, bool]]) -> _t.List[Part]:
    """The parts of a multipart form: (wire name, value, is a file)."""
    parts: _t.List[Part] = []
    for field, value, is_file in fields:
        if value is None:
            continue
        if is_file:
            values = value if isinstance(value, list) else [value]
            parts.extend(_file(field, v) for v in values)
        else:
            parts.append(("text", field, str(value)))
    return parts
