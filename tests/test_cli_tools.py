"""The analysing, layout, conversion and report subcommands, end to end."""

import json
import unicodedata

import pypdf
import pytest

from tensionmap.cli import main
from tensionmap.examples import micro_credentials as mc
from tensionmap.store import WorkspaceFile


@pytest.fixture
def example(tmp_path, capsys):
    path = tmp_path / "x.tmap"
    assert main(["new", str(path), "--example", "micro-credentials"]) == 0
    capsys.readouterr()
    return path


def test_analyze_json_names_the_tensions_of_the_brief(example, capsys):
    assert main(["analyze", str(example), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"tensions", "alliances", "balance"} <= set(doc)
    first = doc["tensions"][0]
    assert {"between", "labels", "kind", "intensity", "path"} <= set(first)
    assert set(doc["balance"]) >= {
        "triangles",
        "unbalanced_triangles",
        "frustration_index",
        "exact",
        "coalitions",
        "frustrated_relations",
    }
    derived = {frozenset(t["labels"]) for t in doc["tensions"] if t["kind"] == "derived"}
    assert frozenset(("Universities and colleges", "Employers and industry")) in derived
    assert frozenset(("Universities and colleges", "Learners and employees")) in derived
    intensities = [t["intensity"] for t in doc["tensions"]]
    assert intensities == sorted(intensities, reverse=True)


def test_analyze_text_report(example, capsys):
    assert main(["analyze", str(example)]) == 0
    out = capsys.readouterr().out
    assert "Tensions" in out and "frustration index" in out


def test_layout_writes_all_positions_in_one_step(example, capsys):
    before = WorkspaceFile.open(example, read_only=True).workspace
    assert main(["layout", str(example), "--engine", "signed", "--seed", "3"]) == 0
    after = WorkspaceFile.open(example, read_only=True).workspace
    moved = [k for k, n in after.nodes.items() if (n.x, n.y) != (before.node(k).x, before.node(k).y)]
    assert len(moved) > len(after.nodes) // 2


def test_layout_polarity_defaults_its_poles_and_resolves_labels(example, capsys):
    # without --poles: the strongest opposition between two drivers, as the window does
    assert main(["layout", str(example), "--engine", "polarity"]) == 0
    assert (
        main(["layout", str(example), "--engine", "polarity", "--poles", "Scalability", "specificity"]) == 0
    )
    ws = WorkspaceFile.open(example, read_only=True).workspace
    scale, spec = ws.node(mc.stable_id("scalability")), ws.node(mc.stable_id("specificity"))
    assert scale.x < spec.x
    assert main(["layout", str(example), "--engine", "polarity", "--poles", "Nope", "Scalability"]) == 1
    assert "no node with id or label 'Nope'" in capsys.readouterr().err


@pytest.mark.parametrize("ext", ["png", "svg", "pdf", "graphml", "gexf", "json", "zip"])
def test_export_by_extension(example, tmp_path, ext, capsys):
    out = tmp_path / f"map.{ext}"
    assert main(["export", str(example), str(out)]) == 0
    assert out.stat().st_size > 500


def test_export_pdf_keeps_labels_as_text(example, tmp_path, capsys):
    out = tmp_path / "map.pdf"
    assert main(["export", str(example), str(out), "--no-legend"]) == 0
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages))
    assert "Scalability" in " ".join(text.split())


def test_export_rejects_diagram_options_for_data(example, tmp_path, capsys):
    assert main(["export", str(example), str(tmp_path / "m.json"), "--dpi", "300"]) == 1
    assert "apply to diagrams" in capsys.readouterr().err


def test_graphml_out_and_back_in_is_the_same_map(example, tmp_path, capsys):
    out = tmp_path / "map.graphml"
    assert main(["export", str(example), str(out)]) == 0
    copy = tmp_path / "back.tmap"
    assert main(["import", str(out), "--new", str(copy)]) == 0
    a = WorkspaceFile.open(example, read_only=True).workspace
    b = WorkspaceFile.open(copy, read_only=True).workspace
    assert a.nodes == b.nodes and a.relations.keys() == b.relations.keys()


def test_import_into_is_one_step_and_bad_input_changes_nothing(example, tmp_path, capsys):
    edges = tmp_path / "tribes.edges"
    edges.write_text("% signed\n1 2 1\n2 3 2\n")
    assert main(["import", str(edges), "--into", str(example)]) == 0
    assert "read 3 nodes and 2 relations" in capsys.readouterr().err  # the import summary
    ws = WorkspaceFile.open(example, read_only=True).workspace
    assert len(ws.nodes) == 20 and len(ws.relations) == 27
    bad = tmp_path / "bad.graphml"
    bad.write_text("<graphml><graph><node id='a'/><edge source='a' target='zz'/></graph></graphml>")
    before = example.read_bytes()
    assert main(["import", str(bad), "--into", str(example)]) == 1
    err = capsys.readouterr().err
    assert "bad.graphml" in err and err.count("\n") == 1
    assert example.read_bytes() == before


def test_read_only_commands_accept_importable_files(tmp_path, tribes_path, capsys):
    assert main(["info", str(tribes_path)]) == 0
    assert "16 stakeholders" in capsys.readouterr().out
    assert main(["analyze", str(tribes_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["balance"]["frustration_index"] == 7
    assert main(["export", str(tribes_path), str(tmp_path / "tribes.svg")]) == 0


def test_report_pdf_and_html(example, tmp_path, capsys):
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    assert main(["report", str(example), str(pdf)]) == 0
    assert main(["report", str(example), str(html)]) == 0
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages))
    text = " ".join(text.split())
    assert "Tension register" in text and "About half the time" in text
    assert html.read_text(encoding="utf-8").count("data:image/png;base64,") >= 5
    assert main(["report", str(example), str(tmp_path / "r.docx")]) == 1
