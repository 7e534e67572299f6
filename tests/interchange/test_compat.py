"""Other tools read what we write, and we read what they write."""

from __future__ import annotations

import uuid

import igraph as ig  # in the test extra: these tests never skip
import networkx as nx
import pytest

from tensionmap.interchange import (
    read_any,
    read_csv,
    read_edgelist,
    read_gexf,
    read_graphml,
    write_gexf,
    write_graphml,
)
from tensionmap.interchange.semantics import ImportSummary
from tensionmap.model import Node, Relation, Workspace


def small_map() -> Workspace:
    ws = Workspace(title="Micro-credentials", description="Should we launch?")
    ids = {name: str(uuid.uuid4()) for name in ("dean", "students", "revenue", "quality")}
    ws.add("nodes", Node(id=ids["dean"], kind="stakeholder", label="Dean", x=-100, y=50, power=5, interest=4))
    ws.add("nodes", Node(id=ids["students"], kind="stakeholder", label="Students & <staff>", x=100, y=50))
    ws.add("nodes", Node(id=ids["revenue"], kind="driver", label="Revenue", x=-100, y=-150, tags=("money",)))
    ws.add("nodes", Node(id=ids["quality"], kind="driver", label="Quality", x=100, y=-150, colour="#AA3377"))
    relations = [
        ("dean", "revenue", "supports", 5),
        ("dean", "quality", "values", 2),
        ("students", "revenue", "opposes", 4),
        ("revenue", "quality", "in_tension_with", 3),
        ("students", "quality", "related", 1),
        ("students", "dean", "resists", 2),
    ]
    for source, target, rtype, strength in relations:
        ws.add(
            "relations",
            Relation(
                id=str(uuid.uuid4()), source=ids[source], target=ids[target], type=rtype, strength=strength
            ),
        )
    return ws


def expected_signs(ws: Workspace) -> dict[str, int]:
    return {r.id: r.sign for r in ws.relations.values()}


# ---------------------------------------------------------------- we write


def test_networkx_reads_our_graphml_with_signs(tmp_path):
    ws = small_map()
    write_graphml(ws, tmp_path / "m.graphml")
    g = nx.read_graphml(tmp_path / "m.graphml", force_multigraph=True)
    assert g.is_directed()
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    signs = {key: data["sign"] for _, _, key, data in g.edges(keys=True, data=True)}
    assert signs == expected_signs(ws)
    for node in ws.nodes.values():
        data = g.nodes[node.id]
        assert data["label"] == node.label and data["kind"] == node.kind
        assert (data["x"], data["y"]) == (node.x, node.y)  # plain keys win over yEd geometry


def test_igraph_reads_our_graphml_with_signs(tmp_path):
    ws = small_map()
    write_graphml(ws, tmp_path / "m.graphml")
    g = ig.Graph.Read_GraphML(str(tmp_path / "m.graphml"))
    assert g.is_directed()
    assert g.vcount() == 4 and g.ecount() == 6
    node_ids = g.vs["id"]
    got = sorted((node_ids[e.source], node_ids[e.target], e["type"], e["sign"]) for e in g.es)
    assert got == sorted((r.source, r.target, r.type, r.sign) for r in ws.relations.values())
    assert sorted(g.vs["label"]) == sorted(n.label for n in ws.nodes.values())


def test_networkx_reads_our_gexf_with_signs(tmp_path):
    ws = small_map()
    write_gexf(ws, tmp_path / "m.gexf")
    g = nx.read_gexf(tmp_path / "m.gexf")
    assert g.is_directed()
    assert {data["id"]: data["sign"] for *_, data in g.edges(data=True)} == expected_signs(ws)
    assert {data["id"]: data["weight"] for *_, data in g.edges(data=True)} == {
        r.id: r.strength for r in ws.relations.values()
    }
    dean = next(n for n in ws.nodes.values() if n.label == "Dean")
    assert g.nodes[dean.id]["viz"]["position"]["x"] == -100
    assert g.nodes[dean.id]["viz"]["position"]["y"] == -50  # GEXF's y axis points up


