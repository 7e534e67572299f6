"""Real files from Gephi, yEd, yEd Live, igraph, networkx and Kumu users (tests/data/real/README.md).

Each test checks what we import against an independent reading of the same
file (ElementTree, networkx, igraph, the csv module, openpyxl), so a reader
bug cannot hide behind an expectation written from the reader's own output.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import openpyxl
import pytest

from tensionmap.interchange import ImportOptions, InterchangeError, import_file, read_any

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
GEXF13 = "{http://www.gexf.net/1.3}"
VIZ13 = "{http://www.gexf.net/1.3/viz}"
G = "{http://graphml.graphdrawing.org/xmlns}"
Y = "{http://www.yworks.com/xml/graphml}"
YL = "{http://www.yworks.com/xml/yfiles-common/3.0}"


def by_label(ws):
    return {n.label: n for n in ws.nodes.values()}


def assert_no_overlap(ws):
    """No two nodes' estimated boxes overlap (positions from small-dot tools are spread apart)."""
    from tensionmap.interchange.spread import box_size

    nodes = list(ws.nodes.values())
    for a, b in itertools.combinations(nodes, 2):
        (wa, ha), (wb, hb) = box_size(a), box_size(b)
        assert abs(a.x - b.x) >= (wa + wb) / 2 or abs(a.y - b.y) >= (ha + hb) / 2, (a.label, b.label)


def assert_strength_follows_weight(pairs):
    """(weight, strength) pairs: a larger weight never has a smaller strength."""
    ordered = sorted(pairs)
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(ordered))


def test_every_file_is_small_and_documented():
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    for path in REAL.iterdir():
        if path.name != "README.md":
            assert path.stat().st_size < 200_000, path.name
            assert f"`{path.name}`" in readme, f"{path.name} has no source in the README"


# ------------------------------------------------------------------ Gephi
def test_gephi_les_miserables_unsigned_one_type_strength_by_weight():
    path = REAL / "gephi-les-miserables.gexf"
    root = ET.parse(path).getroot()
    nodes = root.iter(GEXF13 + "node")
    expected = {}
    for node in nodes:
        pos, col = node.find(VIZ13 + "position"), node.find(VIZ13 + "color")
        colour = "#{:02X}{:02X}{:02X}".format(*(int(col.get(c)) for c in "rgb"))
        expected[node.get("label")] = (float(pos.get("x")), -float(pos.get("y")), colour)
    edges = list(root.iter(GEXF13 + "edge"))
    label_of = {n.get("id"): n.get("label") for n in root.iter(GEXF13 + "node")}
    result = import_file(path)
    ws = result.workspace
    assert len(ws.nodes) == len(expected) == 77 and len(ws.relations) == len(edges) == 254
    got = by_label(ws)
    k = result.summary.position_scale  # Gephi's dots spread apart for our boxes, the shape kept
    assert k > 1 and "positions spread" in result.summary.text()
    for label, (x, y, colour) in expected.items():
        assert (got[label].x, got[label].y) == pytest.approx((k * x, k * y)) and got[label].colour == colour
    assert {r.type for r in ws.relations.values()} == {"related"}  # undirected, unsigned: one type
    weight = {
        frozenset((label_of[e.get("source")], label_of[e.get("target")])): float(e.get("weight", "1"))
        for e in edges
    }
    labels = {n.id: n.label for n in ws.nodes.values()}
    assert_strength_follows_weight(
        [(weight[frozenset((labels[r.source], labels[r.target]))], r.strength) for r in ws.relations.values()]
    )
    assert {r.strength for r in ws.relations.values()} >= {1, 5}
    assert "Modularity Class" in result.summary.text()
    assert_no_overlap(ws)
    chosen = import_file(path, options=ImportOptions(unsigned_as="supports")).workspace
    assert {r.type for r in chosen.relations.values()} == {"supports"}


def test_gephi_dynamic_weight_keeps_the_last_value_and_says_so():
    path = REAL / "gephi-dynamic-edge-weight.gexf"
    root = ET.parse(path).getroot()
    values = [(float(a.get("timestamp")), a.get("value")) for a in root.iter(GEXF13 + "attvalue")]
    result = import_file(path)
    assert len(result.workspace.relations) == 1
    assert max(values)[1] == "2"  # the last value by time is the one used
    text = result.summary.text()
    assert "over time reduced to the last one" in text
    with pytest.raises(InterchangeError, match="--strict"):
        import_file(path, options=ImportOptions(strict=True))


