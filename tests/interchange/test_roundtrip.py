"""Export then import gives the same map (within what each format keeps)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensionmap.interchange import (
    read_any,
    read_csv,
    read_edgelist,
    read_gexf,
    read_graphml,
    read_json,
    write_any,
    write_csv,
    write_edgelist,
    write_graphml,
    write_json,
)
from tensionmap.interchange.csv_format import connections_csv, elements_csv
from tensionmap.interchange.gexf import gexf_text
from tensionmap.interchange.graphml import graphml_text
from tensionmap.interchange.json_format import json_text

from .strategies import full_workspaces, graph_workspaces

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(full_workspaces())
def test_json_round_trip_is_lossless(ws):
    back = read_json(json_text(ws).encode("utf-8"), name="map.json")
    assert back.same_content(ws)


@SETTINGS
@given(graph_workspaces())
def test_graphml_round_trip_keeps_nodes_relations_title_and_description(ws):
    back = read_graphml(graphml_text(ws).encode("utf-8"), name="map.graphml")
    assert back.same_content(ws)


@SETTINGS
@given(graph_workspaces())
def test_gexf_round_trip_keeps_nodes_relations_title_and_description(ws):
    back = read_gexf(gexf_text(ws).encode("utf-8"), name="map.gexf")
    assert back.same_content(ws)


@SETTINGS
@given(graph_workspaces(colour=st.none() | st.sampled_from(["#D55E00", "red"])))
def test_csv_round_trip_keeps_nodes_and_relations(ws):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.zip"
        write_csv(ws, path)
        back = read_csv(path)
    assert back.nodes == ws.nodes
    assert back.relations == ws.relations


def test_graphml_drops_only_cited_evidence(tmp_path):
    from tensionmap.model import Evidence, Node, Relation, Workspace

    ws = Workspace(title="Evidence")
    ws.add("nodes", Node(id="a", kind="stakeholder", label="A"))
    ws.add("nodes", Node(id="b", kind="driver", label="B"))
    ws.add("evidence", Evidence(id="e", title="Survey"))
    ws.add("relations", Relation(id="r", source="a", target="b", evidence=("e",)))
    write_graphml(ws, tmp_path / "m.graphml")
    back = read_graphml(tmp_path / "m.graphml")
    (relation,) = back.relations.values()
    assert relation.evidence == ()
    assert relation.type == "supports"
    assert not back.evidence


def test_every_format_through_read_any_and_write_any(tmp_path, tribes_path):
    ws = read_edgelist(tribes_path)
    for suffix in (".graphml", ".gexf", ".json", ".zip", ".edges"):
        path = tmp_path / f"map{suffix}"
        write_any(ws, path)
        back = read_any(path)
        assert len(back.nodes) == 16 and len(back.relations) == 58
        assert sum(r.sign < 0 for r in back.relations.values()) == 29
    assert read_any(tmp_path / "map.graphml").same_content(ws)
    assert read_any(tmp_path / "map.json").same_content(ws)


@settings(max_examples=5, deadline=None)
@given(full_workspaces())
def test_json_file_keeps_ids_and_info(ws):
    with tempfile.TemporaryDirectory() as folder:
        write_json(ws, Path(folder) / "m.json")
        back = read_json(Path(folder) / "m.json")
    assert back.same_content(ws)
    assert back.info.created == ws.info.created
    assert set(back.nodes) == set(ws.nodes)


def test_csv_pair_of_files_and_folder(tmp_path, tribes_path):
    ws = read_edgelist(tribes_path)
    written = write_csv(ws, tmp_path / "tribes.csv")
    assert [p.name for p in written] == ["tribes-elements.csv", "tribes-connections.csv"]
    for start in written:  # either file finds its partner
        back = read_any(start)
        assert back.nodes == ws.nodes and back.relations == ws.relations
    folder = tmp_path / "folder"
    folder.mkdir()
    write_any(ws, folder, "csv")
    assert read_any(folder).relations == ws.relations


def test_edge_list_round_trip_by_labels(tmp_path, tribes_path):
    ws = read_edgelist(tribes_path)
    write_edgelist(ws, tmp_path / "t.edges")
    back = read_edgelist(tmp_path / "t.edges")
    signs = sorted(
        (ws.nodes[r.source].label, ws.nodes[r.target].label, r.sign) for r in ws.relations.values()
    )
    back_signs = sorted(
        (back.nodes[r.source].label, back.nodes[r.target].label, r.sign) for r in back.relations.values()
    )
    assert signs == back_signs


def test_control_characters_are_dropped_not_fatal():
    from tensionmap.model import Node, Workspace

    ws = Workspace(title="Ctrl")
    ws.add("nodes", Node(id="n", kind="stakeholder", label="bell\x07 and nul\x00 and \ud800"))
    back = read_graphml(graphml_text(ws).encode("utf-8"))
    (node,) = back.nodes.values()  # "n" is not a uuid, so the import gave it a fresh id
    assert node == dataclasses.replace(ws.nodes["n"], id=node.id, label="bell and nul and ")


def test_csv_text_is_neutralised_numbers_are_not():
    import csv
    import io
    import uuid
    import zipfile

    from tensionmap.model import Node, Relation, Workspace

    a, b, r = (str(uuid.uuid4()) for _ in range(3))
    ws = Workspace(title="Formulas")
    ws.add(
        "nodes",
        Node(id=a, kind="stakeholder", label='=HYPERLINK("x")', description="+1", group="-g", x=-120.5, y=-3),
    )
    ws.add(
        "nodes", Node(id=b, kind="driver", label="@SUM(A1)", tags=("\tt", "\x00z", "'=q"), colour="#ffffff")
    )
    ws.add("relations", Relation(id=r, source=a, target=b, type="opposes", note="=cmd|' /C calc'!A0"))
    elements = list(csv.DictReader(io.StringIO(elements_csv(ws))))
    assert elements[0]["Label"] == '\'=HYPERLINK("x")'
    assert elements[0]["Description"] == "'+1" and elements[0]["Group"] == "'-g"
    assert (elements[0]["X"], elements[0]["Y"]) == ("-120.5", "-3")  # coordinates stay numbers
    assert elements[1]["Label"] == "'@SUM(A1)"
    connections = list(csv.DictReader(io.StringIO(connections_csv(ws))))
    assert connections[0]["Sign"] == "-1"  # the sign column is numeric
    assert connections[0]["Note"] == "'=cmd|' /C calc'!A0"
    # every text cell that starts with a formula character is neutralised
    for row in elements + connections:
        for cell in row.values():
            if cell:
                assert cell[0] not in "=+@\t\r\x00"
                assert cell[0] != "-" or cell.lstrip("-")[:1].isdigit()  # only numbers start with "-"
    # and import takes the quote away again
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("elements.csv", elements_csv(ws))
        zf.writestr("connections.csv", connections_csv(ws))
    back = read_csv(buffer.getvalue(), name="formulas.zip")
    assert back.nodes == ws.nodes
    assert back.relations == ws.relations
