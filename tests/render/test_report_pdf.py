"""The report PDF's text is the words: no ligatures, whole words, a vector map with readable labels."""

from __future__ import annotations

import math

import pypdf

from tensionmap.analysis.report import analyze
from tensionmap.examples import micro_credentials as mc
from tensionmap.model import Node, Relation, Workspace
from tensionmap.render.report_content import MAP_CAPTION, ReportImages, build_report
from tensionmap.render.report_pdf import MIN_LABEL_PT, write_pdf

LIGATURES = {chr(c) for c in range(0xFB00, 0xFB07)}


def words(text: str) -> str:
    return " ".join(text.split())


def write(ws: Workspace, tmp_path) -> pypdf.PdfReader:
    out = tmp_path / "report.pdf"
    blocks = build_report(ws, analyze(ws), ReportImages(map_png=None, charts=[], map_source=ws))
    write_pdf(blocks, ws.title, out)
    return pypdf.PdfReader(str(out))


def test_text_is_copyable_verbatim_and_headers_whole(qapp, tmp_path):
    ws = mc.build()
    reader = write(ws, tmp_path)
    raw = " ".join(page.extract_text() for page in reader.pages)  # no NFKC: a ligature would show
    assert not LIGATURES & set(raw), "a ligature glyph reached the text layer"
    text = words(raw)
    for node in ws.nodes.values():
        assert words(node.label) in text, node.label
    assert "Specificity" in text and "Intensity" in text and "Intensit y" not in text


def test_map_is_vector_with_labels_of_at_least_7_pt(qapp, tmp_path):
    ws = mc.build()
    reader = write(ws, tmp_path)
    map_pages = [p for p in reader.pages if words(p.extract_text()).startswith("The map")]
    assert map_pages
    labels = {line for n in ws.nodes.values() for line in n.label.split()}
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip() in labels:
            # the size on the page: font size times the text and current matrices' vertical scale
            scale_tm = math.hypot(tm[2], tm[3])
            scale_cm = math.hypot(cm[2], cm[3])
            sizes.append(size * scale_tm * scale_cm)

    for page in map_pages:
        assert not page.images, "the map must be drawn, not pasted in as a picture"
        page.extract_text(visitor_text=visit)
    assert sizes, "map labels must be text in the PDF"
    assert min(sizes) >= MIN_LABEL_PT - 0.05 >= 7.0
    caption = words(map_pages[0].extract_text())
    assert "minus disc" in caption and "bar marker" not in caption
    assert "minus disc" in MAP_CAPTION


def test_small_map_fits_one_page_and_paths_use_the_dock_symbols(qapp, tmp_path):
    ws = Workspace("Small")
    ws.add_node(Node("a", "stakeholder", "Employers", x=0, y=0))
    ws.add_node(Node("b", "stakeholder", "Universities", x=400, y=0))
    ws.add_node(Node("x", "driver", "Specificity", x=0, y=200))
    ws.add_node(Node("y", "driver", "Scalability", x=400, y=200))
    ws.add_relation(Relation("r1", "a", "x", "values", 5))
    ws.add_relation(Relation("r2", "b", "y", "values", 5))
    ws.add_relation(Relation("r3", "x", "y", "in_tension_with", 5))
    reader = write(ws, tmp_path)
    map_pages = [p for p in reader.pages if words(p.extract_text()).startswith("The map")]
    assert len(map_pages) == 1 and "part" not in words(map_pages[0].extract_text())[:20]
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert "Employers → Specificity ⟂ Scalability ← Universities" in text or (
        "Universities → Scalability ⟂ Specificity ← Employers" in text
    )
    assert "Specificity → Scalability" not in text