def test_igraph_reads_tribes_after_our_export(tmp_path, tribes_path):
    write_graphml(read_edgelist(tribes_path), tmp_path / "t.graphml")
    g = ig.Graph.Read_GraphML(str(tmp_path / "t.graphml"))
    assert (g.vcount(), g.ecount(), sum(s < 0 for s in g.es["sign"])) == (16, 58, 29)


# ----------------------------------------------------------------- we read


def test_shared_dataset(tribes_path):
    ws = read_any(tribes_path)
    assert len(ws.nodes) == 16
    assert len(ws.relations) == 58
    assert sum(r.sign < 0 for r in ws.relations.values()) == 29
    assert sum(r.sign > 0 for r in ws.relations.values()) == 29
    assert all(n.kind == "stakeholder" for n in ws.nodes.values())
    assert sorted(int(n.label) for n in ws.nodes.values()) == list(range(1, 17))
    positions = {(n.x, n.y) for n in ws.nodes.values()}
    assert len(positions) == 16  # laid out, not stacked at 0,0


def test_read_networkx_graphml_with_sign_attribute(tmp_path):
    g = nx.DiGraph()
    g.add_node("union", label="Union")
    g.add_node("board")
    g.add_edge("union", "board", sign=-1)
    g.add_edge("board", "union", sign=1, strength=4)
    g.add_edge("union", "press", sign=0)
    nx.write_graphml(g, tmp_path / "nx.graphml")
    ws = read_graphml(tmp_path / "nx.graphml")
    by_label = {n.label: n.id for n in ws.nodes.values()}
    assert set(by_label) == {"Union", "board", "press"}  # labels, else the GraphML id
    got = {(r.source, r.target): (r.type, r.strength) for r in ws.relations.values()}
    assert got == {
        (by_label["Union"], by_label["board"]): ("opposes", 3),
        (by_label["board"], by_label["Union"]): ("supports", 4),
        (by_label["Union"], by_label["press"]): ("related", 3),
    }


def test_read_networkx_graphml_with_negative_weights(tmp_path):
    g = nx.Graph()
    g.add_edge("a", "b", weight=-2.5)
    g.add_edge("b", "c", weight=0.2)
    g.add_edge("c", "d", weight=17.0)
    nx.write_graphml(g, tmp_path / "w.graphml")
    ws = read_graphml(tmp_path / "w.graphml")
    label = {n.id: n.label for n in ws.nodes.values()}
    got = {(label[r.source], label[r.target]): (r.type, r.strength) for r in ws.relations.values()}
    # an undirected graph: symmetric types; strength by the rank of |weight| in the file
    assert got == {
        ("a", "b"): ("in_tension_with", 3),
        ("b", "c"): ("allied_with", 1),
        ("c", "d"): ("allied_with", 5),
    }


def test_read_igraph_graphml(tmp_path):
    g = ig.Graph(directed=True)
    g.add_vertices(3)
    g.vs["name"] = ["north", "south", "east"]
    g.add_edges([(0, 1), (1, 2), (2, 0), (0, 1)])
    g.es["weight"] = [-1.0, 1.0, -3.0, 2.0]
    g.write_graphml(str(tmp_path / "ig.graphml"))
    ws = read_graphml(tmp_path / "ig.graphml")
    label = {n.id: n.label for n in ws.nodes.values()}
    got = sorted((label[r.source], label[r.target], r.sign, r.strength) for r in ws.relations.values())
    # strength by the rank of |weight| (1, 1, 2, 3) in the file: ties share it, larger is stronger
    assert got == [
        ("east", "north", -1, 5),
        ("north", "south", -1, 2),
        ("north", "south", 1, 4),  # a second edge between the same pair is its own relation
        ("south", "east", 1, 2),
    ]


def test_read_igraph_graphml_with_sign(tmp_path):
    g = ig.Graph(directed=False)
    g.add_vertices(2)
    g.add_edges([(0, 1)])
    g.es["sign"] = [-1]
    g.write_graphml(str(tmp_path / "s.graphml"))
    (relation,) = read_graphml(tmp_path / "s.graphml").relations.values()
    assert relation.type == "in_tension_with"  # undirected and negative: the symmetric opposing type


