"""Kumu-style Excel workbooks in and out, under the same limits and hostile-input rules."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from tensionmap.interchange import (
    ImportOptions,
    InterchangeError,
    Limits,
    import_file,
    read_any,
    read_xlsx,
    write_any,
)
from tensionmap.model import Node, Relation, Workspace


def kumu_book(path, *, extra_sheet: bool = False) -> None:
    """A workbook in Kumu's documented import layout (Elements and Connections sheets)."""
    book = openpyxl.Workbook()
    elements = book.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description", "Tags", "Website"])
    elements.append(["Jeff", "Person", "Co-founder", "founder|runner", "https://example.org"])
    elements.append(["Kumu", "Organization", None, None, None])
    elements.append(["Growth", "Issue", '=HYPERLINK("x")', None, None])
    connections = book.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Direction", "Strength"])
    connections.append(["Jeff", "Kumu", "ally", "undirected", 4])
    connections.append(["Kumu", "Growth", "opposes", "directed", 2])
    connections.append(["Jeff", "Jeff", None, None, None])
    if extra_sheet:
        book.create_sheet("Notes").append(["whatever"])
    book.save(path)


def test_kumu_workbook_reads_with_a_summary(tmp_path):
    path = tmp_path / "kumu.xlsx"
    kumu_book(path, extra_sheet=True)
    result = import_file(path)
    ws = result.workspace
    nodes = {n.label: n for n in ws.nodes.values()}
    assert set(nodes) == {"Jeff", "Kumu", "Growth"}
    assert nodes["Jeff"].tags == ("founder", "runner") and nodes["Jeff"].kind == "stakeholder"
    assert nodes["Growth"].kind == "driver"
    assert nodes["Growth"].description == '=HYPERLINK("x")'  # a formula is text, never run
    got = sorted(
        (ws.nodes[r.source].label, ws.nodes[r.target].label, r.type, r.strength)
        for r in ws.relations.values()
    )
    assert got == [("Jeff", "Kumu", "allied_with", 4), ("Kumu", "Growth", "opposes", 2)]
    text = result.summary.text()
    assert "self-loops skipped" in text and "'Website'" in text and "'Notes'" in text and "formula" in text
    with pytest.raises(InterchangeError, match="--strict"):
        import_file(path, options=ImportOptions(strict=True))


def test_round_trip_and_neutralised_cells(tmp_path):
    ws = Workspace("Round")
    ws.add_node(Node("a", "stakeholder", "=cmd|' /C calc'!A0", x=-120.5, y=3, power=2, colour="#FFCC00"))
    ws.add_node(Node("b", "driver", "007", description="@risk", tags=("+x", "y")))
    ws.add_relation(Relation("r", "a", "b", "opposes", 4, "long", "-note"))
    out = tmp_path / "m.xlsx"
    write_any(ws, out)
    book = openpyxl.load_workbook(out, data_only=False)
    cells = [c for row in book["Elements"].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)  # nothing a spreadsheet would run
    assert book["Elements"]["A2"].value == "'=cmd|' /C calc'!A0"
    assert book["Elements"]["G2"].value == -120.5  # numbers stay numbers
    back = read_any(out)
    assert {n.label for n in back.nodes.values()} == {"=cmd|' /C calc'!A0", "007"}
    node = next(n for n in back.nodes.values() if n.label == "007")
    assert node.description == "@risk" and node.tags == ("+x", "y") and node.kind == "driver"
    (rel,) = back.relations.values()
    assert (rel.type, rel.strength, rel.horizon, rel.note) == ("opposes", 4, "long", "-note")


def test_zip_bomb_refused_by_declared_sizes(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 30_000_000 + "</a>")
    with pytest.raises(InterchangeError, match=r"zip bomb|unpacks to more"):
        read_xlsx(buf.getvalue(), name="bomb.xlsx")
    with pytest.raises(InterchangeError, match="unpacks to more"):
        read_xlsx(buf.getvalue(), name="bomb.xlsx", limits=Limits(max_bytes=1_000_000))


def test_huge_sheets_stop_at_the_limits(tmp_path):
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Elements"
    sheet.append(["Label"])
    for i in range(60):
        sheet.append([f"n{i}"])
    book.save(path)
    with pytest.raises(InterchangeError, match="rows"):
        read_xlsx(path, limits=Limits(max_nodes=20, max_relations=20))
    wide = tmp_path / "wide.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Elements"
    book.active.append(["Label"] + [f"c{i}" for i in range(30)])
    book.save(wide)
    with pytest.raises(InterchangeError, match="columns"):
        read_xlsx(wide, limits=Limits(max_columns=10))


def test_broken_workbooks_give_one_line(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InterchangeError) as info:
        read_any(bad)
    assert "bad.xlsx" in str(info.value) and "\n" not in str(info.value)
    none = tmp_path / "none.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet A"
    book.create_sheet("Sheet B")
    book.save(none)
    with pytest.raises(InterchangeError, match="no Elements or Connections sheet"):
        read_any(none)
