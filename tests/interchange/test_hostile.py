"""Malformed and hostile files: one clear, one-line InterchangeError naming file and place."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from tensionmap.interchange import (
    InterchangeError,
    Limits,
    read_any,
    read_csv,
    read_edgelist,
    read_gexf,
    read_graphml,
    read_json,
)
from tensionmap.interchange.semantics import ImportOptions, ImportSummary

HEAD = '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
KEYS = (
    '<key id="lbl" for="node" attr.name="label" attr.type="string"/>\n'
    '<key id="x" for="node" attr.name="x" attr.type="double"/>\n'
    '<key id="sg" for="edge" attr.name="sign" attr.type="int"/>\n'
)


def graphml(body: str) -> bytes:
    return (HEAD + KEYS + '<graph edgedefault="directed">\n' + body + "</graph>\n</graphml>\n").encode()


def refused(read, data, name="map.graphml", **kwargs) -> str:
    with pytest.raises(InterchangeError) as info:
        read(data, name=name, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(name.split("/")[0] + ":"), message
    assert len(message) < 400
    return message


def test_edge_to_missing_node_names_line_and_edge():
    data = graphml('<node id="n1"/>\n<node id="n2"/>\n<edge id="e3" source="n1" target="n9"/>\n')
    message = refused(read_graphml, data)
    assert message == "map.graphml: line 9: edge 'e3': target refers to missing node 'n9'"


def test_broken_xml_names_the_line():
    message = refused(read_graphml, graphml('<node id="n1">\n<data key="lbl">A</dat>\n</node>\n'))
    assert "line 8" in message and "broken XML" in message


def test_truncated_xml():
    message = refused(read_graphml, graphml('<node id="n1"/>')[:-30])
    assert "broken XML" in message


def test_bad_number_names_the_node():
    message = refused(read_graphml, graphml('<node id="n1"><data key="x">twelve</data></node>\n'))
    assert message == "map.graphml: line 7: node 'n1': x 'twelve' is not a number"


def test_not_finite_number():
    message = refused(read_graphml, graphml('<node id="n1"><data key="x">inf</data></node>\n'))
    assert "not a finite number" in message


def test_bad_sign_and_contradicting_type():
    data = graphml(
        '<key id="t" for="edge" attr.name="type" attr.type="string"/>'
        '<node id="a"/><node id="b"/><edge source="a" target="b"><data key="t">supports</data>'
        '<data key="sg">-1</data></edge>'
    )
    assert "contradicts sign -1" in refused(read_graphml, data)
    unknown = graphml(
        '<key id="t" for="edge" attr.name="type" attr.type="string"/>'
        '<node id="a"/><node id="b"/><edge source="a" target="b"><data key="t">loves</data></edge>'
    )
    # an unknown type word (Kumu's free connection types) is kept in the note, and said so
    summary = ImportSummary()
    (relation,) = read_graphml(unknown, summary=summary).relations.values()
    assert (relation.type, relation.note) == ("related", "loves")
    assert "not in the map's vocabulary" in summary.text()
    message = refused(read_graphml, unknown, options=ImportOptions(strict=True))
    assert "--strict" in message and "'loves'" in message


def test_self_loop_is_skipped_with_a_summary_line_and_duplicate_node_refused():
    summary = ImportSummary()
    ws = read_graphml(graphml('<node id="a"/><edge id="x" source="a" target="a"/>'), summary=summary)
    assert len(ws.nodes) == 1 and not ws.relations
    assert any("1 self-loops skipped" in line for line in summary.changes)
    strict = ImportOptions(strict=True)
    assert "--strict" in refused(
        read_graphml, graphml('<node id="a"/><edge id="x" source="a" target="a"/>'), options=strict
    )
    assert "used twice" in refused(read_graphml, graphml('<node id="a"/><node id="a"/>'))


def test_billion_laughs_is_refused_quickly():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + "]>\n"
        + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        + '<graph><node id="&lol9;"/></graph></graphml>'
    )
    start = time.perf_counter()
    message = refused(read_graphml, bomb.encode())
    assert time.perf_counter() - start < 1
    assert "entity declarations are refused" in message and "line 3" in message
    assert "entity" in refused(read_gexf, bomb.replace("graphml", "gexf").encode(), name="g.gexf")


def test_external_entity_is_refused():
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&xxe;"/></graph></graphml>'
    )
    assert "refused" in refused(read_graphml, xxe.encode())
    parameter = (
        '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> %ext;]>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph/></graphml>'
    )
    assert "refused" in refused(read_graphml, parameter.encode())


def test_oversize_input_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.graphml"
    path.write_bytes(graphml('<node id="a"/>' * 200))
    message = refused(read_graphml, path, name="big.graphml", limits=Limits(max_bytes=1000))
    assert "larger than" in message
    assert "larger than" in refused(read_any, path, name="big.graphml", limits=Limits(max_bytes=1000))


def test_element_and_count_limits():
    data = graphml('<node id="a"/><node id="b"/><node id="c"/>')
    assert "XML elements" in refused(read_graphml, data, limits=Limits(max_xml_elements=5))
    assert "more than 2 nodes" in refused(read_graphml, data, limits=Limits(max_nodes=2))
    edges = b"a b 1\nb c 1\nc d -1\n"
    assert "more than 2 relations" in refused(
        read_edgelist, edges, name="e.edges", limits=Limits(max_relations=2)
    )


def test_bad_utf8_everywhere():
    assert "line 2" in refused(read_edgelist, b"% ok\n1 2 \xff\n", name="e.edges")
    message = refused(read_csv, b"From,To\nA,B\n\xc3(,C\n", name="c.csv")
    assert "line 3" in message and "UTF-8" in message
    assert "line 1" in refused(read_json, b'{"format": "\xff"}', name="m.json")
    assert "broken XML" in refused(
        read_graphml, graphml('<node id="a\xff"/>').replace(b"a\xc3\xbf", b"a\xff")
    )


def test_json_errors_name_the_entity():
    assert "line 2" in refused(read_json, b'{"format": "tensionmap",\n "version": 1,,}', name="m.json")
    doc = {"format": "tensionmap", "version": 1, "nodes": [{"id": "a", "label": "A", "power": 9}]}
    message = refused(read_json, json.dumps(doc).encode(), name="m.json")
    assert message == "m.json: nodes[0] (id 'a'): power 9 is out of range 1-5"
    doc = {"format": "tensionmap", "version": 1, "relations": [{"id": "r", "source": "a", "target": "b"}]}
    assert "relations[0]" in refused(read_json, json.dumps(doc).encode(), name="m.json")
    assert "newer" in refused(read_json, b'{"format": "tensionmap", "version": 7}', name="m.json")
    assert "not a tensionmap JSON" in refused(read_json, b"[1, 2]", name="m.json")
    assert "nested too deeply" in refused(read_json, b"[" * 100_000 + b"]" * 100_000, name="m.json")


def test_csv_errors_name_the_line(tmp_path):
    (tmp_path / "m-elements.csv").write_text("Label,Power\nA,3\nB,seven\n")
    (tmp_path / "m-connections.csv").write_text("From,To\nA,B\n")
    message = refused(read_csv, tmp_path / "m-elements.csv", name="m-elements.csv")
    assert message == "m-elements.csv: line 3: Power 'seven' is not a number"
    (tmp_path / "m-elements.csv").write_text("Label\nA\nB\n")
    (tmp_path / "m-connections.csv").write_text("From,To\nA,B\n\nA,Zed\n")
    message = refused(read_csv, tmp_path / "m-connections.csv", name="m-connections.csv")
    assert message.startswith("m-connections.csv: line 4: To 'Zed' refers to missing element")
    multi = b'From,To,Note\nA,B,"two\nlines"\nA,\n'
    assert refused(read_csv, multi, name="c.csv") == "c.csv: line 4: To is empty"


def test_zip_problems():
    assert "broken zip" in refused(read_csv, b"PK\x03\x04garbage", name="m.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("connections.csv", "From,To\n" + "A,B\n" * 100_000)
    message = refused(read_csv, buffer.getvalue(), name="m.zip", limits=Limits(max_bytes=100_000))
    assert "unpacks to more than" in message
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "hi")
    assert "no elements.csv" in refused(read_csv, empty.getvalue(), name="m.zip")


def test_wrong_kind_of_file():
    assert "not a GraphML file" in refused(read_graphml, b"<gexf/>")
    assert "not a GEXF file" in refused(read_gexf, b"<graphml/>", name="g.gexf")
    assert "cannot tell the format" in refused(read_any, b"<html/>", name="x.bin")
    assert "expected 'source target" in refused(read_edgelist, b"lonely\n", name="e.edges")


def test_a_bad_import_changes_nothing_in_the_target(tribes_path):
    from tensionmap.interchange import merge_command

    target = read_edgelist(tribes_path)
    before = target.content()
    with pytest.raises(InterchangeError):
        imported = read_graphml(graphml('<node id="a"/><edge source="a" target="zz"/>'))
        merge_command(target, imported).apply(target)
    assert target.content() == before