def test_read_networkx_gexf(tmp_path):
    g = nx.DiGraph()
    g.add_node("a", label="Alpha", viz={"position": {"x": 10.0, "y": 20.0, "z": 0.0}})
    g.add_node("b", label="Beta")
    g.add_edge("a", "b", sign=-1)
    g.add_edge("b", "a", weight=-4.0)
    nx.write_gexf(g, tmp_path / "g.gexf")
    ws = read_gexf(tmp_path / "g.gexf")
    nodes = {n.label: n for n in ws.nodes.values()}
    assert (nodes["Alpha"].x, nodes["Alpha"].y) == (10.0, -20.0)
    # no weight is GEXF's default 1.0, which ranks below 4
    assert sorted((r.type, r.strength) for r in ws.relations.values()) == [("opposes", 2), ("opposes", 4)]


YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d6">
        <y:ShapeNode>
          <y:Geometry height="30.0" width="80.0" x="100.0" y="200.0"/>
          <y:Fill color="#FFCC00" transparent="false"/>
          <y:NodeLabel>Ministry of
Finance</y:NodeLabel>
          <y:Shape type="rectangle"/>
        </y:ShapeNode>
      </data>
    </node>
    <node id="n1">
      <data key="d6">
        <y:ShapeNode>
          <y:Geometry height="40.0" width="40.0" x="-20.0" y="-20.0"/>
          <y:NodeLabel>Fiscal prudence</y:NodeLabel>
          <y:Shape type="hexagon"/>
        </y:ShapeNode>
      </data>
    </node>
    <node id="g0" yfiles.foldertype="group">
      <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="0"><y:GroupNode>
        <y:Geometry height="100.0" width="100.0" x="0.0" y="0.0"/>
        <y:NodeLabel>Unions</y:NodeLabel>
      </y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
      <graph edgedefault="directed" id="g0:">
        <node id="g0::n0">
          <data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="60.0" x="10.0" y="10.0"/>
          <y:NodeLabel>Teachers</y:NodeLabel></y:ShapeNode></data>
        </node>
      </graph>
    </node>
    <edge id="e0" source="n0" target="n1">
      <data key="d10"><y:PolyLineEdge><y:EdgeLabel>supports</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
    <edge id="e1" source="g0::n0" target="n0">
      <data key="d10"><y:PolyLineEdge><y:EdgeLabel>strongly against</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>
