"""The dispatcher, the error type and the small helpers."""

from __future__ import annotations

import pytest

from tensionmap.interchange import (
    FORMATS,
    InterchangeError,
    format_for,
    read_any,
    sniff,
    write_any,
)
from tensionmap.interchange.graphml import graphml_text
from tensionmap.interchange.placement import circle_or_grid
from tensionmap.interchange.values import decode_list, encode_list
from tensionmap.interchange.vocabulary import resolve_type


def test_formats_and_extensions():
    assert set(FORMATS) == {"graphml", "gexf", "csv", "xlsx", "json", "edges"}
    assert format_for("a/B.GraphML") == "graphml"
    assert format_for("x.gexf") == "gexf"
    assert format_for("x.zip") == format_for("x.csv") == "csv"
    assert format_for("x.json") == "json"
    assert format_for("x.edges") == "edges"
    assert format_for("x.txt") is None


def test_sniffing():
    assert sniff(b"PK\x03\x04...") == "csv"
    assert sniff(b'\xef\xbb\xbf  <?xml version="1.0"?><graphml>') == "graphml"
    assert sniff(b"<gexf version='1.3'>") == "gexf"
    assert sniff(b'{"format": "tensionmap"}') == "json"
    assert sniff(b"% comment\nFrom;To;Sign\n") == "csv"
    assert sniff(b'"Label","Type"\n') == "csv"
    assert sniff(b"% comment\n1 2 1\n") == "edges"
    assert sniff(b"") is None


def test_read_any_prefers_content_then_extension(tmp_path, tribes_path):
    ws = read_any(tribes_path)
    misnamed = tmp_path / "really-graphml.txt"
    misnamed.write_text(graphml_text(ws))
    assert read_any(misnamed).same_content(ws)
    tsv = tmp_path / "signed.tsv"
    tsv.write_text("1\t2\t-1\n2\t3\t1\n")
    assert len(read_any(tsv).relations) == 2
    table = tmp_path / "people.csv"
    table.write_text("Name,Kind\nAda,driver\n")  # no From/To/Label header word: the .csv extension decides
    (node,) = read_any(table).nodes.values()
    assert (node.label, node.kind) == ("Ada", "driver")
    assert len(read_any(tribes_path.read_bytes(), name="upload").relations) == 58


def test_write_any_refuses_unknown_extensions(tmp_path, tribes_path):
    with pytest.raises(InterchangeError, match=r"^map\.pdf: cannot tell the export format"):
        write_any(read_any(tribes_path), tmp_path / "map.pdf")
    with pytest.raises(InterchangeError, match="cannot write"):
        write_any(read_any(tribes_path), tmp_path / "missing-folder" / "map.graphml")


def test_missing_file_is_an_interchange_error(tmp_path):
    with pytest.raises(InterchangeError, match=r"^nope\.graphml: cannot read the file"):
        read_any(tmp_path / "nope.graphml")


def test_error_is_one_line_with_parts():
    err = InterchangeError("bad\nthing", file="a.csv", where="line 3")
    assert str(err) == "a.csv: line 3: bad thing"
    assert (err.file, err.where, err.message) == ("a.csv", "line 3", "bad thing")
    assert str(err.located(file="other", where="line 9")) == "a.csv: line 3: bad thing"
    assert str(InterchangeError("x").located(file="f")) == "f: x"


def test_lists_in_one_cell():
    assert encode_list(("a", "b")) == "a; b" and decode_list("a; b") == ("a", "b")
    assert decode_list("Founder|Male|Runner") == ("Founder", "Male", "Runner")
    for tags in [("a;b",), (" pad",), ("",), ('["x"]',), ("[",), ()]:
        assert decode_list(encode_list(tags)) == tags
        assert decode_list(encode_list(tags, "|")) == tags


def test_type_words():
    assert resolve_type(None, None) == "related"
    assert resolve_type("", -1) == "opposes"
    assert resolve_type("In tension with", None) == "in_tension_with"
    assert resolve_type("trade-off", -1) == "in_tension_with"
    assert resolve_type("Alliance", 1) == "allied_with"
    with pytest.raises(InterchangeError, match="not known"):
        resolve_type("loves", None)


def test_layout_spreads_nodes():
    for count in (1, 2, 5, 40, 41, 500):
        spots = circle_or_grid(count)
        assert len(set(spots)) == count


def test_weight_gives_strength_and_only_a_fallback_sign():
    from tensionmap.interchange.vocabulary import type_and_note

    assert type_and_note("opposes", None, None, 4.0, "") == ("opposes", "")  # a type beats the weight's sign
    assert type_and_note(None, None, None, -0.5, "") == ("opposes", "")
    assert type_and_note(None, "ally", None, None, "") == ("supports", "")
    assert type_and_note(None, "see minutes", -1, None, "") == ("opposes", "see minutes")
    with pytest.raises(InterchangeError, match="contradicts"):
        type_and_note("supports", None, -1, None, "")


def test_interchange_loads_no_qt_and_no_networkx():
    import json
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, json; import tensionmap.interchange; print(json.dumps(sorted(sys.modules)))"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(out.stdout)}
    assert not loaded & {"PySide6", "shiboken6", "networkx", "igraph", "numpy", "sqlalchemy"}
    assert "defusedxml" in loaded
