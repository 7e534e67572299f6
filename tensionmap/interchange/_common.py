"""What every importer shares: reading input, parsing values, kinds and type words, ids, placement.

Importers parse plain values with these helpers and hand them to a
``builder.Builder``, which validates each entity through a fresh Workspace
(so the rules are the model's own): a bad file changes nothing the caller
holds.
"""

from __future__ import annotations

import json
import math
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..model import HORIZONS, RELATION_SIGNS, Workspace
from . import errors as _errors
from .errors import InterchangeError, Limits, mb

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO

# ------------------------------------------------------------------ input


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


# ----------------------------------------------------------------- values

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


# -------------------------------------------------------- kinds and types

KIND_SYNONYMS: dict[str, str] = {
    "stakeholder": "stakeholder",
    "stakeholders": "stakeholder",
    "actor": "stakeholder",
    "person": "stakeholder",
    "people": "stakeholder",
    "organisation": "stakeholder",
    "organization": "stakeholder",
    "party": "stakeholder",
    "agent": "stakeholder",
    "driver": "driver",
    "drivers": "driver",
    "factor": "driver",
    "force": "driver",
    "goal": "driver",
    "interest": "driver",
    "issue": "driver",
    "value": "driver",
    "objective": "driver",
    "need": "driver",
}


def resolve_kind(text: str | None) -> tuple[str, str | None]:
    """(kind, unknown word): nodes without a kind are stakeholders; an unknown
    kind word also makes a stakeholder and is handed back so it can be kept as a tag."""
    word = (text or "").strip()
    if not word:
        return "stakeholder", None
    kind = KIND_SYNONYMS.get(word.lower())
    return (kind, None) if kind else ("stakeholder", word)


TYPE_SYNONYMS: dict[str, str] = {
    "support": "supports",
    "supported": "supports",
    "supporting": "supports",
    "supportive": "supports",
    "positive": "supports",
    "pos": "supports",
    "+": "supports",
    "+1": "supports",
    "1": "supports",
    "ally": "supports",
    "allies": "allied_with",
    "alliance": "allied_with",
    "allied": "allied_with",
    "allied_to": "allied_with",
    "friend": "supports",
    "friendly": "supports",
    "cooperates": "supports",
    "cooperation": "supports",
    "promotes": "supports",
    "enables": "supports",
    "reinforces": "supports",
    "benefit": "benefits",
    "benefits_from": "benefits",
    "value": "values",
    "valued": "values",
    "oppose": "opposes",
    "opposed": "opposes",
    "opposing": "opposes",
    "opposition": "opposes",
    "negative": "opposes",
    "neg": "opposes",
    "-": "opposes",
    "-1": "opposes",
    "against": "opposes",
    "antagonism": "opposes",
    "antagonistic": "opposes",
    "enemy": "opposes",
    "enemies": "opposes",
    "hostile": "opposes",
    "hostility": "opposes",
    "conflict": "opposes",
    "conflicts": "opposes",
    "conflicts_with": "opposes",
    "blocks": "opposes",
    "hinders": "opposes",
    "undermines": "opposes",
    "tension": "in_tension_with",
    "tensions": "in_tension_with",
    "in_tension": "in_tension_with",
    "tension_with": "in_tension_with",
    "competes": "in_tension_with",
    "competes_with": "in_tension_with",
    "trade_off": "in_tension_with",
    "tradeoff": "in_tension_with",
    "resist": "resists",
    "resisted": "resists",
    "resistance": "resists",
    "related_to": "related",
    "relates": "related",
    "relates_to": "related",
    "relation": "related",
    "neutral": "related",
    "link": "related",
    "linked": "related",
    "association": "related",
    "associated": "related",
    "connection": "related",
    "connected": "related",
    "0": "related",
}
SIGN_TYPES = {1: "supports", -1: "opposes", 0: "related"}


def resolve_type(text: str | None, sign: int | None) -> str:
    """The relation type from a type word and/or a sign; the type from the sign when
    there is no word (+1 supports, -1 opposes, 0 or none related).

    An unknown word, or a word whose sign contradicts the given sign, is an error.
    """
    word = (text or "").strip()
    if not word:
        return SIGN_TYPES[sign if sign is not None else 0]
    key = re.sub(r"[\s\-]+", "_", word.lower()) if word not in ("-", "-1") else word
    rtype = key if key in RELATION_SIGNS else TYPE_SYNONYMS.get(key)
    if rtype is None:
        known = ", ".join(RELATION_SIGNS)
        raise InterchangeError(f"relation type {short(word)} is not known (use one of {known})")
    if sign is not None and sign != RELATION_SIGNS[rtype]:
        raise InterchangeError(f"relation type {short(word)} contradicts sign {sign:+d}")
    return rtype


