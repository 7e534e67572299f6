"""Kumu-style Excel workbooks in and out: an Elements sheet and a Connections sheet.

The sheets hold the same columns as the CSV tables (``csv_format``) and are
read by the same table code (``tables``, ``table_build``), so a workbook
means what the same rows would mean in CSV.

A workbook is a zip of XML parts, so it gets the same distrust as any
other file, before openpyxl sees it:

- the file size limit, then the zip's own table of contents: at most 1000
  members, and their uncompressed sizes together within the import limit,
  with no member expanding more than ``MAX_RATIO`` times (a zip bomb is
  refused by its declared sizes, without inflating anything);
- openpyxl parses the XML through defusedxml (installed with us), so
  entity tricks are refused;
- rows are read in streaming mode and stop at the limits (a sheet that
  claims a million rows is never materialised);
- formulas are never evaluated: the workbook is opened with
  ``data_only=False`` and a formula cell is kept as its text (``=A1+1``),
  which the import summary counts.

Export writes every text cell as a string (never a formula) and neutralises
cells that begin with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL exactly as
CSV export does, so a spreadsheet shows them as text.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from ..model import Workspace
from .csv_format import CONNECTION_COLUMNS, ELEMENT_COLUMNS, NUMERIC_COLUMNS, connection_rows, element_rows
from .errors import InterchangeError, Limits, mb
from .semantics import ImportOptions, ImportSummary
from .sources import Source, limits_or_default, read_source, source_name
from .table_build import build_from_tables
from .tables import CONNECTION_HEADERS, ELEMENT_HEADERS, Table, make_table

MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed size of one member; real sheets stay far below
ELEMENT_SHEETS = ("elements", "nodes", "element", "node")
CONNECTION_SHEETS = ("connections", "edges", "connection", "edge", "relations", "links")


def is_xlsx(data: bytes) -> bool:
    """A zip holding an Excel workbook part (looked up in the zip's directory, nothing inflated)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(name == "xl/workbook.xml" for name in zf.namelist()[:MAX_MEMBERS])
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a zip bomb by its declared sizes before anything is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InterchangeError(f"broken Excel file ({exc})", file=name) from None
    if len(infos) > MAX_MEMBERS:
        raise InterchangeError(f"workbook holds more than {MAX_MEMBERS} parts", file=name)
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_bytes:
            raise InterchangeError(f"workbook unpacks to more than {mb(limits.max_bytes)}", file=name)
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise InterchangeError(
                f"workbook part {info.filename!r} expands {info.file_size // max(1, info.compress_size)} "
                "times (a zip bomb?)",
                file=name,
            )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def read_xlsx(
    source: Source,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from a workbook with Elements and/or Connections sheets."""
    import openpyxl  # imported here: the CLI's other commands never pay for it

    name = source_name(source, name)
    limits = limits_or_default(limits)
    data = read_source(source, name, limits)
    check_zip(data, name, limits)
    summary = summary if summary is not None else ImportSummary(source=name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except InterchangeError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise InterchangeError(
            f"not a readable Excel workbook ({type(exc).__name__}: {exc})", file=name
        ) from None
    try:
        tables = _tables(book, name, limits, summary)
    except InterchangeError as exc:
        raise exc.located(file=name) from None
    except Exception as exc:  # sheets are read lazily: a broken part shows only now
        raise InterchangeError(f"broken Excel file ({type(exc).__name__}: {exc})", file=name) from None
    finally:
        book.close()
    return build_from_tables(tables, name, limits, options, summary)


def _tables(book: object, name: str, limits: Limits, summary: ImportSummary) -> list[Table]:
    worksheets = list(book.worksheets)  # type: ignore[attr-defined]  # an openpyxl Workbook (untyped)
    sheets = {sheet.title.strip().lower(): sheet for sheet in worksheets}
    elements = next((sheets[s] for s in ELEMENT_SHEETS if s in sheets), None)
    connections = next((sheets[s] for s in CONNECTION_SHEETS if s in sheets), None)
    tables: list[Table] = []
    formulas = [0]
    if elements is None and connections is None:
        if len(worksheets) != 1:
            shown = ", ".join(repr(s.title) for s in worksheets[:10])
            raise InterchangeError(f"workbook has no Elements or Connections sheet (sheets: {shown})")
        only = worksheets[0]
        tables.append(make_table(f"{name}/{only.title}", _rows(only, limits, formulas), limits))
    for sheet, headers in ((elements, ELEMENT_HEADERS), (connections, CONNECTION_HEADERS)):
        if sheet is not None:
            rows = _rows(sheet, limits, formulas)
            tables.append(make_table(f"{name}/{sheet.title}", rows, limits, headers))
    used = {s.title for s in (elements, connections) if s is not None}
    others = [s.title for s in worksheets if s.title not in used]
    if others and used:
        summary.note(f"sheets left out: {', '.join(repr(t) for t in others[:6])}", lossy=True)
    if formulas[0]:
        summary.note(f"{formulas[0]} formula cells kept as their text (formulas are never run)", lossy=True)
    return tables


def _rows(sheet: object, limits: Limits, formulas: list[int]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts), stopping at the limits whatever the sheet claims."""
    cap = limits.max_nodes + limits.max_relations + 1
    for number, row in enumerate(
        sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True),  # type: ignore[attr-defined]  # an openpyxl Worksheet
        1,
    ):
        if number > cap:
            raise InterchangeError(f"more than {cap - 1} rows (the import limit)", where=f"row {number}")
        cells = []
        for value in row:
            text = _text(value)
            if isinstance(value, str) and value.startswith("="):
                formulas[0] += 1
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        yield number, cells


def write_xlsx(ws: Workspace, path: str | os.PathLike) -> Path:
    """Write the map as a workbook with Elements and Connections sheets (as Kumu imports them)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    target = Path(path)
    book = openpyxl.Workbook(write_only=True)
    for title, header, rows in (
        ("Elements", ELEMENT_COLUMNS, element_rows(ws)),
        ("Connections", CONNECTION_COLUMNS, connection_rows(ws)),
    ):
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        numeric = [column in NUMERIC_COLUMNS for column in header]
        for row in rows:
            out = []
            for value, is_number in zip(row, numeric, strict=True):
                cell = WriteOnlyCell(sheet, value=_number(value) if is_number and value else value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a string, never a formula
                out.append(cell)
            sheet.append(out)
    try:
        book.save(target)
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None
    return target


def _number(value: str) -> float | int:
    """A numeric column's value (we wrote it), as a number a spreadsheet can compute with."""
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
