"""Identifiers and titles for imported maps: keep a file's uuids, make fresh ones where needed."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

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