def type_and_note(
    type_word: str | None, label: str | None, sign: int | None, weight: float | None, note: str
) -> tuple[str, str]:
    """The relation type (and note) from what an edge says, strongest first:
    a type word, an edge label that names a type (another label becomes the
    note), then the explicit sign, then the sign of the weight."""
    if not (type_word or "").strip() and label and label.strip():
        try:
            type_word = resolve_type(label, sign)
        except InterchangeError:
            note = note or label
    if (type_word or "").strip():
        return resolve_type(type_word, sign), note
    if sign is None and weight is not None:
        sign = (weight > 0) - (weight < 0)
    return resolve_type(None, sign), note


def strength_of(strength: str | None, weight: float | None) -> int:
    """``strength`` when given (rounded and clamped into 1-5), else |weight|, else 3."""
    if strength is not None and strength.strip():
        return strength_from_weight(parse_float(strength, "strength"))
    if weight is not None:
        return strength_from_weight(weight)
    return 3


def parse_sign(text: object, what: str = "sign") -> int | None:
    """+1, -1 or 0 from a number (any positive / negative value) or a word; empty is None."""
    if text is None:
        return None
    word = str(text).strip().lower()
    if not word:
        return None
    if word in ("+", "positive", "pos", "plus", "supports"):
        return 1
    if word in ("-", "negative", "neg", "minus", "opposes"):
        return -1
    value = parse_float(word, what)
    return (value > 0) - (value < 0)


def resolve_horizon(text: str | None) -> str:
    word = (text or "").strip().lower()
    if not word:
        return "unknown"
    word = {"short-term": "short", "short_term": "short", "medium-term": "medium", "long-term": "long"}.get(
        word, word
    )
    if word not in HORIZONS:
        raise InterchangeError(f"horizon {short(text)} is not one of {', '.join(HORIZONS)}")
    return word


# ----------------------------------------------------------------- ids

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def is_uuid(text: str) -> bool:
    return bool(_UUID.match(text))


def fresh_id(external: str | None, used: set[str]) -> str:
    """Keep an id that is already a uuid (a file this program wrote), else make one."""
    if external and is_uuid(external) and external not in used:
        return external
    return str(uuid.uuid4())


def title_from_name(name: str) -> str:
    stem = Path(name).stem if name and not name.startswith("<") else ""
    stem = stem.strip()
    return stem or "Imported map"


# ---------------------------------------------------------------- layout

SPACING = 180.0


def circle_or_grid(count: int, spacing: float = SPACING) -> list[tuple[float, float]]:
    """Positions for ``count`` nodes: a circle up to 40 nodes, a square-ish grid beyond."""
    if count <= 0:
        return []
    if count == 1:
        return [(0.0, 0.0)]
    if count <= 40:
        radius = max(spacing, count * spacing / (2 * math.pi))
        return [
            (
                round(radius * math.cos(2 * math.pi * i / count - math.pi / 2), 1),
                round(radius * math.sin(2 * math.pi * i / count - math.pi / 2), 1),
            )
            for i in range(count)
        ]
    columns = math.ceil(math.sqrt(count))
    return [((i % columns) * spacing, (i // columns) * spacing) for i in range(count)]


def place_unpositioned(ws: Workspace, positioned: set[str]) -> None:
    """Lay out nodes the file gave no position, so they do not all sit at 0,0.

    With no positions at all they go on a circle (or grid); otherwise on a
    grid below the nodes that have positions.
    """
    nodes = ws.nodes
    loose = [key for key in nodes if key not in positioned]
    if not loose:
        return
    spots = circle_or_grid(len(loose))
    if positioned:
        placed = [nodes[key] for key in positioned if key in nodes]
        left = min(n.x for n in placed)
        below = max(n.y for n in placed) + SPACING
        columns = max(1, math.ceil(math.sqrt(len(loose))))
        spots = [
            (left + (i % columns) * SPACING, below + (i // columns) * SPACING) for i in range(len(loose))
        ]
    ws.move_nodes(dict(zip(loose, spots, strict=True)))
