"""One meaning for imported edges: sign decides the type, strength follows weight by rank."""

from __future__ import annotations

import itertools
import json

import pytest

from tensionmap.cli import main
from tensionmap.interchange import ImportOptions, InterchangeError, import_file, read_csv, read_graphml
from tensionmap.interchange.semantics import RawEdge, resolve_edges, strengths_by_rank
from tensionmap.model import Node, Relation, Workspace
from tensionmap.store import WorkspaceFile

GEPHI_UNSIGNED = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<key attr.name="modularity_class" attr.type="int" for="node" id="mod"/>
<graph edgedefault="directed">
<node id="0"><data key="label">Myriel</data><data key="mod">1</data></node>
<node id="1"><data key="label">Napoleon</data></node>
<node id="2"><data key="label">Valjean</data></node>
<node id="3"><data key="label">Javert</data></node>
<edge source="1" target="0"><data key="weight">1</data></edge>
<edge source="2" target="0"><data key="weight">8</data></edge>
<edge source="3" target="0"><data key="weight">2</data></edge>
<edge source="3" target="2"/>
<edge source="2" target="1"><data key="weight">17</data></edge>
</graph>
</graphml>
"""


def test_unsigned_file_gives_one_type_and_strength_rises_with_weight():
    result = import_file(GEPHI_UNSIGNED.encode(), name="lesmis.graphml", fmt="graphml")
    ws = result.workspace
    assert {r.type for r in ws.relations.values()} == {"related"}  # weight or none: one type
    label = {n.id: n.label for n in ws.nodes.values()}
    by_pair = {(label[r.source], label[r.target]): r.strength for r in ws.relations.values()}
    weights = {("Napoleon", "Myriel"): 1, ("Javert", "Myriel"): 2, ("Valjean", "Myriel"): 8}
    weights[("Valjean", "Napoleon")] = 17
    ordered = sorted(weights, key=weights.get)
    strengths = [by_pair[p] for p in ordered]
    assert strengths == sorted(strengths) and strengths[0] < strengths[-1]
    assert by_pair[("Javert", "Valjean")] == 3  # no weight
    text = result.summary.text()
    assert "every relation imported as 'related'" in text
    assert "modularity_class" in text  # an attribute a map has no place for is named


def test_unsigned_as_option_and_cli(tmp_path, capsys):
    ws = import_file(
        GEPHI_UNSIGNED.encode(), fmt="graphml", options=ImportOptions(unsigned_as="supports")
    ).workspace
    assert {r.type for r in ws.relations.values()} == {"supports"}
    source = tmp_path / "lesmis.graphml"
    source.write_text(GEPHI_UNSIGNED)
    target = tmp_path / "m.tmap"
    assert main(["import", str(source), "--new", str(target), "--unsigned-as", "values"]) == 0
    err = capsys.readouterr().err
    assert "read 4 nodes and 5 relations (5 values)" in err
    wf = WorkspaceFile.open(target, read_only=True)
    assert {r.type for r in wf.workspace.relations.values()} == {"values"}
    wf.close()
    assert main(["import", str(source), "--new", str(tmp_path / "s.tmap"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "refused under --strict" in err and err.count("\n") == 1
    assert not (tmp_path / "s.tmap").exists()


def test_sign_information_decides():
    edges = [RawEdge(weight=2.0), RawEdge(weight=-1.0), RawEdge(), RawEdge(type_word="tension")]
    got = [(m.type, m.strength) for m in resolve_edges(edges, ImportOptions())]
    assert [t for t, _ in got] == ["supports", "opposes", "related", "in_tension_with"]
    undirected = [RawEdge(sign=1, directed=False), RawEdge(sign=-1, directed=False), RawEdge(directed=False)]
    assert [m.type for m in resolve_edges(undirected, ImportOptions())] == [
        "allied_with",
        "in_tension_with",
        "related",
    ]
    with pytest.raises(InterchangeError, match="contradicts"):
        resolve_edges([RawEdge(type_word="supports", sign=-1)], ImportOptions())
    (kept,) = resolve_edges([RawEdge(type_word="Funding", note="since 2020")], ImportOptions())
    assert (kept.type, kept.note) == ("related", "Funding: since 2020")
    with pytest.raises(InterchangeError, match="unknown relation type"):
        ImportOptions(unsigned_as="hates")


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([1, 8, 2], [1, 5, 3]),
        ([5, 5, 5], [3, 3, 3]),
        ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
        ([0.1, 1000], [2, 4]),
        ([-3, 1], [4, 2]),  # by magnitude: the sign is the type's business
    ],
)
def test_strength_by_rank(weights, expected):
    assert strengths_by_rank(weights) == expected


def test_rank_is_monotone_for_many_weights():
    import random

    rng = random.Random(7)
    weights = [rng.choice([rng.random(), rng.randint(1, 50)]) for _ in range(500)]
    pairs = sorted(zip(weights, strengths_by_rank(weights), strict=True))
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(pairs))
    assert {s for _, s in pairs} == {1, 2, 3, 4, 5}


# ------------------------------------------------------------------ CSV
def test_blank_lines_before_the_header(tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_text("\n\nId,Label,timeset\n1,Alpha,\n2,Beta,\n")
    result = import_file(path)
    assert sorted(n.label for n in result.workspace.nodes.values()) == ["Alpha", "Beta"]


def test_headerless_edge_lists(tmp_path):
    path = tmp_path / "signed.csv"
    path.write_text("1,2,-1\n2,3,1\n3,1,1\n3,3,1\n")
    result = import_file(path)
    ws = result.workspace
    assert len(ws.nodes) == 3 and len(ws.relations) == 3
    assert sorted(r.type for r in ws.relations.values()) == ["opposes", "supports", "supports"]
    text = result.summary.text()
    assert "no header row" in text and "1 self-loops skipped" in text
    two = tmp_path / "plain.csv"
    two.write_text("alice;bob\nbob;carol\n")
    ws = read_csv(two)
    assert {r.type for r in ws.relations.values()} == {"related"}
    four = tmp_path / "four.csv"
    four.write_text("a\tb\t3\t1990\nb\tc\t1\t1991\n")
    result = import_file(four)
    assert len(result.workspace.relations) == 2 and "columns after the third" in result.summary.text()


def test_unknown_layout_lists_the_accepted_headers(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("who,whom,how much,why\nA,B,lots,because\n")
    with pytest.raises(InterchangeError) as info:
        read_csv(path)
    message = str(info.value)
    assert "odd.csv: line 1:" in message and "accepted headers" in message and "From and To" in message
    assert "\n" not in message


def test_unknown_csv_columns_are_named_and_strict_refuses(tmp_path):
    path = tmp_path / "kumu-elements.csv"
    path.write_text("Label,Type,Website\nJeff,person,https://example.org\n")
    result = import_file(path)
    assert "'Website'" in result.summary.text()
    with pytest.raises(InterchangeError, match="--strict"):
        import_file(path, options=ImportOptions(strict=True))


def test_undirected_round_trip(tmp_path):
    ws = Workspace("tribes")
    ws.add_node(Node("a", "stakeholder", "A"))
    ws.add_node(Node("b", "stakeholder", "B"))
    ws.add_node(Node("c", "stakeholder", "C"))
    ws.add_relation(Relation("r1", "a", "b", "allied_with"))
    ws.add_relation(Relation("r2", "b", "c", "in_tension_with"))
    from tensionmap.interchange import read_any, write_any

    for ext in ("graphml", "gexf", "zip", "edges"):
        out = tmp_path / f"t.{ext}"
        write_any(ws, out)
        back = read_any(out)
        assert sorted(r.type for r in back.relations.values()) == ["allied_with", "in_tension_with"], ext
    text = (tmp_path / "t.graphml").read_text()
    assert 'edgedefault="undirected"' in text
    assert 'defaultedgetype="undirected"' in (tmp_path / "t.gexf").read_text()
    assert (tmp_path / "t.edges").read_text().startswith("% sym signed")


# ----------------------------------------------------------------- info
def test_info_json_has_every_field(tmp_path, capsys):
    import dataclasses

    from tensionmap.model import Lens, Polarity

    ws = Workspace("All")
    ws.add_node(
        Node("a", "stakeholder", "A", colour="#FFCC00", tags=("x",), power=4, interest=2, pinned=True)
    )
    ws.add_node(Node("b", "driver", "B"))
    ws.add_node(Node("c", "driver", "C"))
    ws.add_relation(Relation("r", "a", "b", "values", 4, "short", "why"))
    ws.add_relation(Relation("t", "b", "c", "in_tension_with"))
    ws.add_lens(Lens("l", "Drivers", kinds=("driver",)))
    ws.add("polarities", Polarity("p", "b", "c", left_upsides=("fast",)))
    path = tmp_path / "all.tmap"
    WorkspaceFile.create(path, ws).close()
    assert main(["info", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for key, cls in (("nodes", Node), ("relations", Relation), ("lenses", Lens), ("polarities", Polarity)):
        for item in doc[key]:
            assert {f.name for f in dataclasses.fields(cls)} <= set(item), key
    node = next(n for n in doc["nodes"] if n["id"] == "a")
    assert node["colour"] == "#FFCC00" and node["pinned"] is True and node["power"] == 4
    assert doc["lenses"][0]["kinds"] == ["driver"] and doc["polarities"][0]["left_upsides"] == ["fast"]
    assert doc["questions"] == []  # an existing key keeps its shape


def test_graphml_self_loop_from_yed_is_skipped():
    data = GEPHI_UNSIGNED.replace('<edge source="3" target="2"/>', '<edge source="3" target="3"/>')
    ws = read_graphml(data.encode())
    assert len(ws.relations) == 4


def test_named_colours_export_as_hex_to_yed_and_gephi(tmp_path):
    from tensionmap.interchange import write_any

    ws = Workspace("c")
    ws.add_node(Node("a", "stakeholder", "A", colour="royalblue"))
    write_any(ws, tmp_path / "c.gexf")
    write_any(ws, tmp_path / "c.graphml")
    assert '<viz:color r="65" g="105" b="225"/>' in (tmp_path / "c.gexf").read_text()
    assert 'y:Fill color="#4169E1"' in (tmp_path / "c.graphml").read_text()


def test_headerless_row_with_one_cell_is_a_one_line_error():
    from tensionmap.interchange import read_any

    with pytest.raises(InterchangeError) as info:
        read_any(b"0 0\r0", name="fuzz.csv")
    assert "expected 'source target [sign]'" in str(info.value) and "\n" not in str(info.value)