def test_gephi_gexf_1_2_self_loop_is_skipped_not_fatal():
    path = REAL / "gephi-data-1.2.gexf"
    root = ET.parse(path).getroot()
    ns = "{http://www.gexf.net/1.2draft}"
    (edge,) = root.iter(ns + "edge")
    assert edge.get("source") == edge.get("target")
    result = import_file(path)
    assert [n.label for n in result.workspace.nodes.values()] == ["Node1"]
    assert not result.workspace.relations
    text = result.summary.text()
    assert "1 self-loops skipped" in text and "url" in text and "indegree" in text


def test_gephi_node_table_with_a_blank_first_line():
    path = REAL / "gephi-nodes-table.csv"
    assert path.read_bytes().startswith(b"\n")
    rows = [r for r in csv.DictReader(line for line in path.read_text().splitlines() if line.strip())]
    result = import_file(path)
    got = sorted(n.label for n in result.workspace.nodes.values())
    assert got == sorted(r["label"].strip() or r["id"] for r in rows)  # a blank label falls back to the id
    assert "'timeset'" in result.summary.text()


# -------------------------------------------------------------------- yEd
def test_yed_desktop_groups_labels_positions_colours():
    path = YED = REAL / "yed-desktop-groups.graphml"
    root = ET.parse(YED).getroot()
    leaves = {}
    for node in root.iter(G + "node"):
        if node.get("yfiles.foldertype") == "group":
            continue
        geometry = next(node.iter(Y + "Geometry"))
        label = next(node.iter(Y + "NodeLabel")).text
        x = float(geometry.get("x")) + float(geometry.get("width")) / 2
        y = float(geometry.get("y")) + float(geometry.get("height")) / 2
        fill = next(node.iter(Y + "Fill")).get("color")
        leaves.setdefault(label, []).append((x, y, fill))
    result = import_file(path)
    ws, k = result.workspace, result.summary.position_scale
    got = {}
    for n in ws.nodes.values():
        got.setdefault(n.label, []).append((round(n.x / k, 6), round(n.y / k, 6), n.colour))
    want = {name: sorted((round(x, 6), round(y, 6), c) for x, y, c in v) for name, v in leaves.items()}
    assert {name: sorted(v) for name, v in got.items()} == want
    assert_no_overlap(ws)
    groups = {n.group for n in ws.nodes.values()}
    assert {"Northern Italy", "Group 2"} <= groups
    assert len(ws.relations) == sum(1 for _ in root.iter(G + "edge"))


def test_yed_live_labels_positions_sizes_colours():
    path = REAL / "yed-live-shapes.graphml"
    root = ET.parse(path).getroot()
    expected = {}
    for node in root.iter(G + "node"):
        text = next(node.iter(YL + "Label.Text")).text
        rect = next(node.iter(YL + "RectD"))
        x = float(rect.get("X")) + float(rect.get("Width")) / 2
        y = float(rect.get("Y")) + float(rect.get("Height")) / 2
        expected[text] = (x, y)
    edges = list(root.iter(G + "edge"))
    loops = sum(1 for e in edges if e.get("source") == e.get("target"))
    result = import_file(path)
    ws = result.workspace
    k = result.summary.position_scale
    got = {n.label: (round(n.x / k, 6), round(n.y / k, 6)) for n in ws.nodes.values()}
    assert got == expected  # labels and positions (the shape of the drawing), not n0... on a circle
    assert len(ws.relations) == len(edges) - loops
    nodes = by_label(ws)
    assert nodes["Star"].colour == "#FF8C00"  # yFiles' #AARRGGBB fill
    assert nodes["őð中"].colour == "#D2DEEE"
    assert loops == 1 and "1 self-loops skipped" in result.summary.text()


