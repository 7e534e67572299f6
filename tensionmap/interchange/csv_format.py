"""CSV in and out in the Kumu / Gephi spreadsheet convention.

Two tables:

- elements: ``Label, Type, Description, Tags, Group, Colour, X, Y, Pinned,
  Power, Interest, ID`` (Type is ``stakeholder`` or ``driver``; Tags are
  separated by ``|`` as in Kumu);
- connections: ``From, To, Type, Sign, Strength, Horizon, Note, ID`` where
  From and To hold element IDs.

Export (``write_csv``) by the name it is given:

- ``map.zip``: one zip holding ``elements.csv`` and ``connections.csv``;
- an existing folder: ``elements.csv`` and ``connections.csv`` inside it;
- ``map.csv`` (or ``map-elements.csv``): ``map-elements.csv`` and
  ``map-connections.csv`` side by side.

Text cells that begin with ``=``, ``+``, ``-``, ``@``, tab, carriage return
or NUL (also after leading quotes) get a ``'`` in front, so a spreadsheet
never runs them as formulas; numeric columns (X, Y, Power, Interest,
Strength, Sign) are written as plain numbers and never prefixed, so a
coordinate of -120 stays a number. Import removes that one quote again.

Import accepts a zip (or the bytes of one), a folder, a single connections
CSV with From/To (or Source/Target) whose names become stakeholders, or an
elements or connections CSV with its partner beside it (``X-elements.csv`` /
``X-connections.csv``, ``elements.csv`` / ``connections.csv``, Gephi's
``nodes`` / ``edges``). Commas, semicolons and tabs are recognised as
delimiters; unknown columns are ignored.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path

from ..model import Node, Relation, Workspace
from ._common import (
    Builder,
    Source,
    decode_list,
    decode_text,
    encode_list,
    format_number,
    limits_or_default,
    parse_bool,
    parse_float,
    parse_int_scale,
    parse_sign,
    read_source,
    resolve_horizon,
    resolve_kind,
    short,
    source_name,
    strength_from_weight,
    strength_of,
    type_and_note,
)
from .errors import InterchangeError, Limits, mb

ELEMENT_COLUMNS = (
    "Label",
    "Type",
    "Description",
    "Tags",
    "Group",
    "Colour",
    "X",
    "Y",
    "Pinned",
    "Power",
    "Interest",
    "ID",
)
CONNECTION_COLUMNS = ("From", "To", "Type", "Sign", "Strength", "Horizon", "Note", "ID")

_DANGEROUS = re.compile(r"'*[=+\-@\t\r\0]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r\0]")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula (a ``'`` in front if needed)."""
    return "'" + cell if _DANGEROUS.match(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo ``neutralise``: drop the one quote it added."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


# ------------------------------------------------------------------ write


def _rows_to_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def elements_csv(ws: Workspace) -> str:
    """The elements table as CSV text."""
    n = neutralise
    rows = [
        [
            n(node.label),
            node.kind,
            n(node.description),
            n(encode_list(node.tags, "|")),
            n(node.group),
            n(node.colour or ""),
            format_number(node.x),
            format_number(node.y),
            "true" if node.pinned else "false",
            "" if node.power is None else str(node.power),
            "" if node.interest is None else str(node.interest),
            n(node.id),
        ]
        for node in ws.nodes.values()
    ]
    return _rows_to_csv(ELEMENT_COLUMNS, rows)


def connections_csv(ws: Workspace) -> str:
    """The connections table as CSV text (From and To are element IDs)."""
    n = neutralise
    rows = [
        [n(r.source), n(r.target), r.type, str(r.sign), str(r.strength), r.horizon, n(r.note), n(r.id)]
        for r in ws.relations.values()
    ]
    return _rows_to_csv(CONNECTION_COLUMNS, rows)


def csv_paths(path: str | os.PathLike) -> tuple[Path, Path]:
    """Where ``write_csv`` puts the two tables for a ``.csv`` name or a folder."""
    target = Path(path)
    if target.is_dir():
        return target / "elements.csv", target / "connections.csv"
    stem = target.name[: -len(target.suffix)] if target.suffix.lower() == ".csv" else target.name
    stem = re.sub(r"[-_ ]?(elements|connections)$", "", stem, flags=re.IGNORECASE) or "map"
    return target.with_name(f"{stem}-elements.csv"), target.with_name(f"{stem}-connections.csv")


def write_csv(ws: Workspace, path: str | os.PathLike) -> list[Path]:
    """Write the two tables: into a zip for ``*.zip``, else two files (see module doc).

    Returns the files written.
    """
    target = Path(path)
    elements, connections = elements_csv(ws).encode("utf-8"), connections_csv(ws).encode("utf-8")
    try:
        if target.suffix.lower() == ".zip":
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("elements.csv", elements)
                zf.writestr("connections.csv", connections)
            return [target]
        element_path, connection_path = csv_paths(target)
        element_path.write_bytes(elements)
        connection_path.write_bytes(connections)
        return [element_path, connection_path]
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None


# ------------------------------------------------------------------- read

_ELEMENT_HEADERS = {
    "id": "id",
    "label": "label",
    "name": "label",
    "type": "kind",
    "kind": "kind",
    "category": "kind",
    "description": "description",
    "tags": "tags",
    "group": "group",
    "colour": "colour",
    "color": "colour",
    "x": "x",
    "y": "y",
    "pinned": "pinned",
    "power": "power",
    "interest": "interest",
}
_CONNECTION_HEADERS = {
    "from": "from",
    "source": "from",
    "to": "to",
    "target": "to",
    "type": "type",
    "kind": "type",
    "relation": "type",
    "sign": "sign",
    "strength": "strength",
    "weight": "weight",
    "horizon": "horizon",
    "note": "note",
    "description": "note",
    "label": "label",
    "id": "id",
}
_TEXT_FIELDS = {"id", "label", "description", "tags", "group", "colour", "from", "to", "note", "kind", "type"}
# Gephi's edge table uses Type for the direction, not for what the edge means.
_DIRECTIONS = {"directed", "undirected", "mutual"}
_STRENGTH_WORDS = {
    "very weak": 1,
    "weak": 2,
    "medium": 3,
    "moderate": 3,
    "average": 3,
    "strong": 4,
    "very strong": 5,
}


class _Table:
    """A parsed CSV: header fields and rows as (line, {field: text})."""

    def __init__(self, name: str, fields: list[str | None], rows: list[tuple[int, dict[str, str]]]) -> None:
        self.name = name
        self.fields = fields
        self.rows = rows

    def has(self, *fields: str) -> bool:
        return all(f in self.fields for f in fields)


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-]+", " ", unneutralise(cell).strip().lower()).replace(" ", "")


