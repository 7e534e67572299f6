"""Batched drawing: paths built from arrays, shared node art, label shortcuts, plain PDF text."""

from __future__ import annotations

import io
import math

import numpy as np
import pypdf
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QApplication

from tensionmap.model import Node, Relation, Workspace
from tensionmap.render import style
from tensionmap.render.edge_items import (
    _ELEMENT,
    _path_from_elements,
    _path_point_by_point,
    arrow_polygon,
    arrows_path,
    discs_path,
    polyline_path,
    segments_path,
    stroke_segment,
    stroke_segments,
)
from tensionmap.render.export import diagram_bytes
from tensionmap.render.node_item import _TEXT_FLAGS, _label_font, node_art


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> QApplication:
    return qapp


def elements(path: QPainterPath) -> list[tuple[int, float, float]]:
    out = []
    for i in range(path.elementCount()):
        e = path.elementAt(i)
        out.append((int(e.type.value), e.x, e.y))
    return out


def close(a: QPainterPath, b: QPainterPath) -> bool:
    ea, eb = elements(a), elements(b)
    return len(ea) == len(eb) and all(
        ta == tb and math.isclose(xa, xb, abs_tol=1e-9) and math.isclose(ya, yb, abs_tol=1e-9)
        for (ta, xa, ya), (tb, xb, yb) in zip(ea, eb, strict=True)
    )


def test_segments_path_is_the_path_moveto_lineto_builds() -> None:
    rng = np.random.default_rng(3)
    segs = rng.uniform(-5000, 5000, (500, 4))
    segs[7] = (1.0, 2.0, 1.0, 2.0)  # zero length: lineTo leaves it out
    expected = QPainterPath()
    for x1, y1, x2, y2 in segs.tolist():
        expected.moveTo(x1, y1)
        expected.lineTo(x2, y2)
    path = segments_path(segs)
    assert path == expected
    assert path.fillRule() == Qt.FillRule.OddEvenFill
    assert segments_path(np.zeros((0, 4))).isEmpty()


def test_paths_leave_out_coordinates_qt_refuses() -> None:
    segs = np.array([[0.0, 0.0, 10.0, 10.0], [np.nan, 0.0, 5.0, 5.0], [0.0, np.inf, 1.0, 1.0]])
    path = segments_path(segs)
    assert path.elementCount() == 2 and path.boundingRect() == QRectF(0, 0, 10, 10)


def test_arrows_and_discs_match_the_one_by_one_shapes() -> None:
    segs = np.array([[0.0, 0.0, 100.0, 30.0], [50.0, 50.0, -20.0, 80.0], [-7.5, 3.0, 400.0, -200.0]])
    widths = np.array([1.2, 4.2, 2.5])
    expected = QPainterPath()
    for seg, w in zip(segs.tolist(), widths.tolist(), strict=True):
        expected.addPolygon(arrow_polygon(*seg, w, 1.5))
        expected.closeSubpath()
    assert close(arrows_path(segs, widths, 1.5), expected)
    # a zero-length relation: a collapsed arrow at its end (nothing visible either way)
    collapsed = arrows_path(np.array([[5.0, 5.0, 5.0, 5.0]]), np.ones(1))
    assert {(x, y) for _, x, y in elements(collapsed)} == {(5.0, 5.0)}
    centres = np.array([[10.0, 20.0], [-300.5, 7.25]])
    discs = QPainterPath()
    for x, y in centres.tolist():
        discs.addEllipse(QPointF(x, y), 7.5, 7.5)
    assert close(discs_path(centres, 7.5), discs)


def test_point_by_point_fallback_builds_the_same_path() -> None:
    centres = np.array([[1.0, 2.0], [30.0, 40.0]])
    discs = discs_path(centres, 3.0)
    raw = np.array(elements(discs), dtype=float)
    array = np.empty((2, len(raw) // 2), dtype=_ELEMENT)
    array.reshape(-1)["type"] = raw[:, 0].astype(int)
    array.reshape(-1)["x"] = raw[:, 1]
    array.reshape(-1)["y"] = raw[:, 2]
    assert _path_point_by_point(array) == _path_from_elements(array) == discs
    lines = polyline_path(np.array([[[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]]))
    assert elements(lines) == [(0, 0.0, 0.0), (1, 1.0, 1.0), (1, 2.0, 0.0)]


def test_stroke_segments_match_stroke_segment() -> None:
    rels = [
        Relation("a", "x", "y", "supports", 5),
        Relation("b", "x", "y", "related", 2),
        Relation("c", "x", "y", "opposes", 1),
        Relation("d", "x", "y", "opposes", 3),
    ]
    segs = np.array([[0.0, 0.0, 300.0, 40.0], [0.0, 0.0, 50.0, 50.0], [10.0, 10.0, 12.0, 10.0], [3, 3, 3, 3]])
    widths = np.array([style.strength_width(r.strength) for r in rels])
    directed = np.array([style.is_directed(r.type) for r in rels])
    got = stroke_segments(segs, widths, directed, 1.3)
    for rel, seg, row in zip(rels, segs.tolist(), got.tolist(), strict=True):
        assert row == pytest.approx(stroke_segment(rel, tuple(seg), 1.3))  # type: ignore[arg-type]


def _draw_labels(shortcut: bool) -> QImage:
    image = QImage(900, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(_label_font())
    labels = ["Scalability", "Employers and industry bodies in the region", "Équité, coût et qualité élevée"]
    for i, label in enumerate(labels):
        art = node_art("driver", label)
        painter.save()
        painter.translate(220 + 300 * i + 0.37, 150.61)
        if shortcut:
            assert art.baselines is not None
            for at, line in art.baselines:
                painter.drawText(at, line)
        else:
            for box, line in art.text:
                painter.drawText(box, _TEXT_FLAGS, line)
        painter.restore()
    painter.end()
    return image


def test_label_baselines_draw_exactly_what_the_centred_boxes_draw() -> None:
    assert _draw_labels(True) == _draw_labels(False)


def test_labels_with_tabs_or_right_to_left_text_keep_the_boxes() -> None:
    assert node_art("stakeholder", "a\tb").baselines is None
    assert node_art("stakeholder", "שלום עולם").baselines is None
    assert node_art("stakeholder", "Learners").baselines is not None


def test_node_art_is_shared_by_kind_and_label() -> None:
    assert node_art("driver", "Scalability") is node_art("driver", "Scalability")
    assert node_art("driver", "Scalability") is not node_art("stakeholder", "Scalability")


def test_label_fonts_have_no_ligatures() -> None:
    tag = QFont.Tag("liga")
    assert style.label_font().featureValue(tag) == 0 and style.label_font().isFeatureSet(tag)


def test_pdf_text_of_a_ligature_word_is_plain_ascii() -> None:
    ws = Workspace("Specificity first")
    ws.add_node(Node("d", "driver", "Specificity of office workflows", x=0, y=0))
    ws.add_node(Node("s", "stakeholder", "Finance office", x=400, y=0))
    ws.add_relation(Relation("r", "s", "d", "benefits", 3))
    reader = pypdf.PdfReader(io.BytesIO(diagram_bytes(ws, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # no NFKC here
    assert text.isascii()
    for word in ("Specificity first", "Specificity of office", "Finance office", "benefits"):
        assert word in text