"""


def test_read_yed_labels_positions_groups():
    summary = ImportSummary()
    ws = read_graphml(YED.encode(), name="yed.graphml", summary=summary)
    nodes = {n.label: n for n in ws.nodes.values()}
    assert set(nodes) == {"Ministry of\nFinance", "Fiscal prudence", "Teachers"}  # the group is not a node
    ministry = nodes["Ministry of\nFinance"]
    k = summary.position_scale  # spread apart when yEd's small boxes would overlap ours
    assert (ministry.x / k, ministry.y / k) == pytest.approx((140.0, 215.0))  # yEd geometry: top-left corner
    assert ministry.colour == "#FFCC00"
    assert nodes["Fiscal prudence"].kind == "driver" and (
        nodes["Fiscal prudence"].x,
        nodes["Fiscal prudence"].y,
    ) == (
        0.0,
        0.0,
    )
    assert nodes["Teachers"].group == "Unions"
    relations = {(r.source, r.target): r for r in ws.relations.values()}
    supports = relations[(ministry.id, nodes["Fiscal prudence"].id)]
    assert supports.type == "supports"
    other = relations[(nodes["Teachers"].id, ministry.id)]
    assert other.type == "related" and other.note == "strongly against"  # not a type word: kept as a note


def test_yed_reads_back_our_own_graphics_only(tmp_path):
    """Strip our plain keys: what is left (the yEd graphics) still gives labels, kinds and positions."""
    import re

    ws = small_map()
    write_graphml(ws, tmp_path / "m.graphml")
    text = (tmp_path / "m.graphml").read_text()
    text = re.sub(r'<data key="[ne]_[a-z]+">[^<]*</data>', "", text)
    back = read_graphml(text.encode())
    for node in ws.nodes.values():
        twin = back.nodes[node.id]
        assert (twin.label, twin.kind, twin.x, twin.y) == (node.label, node.kind, node.x, node.y)
    types = sorted(r.type for r in back.relations.values())
    assert types == sorted(r.type for r in ws.relations.values())


def test_kumu_style_csv(tmp_path):
    (tmp_path / "kumu-elements.csv").write_text(
        "Label,Type,Description,Tags\n"
        "Jeff,Person,CEO,Founder|Runner\nKumu,Company,A platform,\nGrowth,driver,,\n"
    )
    (tmp_path / "kumu-connections.csv").write_text(
        "From,To,Type,Strength,Description\nJeff,Kumu,supports,Strong,co-founder\nKumu,Growth,,,\n"
        "Jeff,Growth|Kumu,opposes,2,\n"
    )
    ws = read_csv(tmp_path / "kumu-connections.csv")
    nodes = {n.label: n for n in ws.nodes.values()}
    assert nodes["Jeff"].kind == "stakeholder" and nodes["Jeff"].tags == ("Founder", "Runner")
    assert nodes["Kumu"].tags == ("Company",)  # an unknown element type: a stakeholder, tagged
    assert nodes["Growth"].kind == "driver"
    got = sorted(
        (ws.nodes[r.source].label, ws.nodes[r.target].label, r.type, r.strength, r.note)
        for r in ws.relations.values()
    )
    assert got == [
        ("Jeff", "Growth", "opposes", 2, ""),
        ("Jeff", "Kumu", "opposes", 2, ""),
        ("Jeff", "Kumu", "supports", 4, "co-founder"),
        ("Kumu", "Growth", "related", 3, ""),
    ]


def test_gephi_style_edge_table_alone(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("Source;Target;Type;Weight\nA;B;Directed;-2\nB;C;Undirected;1.4\n")
    ws = read_csv(path)
    label = {n.id: n.label for n in ws.nodes.values()}
    got = sorted((label[r.source], label[r.target], r.type, r.strength) for r in ws.relations.values())
    # |weight| 2 ranks above 1.4; Gephi's Type column gives the direction
    assert got == [("A", "B", "opposes", 4), ("B", "C", "allied_with", 2)]


GEPHI_GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="Edge Label" attr.type="string" for="edge" id="edgelabel"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<key attr.name="r" attr.type="int" for="node" id="r"/>
<key attr.name="g" attr.type="int" for="node" id="g"/>
<key attr.name="b" attr.type="int" for="node" id="b"/>
<key attr.name="x" attr.type="float" for="node" id="x"/>
<key attr.name="y" attr.type="float" for="node" id="y"/>
<graph edgedefault="directed">
<node id="0"><data key="label">Mayor</data>
<data key="r">255</data><data key="g">0</data><data key="b">16</data>
<data key="x">-12.5</data><data key="y">40.0</data></node>
<node id="1"><data key="label">Council</data><data key="x">3.0</data><data key="y">4.0</data></node>
<edge id="0" source="0" target="1"><data key="edgelabel">conflict</data><data key="weight">2.0</data></edge>
</graph>
</graphml>
"""


def test_read_gephi_graphml():
    summary = ImportSummary()
    ws = read_graphml(GEPHI_GRAPHML.encode(), name="gephi.graphml", summary=summary)
    nodes = {n.label: n for n in ws.nodes.values()}
    k = summary.position_scale
    assert nodes["Mayor"].colour == "#FF0010"
    assert (nodes["Mayor"].x / k, nodes["Mayor"].y / k) == pytest.approx((-12.5, 40.0))
    assert nodes["Council"].colour is None
    (relation,) = ws.relations.values()
    assert (relation.type, relation.strength) == ("opposes", 3)  # the only weight ranks in the middle
