"""The map as drawn: opposition style, plain text everywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from tensionmap.model import Evidence, Node, Question, Relation
from tensionmap.render import style
from tensionmap.store import WorkspaceFile
from tests.ui.conftest import small_workspace

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<b>x</b><img src=y>"


def is_vermillion(c: QColor) -> bool:
    return c.red() > 170 and 60 < c.green() < 150 and c.blue() < 90


def test_opposing_relation_drawn_dashed_vermillion_with_marker(qtbot, window) -> None:
    item = window.scene.relation_items["r2"]  # Scalability in tension with Specificity
    image = window.grab().toImage()
    centre = window.canvas.viewport().mapTo(window, window.canvas.mapFromScene(item.midpoint()))
    ratio = image.devicePixelRatio()
    hits = 0
    white = 0
    for dx in range(-12, 13):
        for dy in range(-12, 13):
            c = image.pixelColor(QPoint(round((centre.x() + dx) * ratio), round((centre.y() + dy) * ratio)))
            hits += is_vermillion(c)
            white += c.lightness() > 245
    assert hits > 20, "vermillion marker and line at the midpoint"
    assert white > 20, "the marker's white disc"
    layer = window.scene.layers[-1]
    pen = style.edge_pen(layer.edge_style, 2.5)
    assert pen.style() == Qt.PenStyle.CustomDashLine and pen.dashPattern()
    assert pen.color() == QColor("#D55E00")
    assert style.edge_pen(window.scene.layers[1].edge_style, 2.5).style() == Qt.PenStyle.SolidLine


def test_supportive_relation_blue_along_its_line(qtbot, window) -> None:
    item = window.scene.relation_items["r1"]
    image = window.grab().toImage()
    x1, y1, x2, y2 = item.segment
    found = 0
    for t in (0.3, 0.4, 0.5, 0.6):
        from PySide6.QtCore import QPointF

        p = window.canvas.mapFromScene(QPointF(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        p = window.canvas.viewport().mapTo(window, p)
        for dx in range(-3, 4):
            c = image.pixelColor(p + QPoint(dx, 0))
            found += c.blue() > 120 and c.red() < 80
    assert found >= 4


def test_user_text_is_plain_everywhere(qtbot, app, tmp_path: Path) -> None:
    ws = small_workspace()
    ws.add_node(Node("h1", "stakeholder", HOSTILE, group=HOSTILE, description=HOSTILE, x=0, y=0))
    ws.add_evidence(Evidence("e1", HOSTILE, citation=HOSTILE, note=HOSTILE, data=((HOSTILE, 1.0),)))
    ws.add_question(Question("q1", HOSTILE))
    ws.add_relation(Relation("rh", "h1", "s1", "opposes", note=HOSTILE))
    ws.set_info(title=HOSTILE)
    path = tmp_path / "hostile.tmap"
    WorkspaceFile.create(path, ws).close()
    win = app.open_window(WorkspaceFile.open(path))
    win.show()
    qtbot.waitExposed(win)
    item = win.scene.node_items["h1"]
    assert "".join(item.layout.lines).replace(" ", "") == HOSTILE.replace(" ", "")
    assert item.rect.width() > 150  # sized for the literal text, not a rendered bold x
    assert win.outline.rows["h1"].text(0) == HOSTILE
    win.scene.select_ids(["h1"])
    assert win.inspector.label_edit.text() == HOSTILE
    assert win.inspector.group_edit.text() == HOSTILE
    assert win.inspector.description_edit.toPlainText() == HOSTILE
    win.scene.select_ids([], ["rh"])
    assert win.inspector.note_edit.toPlainText() == HOSTILE
    assert HOSTILE in win.inspector.ends_label.text()
    tree = win.evidence_panel.evidence_tree
    assert tree.topLevelItem(0).text(0) == HOSTILE
    assert win.evidence_panel.questions_tree.topLevelItem(0).text(0).endswith(HOSTILE)
    assert HOSTILE in win.windowTitle()
    for label in win.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText or HOSTILE not in label.text()
    win.close()


def test_no_markup_apis_in_ui_or_render() -> None:
    banned = ("setHtml", "RichText", "toHtml", "insertHtml")
    for folder in ("tensionmap/ui", "tensionmap/render"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for word in banned:
                assert word not in text, f"{path.name} uses {word}"