# --------------------------------------------------------- igraph/networkx
def test_networkx_karate_club():
    path = REAL / "networkx-karate-club.graphml"
    g = nx.read_graphml(path)
    result = import_file(path)
    ws = result.workspace
    assert sorted(n.label for n in ws.nodes.values()) == sorted(g.nodes)
    assert len(ws.relations) == g.number_of_edges()
    assert {r.type for r in ws.relations.values()} == {"related"} and all(
        r.symmetric for r in ws.relations.values()
    )
    labels = {n.id: n.label for n in ws.nodes.values()}
    assert_strength_follows_weight(
        [(g.edges[labels[r.source], labels[r.target]]["weight"], r.strength) for r in ws.relations.values()]
    )
    assert "club" in result.summary.text()


def test_igraph_zachary_and_graphml_primer():
    ig = pytest.importorskip("igraph")
    path = REAL / "igraph-zachary.graphml"
    g = ig.Graph.Read_GraphML(str(path))
    ws = read_any(path)
    assert sorted(n.label for n in ws.nodes.values()) == sorted(g.vs["name"])
    assert len(ws.relations) == g.ecount() and not g.is_directed()
    assert {r.type for r in ws.relations.values()} == {"related"}
    primer = REAL / "igraph-test.graphml"  # networkx refuses its padded boolean; ElementTree reads it
    root = ET.parse(primer).getroot()
    colours = {}
    for node in root.iter(G + "node"):
        data = {d.get("key"): d.text or "" for d in node.iter(G + "data")}
        colours[node.get("id")] = data.get("d0", "yellow")  # the key's default
    ws = read_any(primer)
    assert len(ws.relations) == sum(1 for _ in root.iter(G + "edge"))
    assert {n.label: n.colour for n in ws.nodes.values()} == colours


# ------------------------------------------------------------------- Kumu
def kumu_expected():
    with open(REAL / "kumu-elements.csv", newline="") as fh:
        elements = list(csv.DictReader(fh))
    with open(REAL / "kumu-connections.csv", newline="") as fh:
        connections = list(csv.DictReader(fh))
    return elements, connections


KUMU_TYPES = {  # Kumu's words, read by our written-down semantics
    ("Supports", "directed"): "supports",
    ("Tension", "undirected"): "in_tension_with",
    ("Ally", "mutual"): "allied_with",
    ("Opposes", "directed"): "opposes",
}


@pytest.mark.parametrize("name", ["kumu-elements.csv", "kumu-connections.csv", "kumu-workbook.xlsx"])
def test_kumu_csv_pair_and_workbook(name):
    elements, connections = kumu_expected()
    if name.endswith(".xlsx"):  # the workbook holds the same rows as the CSV pair
        book = openpyxl.load_workbook(REAL / name, data_only=False)
        sheet = [[c or "" for c in row] for row in book["Connections"].iter_rows(values_only=True)]
        assert sheet[1:] == [list(r.values()) for r in connections]
    result = import_file(REAL / name)
    ws = result.workspace
    nodes = by_label(ws)
    assert set(nodes) == {e["Label"] for e in elements}
    for e in elements:
        assert nodes[e["Label"]].description == e["Description"]
        assert nodes[e["Label"]].kind == ("driver" if e["Type"] == "Issue" else "stakeholder")
    got = sorted((ws.nodes[r.source].label, ws.nodes[r.target].label, r.type) for r in ws.relations.values())
    want = sorted((c["From"], c["To"], KUMU_TYPES[(c["Type"], c["Direction"])]) for c in connections)
    assert got == want
    strength = {
        (ws.nodes[r.source].label, ws.nodes[r.target].label): r.strength for r in ws.relations.values()
    }
    assert (
        strength[("Universities", "Academic coherence")] == 5 and strength[("Employers", "Recognition")] == 2
    )
    assert "'Image'" in result.summary.text()


# ---------------------------------------------------------- signed network
def test_signed_edge_list_highland_tribes(tribes_path):
    rows = [line.split() for line in Path(tribes_path).read_text().splitlines() if line and line[0] != "%"]
    result = import_file(tribes_path)
    ws = result.workspace
    assert len(ws.nodes) == len({t for r in rows for t in r[:2]}) == 16
    assert len(ws.relations) == len(rows) == 58
    negative = sum(1 for r in rows if r[2] == "2")  # KONECT: 2 = antagonism
    assert sum(1 for r in ws.relations.values() if r.type == "in_tension_with") == negative == 29
    assert sum(1 for r in ws.relations.values() if r.type == "allied_with") == 58 - negative
    assert result.summary.lossless