def _table(data: bytes, name: str, limits: Limits, headers: dict[str, str] | None = None) -> _Table:
    """Parse one CSV; ``headers`` picks the column vocabulary (guessed when None)."""
    text = decode_text(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None:
            raise InterchangeError("the file is empty", file=name)
        if len(header) > limits.max_columns:
            raise InterchangeError(f"more than {limits.max_columns} columns", file=name, where="line 1")
        keys = [_header_key(h) for h in header]
        if headers is None:
            connections = ({"from", "to"} <= set(keys)) or ({"source", "target"} <= set(keys))
            headers = _CONNECTION_HEADERS if connections else _ELEMENT_HEADERS
        fields = [headers.get(k) for k in keys]
        seen = set()
        for f in fields:
            if f is not None and f in seen:
                raise InterchangeError(f"two columns both mean {f!r}", file=name, where="line 1")
            seen.add(f)
        rows: list[tuple[int, dict[str, str]]] = []
        cap = limits.max_nodes + limits.max_relations
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if len(row) > limits.max_columns:
                raise InterchangeError(
                    f"more than {limits.max_columns} columns", file=name, where=f"line {start}"
                )
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= cap:
                raise InterchangeError(
                    f"more than {cap} rows (the import limit)", file=name, where=f"line {start}"
                )
            values = {}
            for field, cell in zip(fields, row, strict=False):
                if field is not None:
                    values[field] = unneutralise(cell) if field in _TEXT_FIELDS else cell.strip()
            rows.append((start, values))
    except csv.Error as exc:
        raise InterchangeError(f"broken CSV ({exc})", file=name, where=f"line {reader.line_num}") from None
    return _Table(name, fields, rows)


def _is_connections(table: _Table) -> bool:
    return table.has("from", "to")


def read_csv(source: Source, *, name: str | None = None, limits: Limits | None = None) -> Workspace:
    """A new Workspace from a zip, a folder, or one CSV (with its partner beside it)."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        folder = Path(source)
        found = _pick_members([p.name for p in folder.iterdir() if p.is_file()])
        if not any(found):
            raise InterchangeError("folder holds no elements.csv or connections.csv", file=name)
        tables = [
            _table(read_source(folder / member, member, limits), f"{name}/{member}", limits, headers)
            for member, headers in zip(found, (_ELEMENT_HEADERS, _CONNECTION_HEADERS), strict=True)
            if member
        ]
        return _build(tables, name, limits)
    data = read_source(source, name, limits)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _build(_zip_tables(data, name, limits), name, limits)
    table = _table(data, name, limits)
    tables = [table]
    if isinstance(source, (str, os.PathLike)):
        partner = _partner(Path(source), connections=not _is_connections(table))
        if partner is not None:
            headers = _CONNECTION_HEADERS if not _is_connections(table) else _ELEMENT_HEADERS
            tables.append(_table(read_source(partner, partner.name, limits), partner.name, limits, headers))
    return _build(tables, name, limits)


def _partner(path: Path, *, connections: bool) -> Path | None:
    """The other table of a pair, found by name beside ``path``."""
    pairs = [("elements", "connections"), ("nodes", "edges")]
    lower = path.name.lower()
    for mine, theirs in pairs if connections else [(b, a) for a, b in pairs]:
        index = lower.rfind(mine)
        if index >= 0:
            candidate = path.with_name(path.name[:index] + theirs + path.name[index + len(mine) :])
            if candidate.is_file():
                return candidate
    return None


def _pick_members(names: list[str]) -> tuple[str | None, str | None]:
    elements = connections = None
    for member in names:
        base = member.rsplit("/", 1)[-1].lower()
        if not base.endswith(".csv") or base.startswith("."):
            continue
        if elements is None and ("element" in base or "node" in base):
            elements = member
        elif connections is None and ("connection" in base or "edge" in base):
            connections = member
    return elements, connections


def _zip_tables(data: bytes, name: str, limits: Limits) -> list[_Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 1000:
                raise InterchangeError("zip holds more than 1000 files", file=name)
            found = _pick_members([i.filename for i in infos])
            if not any(found):
                raise InterchangeError("zip holds no elements.csv or connections.csv", file=name)
            tables = []
            total = 0
            for member, headers in zip(found, (_ELEMENT_HEADERS, _CONNECTION_HEADERS), strict=True):
                if member is None:
                    continue
                info = zf.getinfo(member)
                total += info.file_size
                if total > limits.max_bytes:
                    raise InterchangeError(f"zip unpacks to more than {mb(limits.max_bytes)}", file=name)
                with zf.open(info) as fh:
                    body = fh.read(limits.max_bytes + 1)
                if len(body) > limits.max_bytes:
                    raise InterchangeError(f"zip unpacks to more than {mb(limits.max_bytes)}", file=name)
                tables.append(_table(body, f"{name}/{member}", limits, headers))
            return tables
    except InterchangeError:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, encrypted members, ...
        raise InterchangeError(f"broken zip file ({type(exc).__name__}: {exc})", file=name) from None


def _build(tables: list[_Table], name: str, limits: Limits) -> Workspace:
    elements = next((t for t in tables if not _is_connections(t)), None)
    connections = next((t for t in tables if _is_connections(t)), None)
    # "map-connections.csv" and "map.zip" both make a map titled "map"
    stem = re.sub(r"[-_ ]?(elements|connections|nodes|edges)$", "", Path(name).stem, flags=re.IGNORECASE)
    builder = Builder(name, limits, title=stem if stem.strip() and not name.startswith("<") else None)
    by_id: dict[str, str] = {}
    by_label: dict[str, list[str]] = {}
    if elements is not None:
        for line, values in elements.rows:
            where = f"line {line}"
            try:
                node, positioned = _element(builder, values)
            except InterchangeError as exc:
                raise exc.located(file=elements.name, where=where) from None
            key = values.get("id") or f"#{line}"
            if values.get("id"):
                if values["id"] in by_id:
                    raise InterchangeError(
                        f"element ID {short(values['id'])} is used twice", file=elements.name, where=where
                    )
                by_id[values["id"]] = node.id
            builder.name = elements.name
            builder.add_node(key, node, where, positioned=positioned)
            by_label.setdefault(node.label, []).append(node.id)
    if connections is None:
        builder.name = name
        return builder.finish()
    if not connections.has("from", "to"):
        raise InterchangeError("a connections table needs From and To columns", file=connections.name)
    builder.name = connections.name
    created: dict[str, str] = {}

    def resolve(cell: str, end: str, where: str) -> list[str]:
        if elements is None:
            label = cell.strip()
            if not label:
                raise InterchangeError(f"{end} is empty", file=connections.name, where=where)
            names = [p.strip() for p in label.split("|") if p.strip()] if "|" in label else [label]
            ids = []
            for part in names:
                if part not in created:
                    node = Node(
                        id=builder.node_id_for(part, where, keep_id=False), kind="stakeholder", label=part
                    )
                    builder.add_node(part, node, where)
                    created[part] = node.id
                ids.append(created[part])
            return ids
        for candidate in (cell, cell.strip()):
            if candidate in by_id:
                return [by_id[candidate]]
            matches = by_label.get(candidate, [])
            if len(matches) == 1:
                return matches
            if len(matches) > 1:
                raise InterchangeError(
                    f"{end} {short(cell)} matches {len(matches)} elements with that label; use their IDs",
                    file=connections.name,
                    where=where,
                )
        if "|" in cell:
            return [i for part in cell.split("|") if part.strip() for i in resolve(part.strip(), end, where)]
        raise InterchangeError(
            f"{end} {short(cell)} refers to missing element (not an ID or Label in {elements.name})",
            file=connections.name,
            where=where,
        )

    for line, values in connections.rows:
        where = f"line {line}"
        sources = resolve(values.get("from", ""), "From", where)
        targets = resolve(values.get("to", ""), "To", where)
        if len(sources) * len(targets) > limits.max_relations:
            raise InterchangeError(
                f"more than {limits.max_relations} relations (the import limit)",
                file=connections.name,
                where=where,
            )
        pairs = [(s, t) for s in sources for t in targets]
        for index, (source, target) in enumerate(pairs):
            try:
                relation = _connection(builder, values, source, target, keep_id=index == 0)
            except InterchangeError as exc:
                raise exc.located(file=connections.name, where=where) from None
            builder.add_relation(relation, where, "connection")
    return builder.finish()


def _element(builder: Builder, values: dict[str, str]) -> tuple[Node, bool]:
    label = values.get("label", "")
    if not label.strip():
        label = values.get("id", "")
    if not label.strip():
        raise InterchangeError("element has no Label")
    kind, extra_tag = resolve_kind(values.get("kind"))
    tags = decode_list(values.get("tags"))
    if extra_tag and extra_tag not in tags:
        tags += (extra_tag,)
    has_x, has_y = bool(values.get("x")), bool(values.get("y"))
    colour = values.get("colour") or None
    node = Node(
        id=builder.node_id_for(values.get("id") or "", None),
        kind=kind,
        label=label,
        description=values.get("description", ""),
        group=values.get("group", ""),
        tags=tags,
        colour=colour,
        x=parse_float(values["x"], "X") if has_x else 0.0,
        y=parse_float(values["y"], "Y") if has_y else 0.0,
        pinned=parse_bool(values.get("pinned", ""), "Pinned"),
        power=parse_int_scale(values.get("power"), "Power"),
        interest=parse_int_scale(values.get("interest"), "Interest"),
    )
    return node, has_x and has_y


def _strength(text: str) -> int:
    word = " ".join(text.lower().split())
    if word in _STRENGTH_WORDS:
        return _STRENGTH_WORDS[word]
    return strength_from_weight(parse_float(text, "Strength"))


def _connection(
    builder: Builder, values: dict[str, str], source: str, target: str, *, keep_id: bool
) -> Relation:
    weight = parse_float(values["weight"], "Weight") if values.get("weight") else None
    type_word = values.get("type", "")
    if type_word.strip().lower() in _DIRECTIONS:
        type_word = ""
    rtype, note = type_and_note(
        type_word, values.get("label"), parse_sign(values.get("sign"), "Sign"), weight, values.get("note", "")
    )
    strength = _strength(values["strength"]) if values.get("strength") else strength_of(None, weight)
    return Relation(
        id=builder.relation_id(values.get("id") if keep_id else None),
        source=source,
        target=target,
        type=rtype,
        strength=strength,
        horizon=resolve_horizon(values.get("horizon")),
        note=note,
    )
