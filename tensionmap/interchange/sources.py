"""Reading what an importer is given: a path, bytes or a binary stream, within the limits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from . import errors as _errors
from .errors import InterchangeError, Limits, mb

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO


def limits_or_default(limits: Limits | None) -> Limits:
    return limits if limits is not None else _errors.DEFAULT_LIMITS


def source_name(source: Source, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name or str(source)
    file_name = getattr(source, "name", None)
    return Path(file_name).name if isinstance(file_name, str) and file_name else "<data>"


def read_source(source: Source, name: str, limits: Limits) -> bytes:
    """The bytes of a path, a bytes value or a binary file object, refusing oversize input."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            if path.is_dir():
                raise InterchangeError("is a folder, not a file", file=name)
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise InterchangeError(
                    f"file is larger than the {mb(limits.max_bytes)} import limit", file=name
                )
            with path.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise InterchangeError(f"cannot read the file ({exc.strerror or exc})", file=name) from None
    elif hasattr(source, "read"):
        data = source.read(limits.max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise TypeError(f"cannot import from {type(source).__name__}")
    if len(data) > limits.max_bytes:
        raise InterchangeError(f"file is larger than the {mb(limits.max_bytes)} import limit", file=name)
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped; UTF-16 with a BOM is accepted too)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InterchangeError("is not valid UTF-16 text", file=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InterchangeError(
            f"column {column}: byte 0x{data[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)",
            file=name,
            where=f"line {line}",
        ) from None
