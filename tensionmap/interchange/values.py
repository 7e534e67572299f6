"""Plain values in interchange files: text, numbers, flags and lists, parsed with one-line errors."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

from .errors import InterchangeError

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text with the characters XML cannot carry (most control characters) removed."""
    return _INVALID_XML.sub("", value) if _INVALID_XML.search(value) else value


def parse_float(text: object, what: str) -> float:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        try:
            value = float(str(text).strip())
        except (ValueError, OverflowError):
            raise InterchangeError(f"{what} {short(text)} is not a number") from None
    if not math.isfinite(value):
        raise InterchangeError(f"{what} {short(text)} is not a finite number")
    return value


def parse_int_scale(text: object, what: str, low: int = 1, high: int = 5) -> int | None:
    """A whole number in [low, high]; empty means None. 3.0 is accepted as 3."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    value = parse_float(text, what)
    if value != int(value) or not low <= value <= high:
        raise InterchangeError(f"{what} {short(text)} is not a whole number from {low} to {high}")
    return int(value)


def strength_from_weight(weight: float) -> int:
    """|weight| rounded half up and clamped into the strength range 1-5."""
    return max(1, min(5, math.floor(abs(weight) + 0.5)))


_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off", ""}


def parse_bool(text: object, what: str) -> bool:
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InterchangeError(f"{what} {short(text)} is not true or false")


def short(value: object, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float (integers without '.0')."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# A list of texts in one cell: "a; b" (or "a|b", Kumu's way) when that reads
# back the same, else a JSON array.
_LIST_SPLIT = re.compile(r"[;|]")


def encode_list(items: Iterable[str], sep: str = "; ") -> str:
    items = tuple(items)
    plain = sep.join(items)
    if decode_list(plain) == items:
        return plain
    return json.dumps(list(items), ensure_ascii=False)


def decode_list(text: str | None) -> tuple[str, ...]:
    """Split on ';' or '|' (trimming), or read a JSON array of text."""
    if not text:
        return ()
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
    return tuple(part.strip() for part in _LIST_SPLIT.split(text) if part.strip())
