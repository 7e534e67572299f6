"""The insight panels: tension matrix, who benefits when, evidence chart, power / interest grid."""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from tensionmap.analysis import analyze
from tensionmap.analysis.lens_view import apply_lens
from tensionmap.examples.micro_credentials import build, stable_id
from tensionmap.model import Node, Relation
from tensionmap.render.panels import (
    PANEL_TYPES,
    BenefitsChartPanel,
    EvidenceChartPanel,
    ExportError,
    Focus,
    PowerInterestPanel,
    TensionMatrixPanel,
    export_panel,
)

SELECTION = QColor("#E69F00")


@pytest.fixture
def ws():
    return build()


def make(qtbot, cls, ws, view=None, size=(640, 520)):
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(ws, analyze(ws), view)
    QApplication.processEvents()
    return panel


def ink(image: QImage, step: int = 3) -> tuple[int, int]:
    """(pixels that are not white, distinct colours) over a sample grid of the image."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    inked, colours = 0, set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            if rgb != 0xFFFFFF:
                inked += 1
    return inked, len(colours)


def count_colour(image: QImage, colour: QColor, tolerance: int = 12) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if (
                abs(c.red() - colour.red()) <= tolerance
                and abs(c.green() - colour.green()) <= tolerance
                and abs(c.blue() - colour.blue()) <= tolerance
            ):
                found += 1
    return found


def click(qtbot, panel, pos: QPoint) -> None:
    qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def tooltip(panel, pos: QPoint) -> str:
    viewport = panel.graphics.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    return panel.graphics.tip.text() if panel.graphics.tip.isVisible() else ""


# ------------------------------------------------------------------ rendering
@pytest.mark.parametrize("cls", PANEL_TYPES, ids=lambda c: c.__name__)
def test_each_panel_renders_something_offscreen(qtbot, ws, cls):
    panel = make(qtbot, cls, ws)
    inked, colours = ink(panel.grab().toImage())
    assert inked > 800, "the panel is (nearly) blank"
    assert colours > 20, "the panel has no chart colours"


# ------------------------------------------------------------- tension matrix
def strongest(findings, a, b):
    return next(f for f in findings if set(f.between) == {a, b})


def test_matrix_cells_hold_tensions_above_and_alliances_below(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    result = analyze(ws)
    uni, emp = stable_id("institutions"), stable_id("employers")
    i, j = sorted((panel.order.index(uni), panel.order.index(emp)))
    assert panel.finding_at(i, j) == strongest(result.tensions, uni, emp)
    for (row, column), findings in panel.cells.items():
        assert row != column
        assert all(f.sign == (-1 if column > row else 1) for f in findings)


def test_clicking_a_matrix_cell_requests_focus_on_its_path(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    uni, emp = stable_id("institutions"), stable_id("employers")
    expected = strongest(analyze(ws).tensions, uni, emp)
    row, column = sorted((uni, emp), key=panel.order.index)  # tensions sit above the diagonal
    with qtbot.waitSignal(panel.focus_requested, timeout=2000) as blocker:
        click(qtbot, panel, panel.cell_position(row, column))
    focus = blocker.args[0]
    assert isinstance(focus, Focus)
    assert focus.node_ids == frozenset(expected.path)
    assert focus.relation_ids == frozenset(expected.relations)
    assert {uni, emp} <= focus.node_ids and focus.relation_ids
    assert panel.cell_highlight.isVisible()


def test_clicking_an_alliance_cell_requests_its_path(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    smes, emp = stable_id("smes"), stable_id("employers")
    expected = strongest(analyze(ws).alliances, smes, emp)
    row, column = sorted((smes, emp), key=panel.order.index, reverse=True)  # below the diagonal
    with qtbot.waitSignal(panel.focus_requested, timeout=2000) as blocker:
        click(qtbot, panel, panel.cell_position(row, column))
    assert blocker.args[0] == Focus(frozenset(expected.path), frozenset(expected.relations))


def test_clicking_the_diagonal_or_a_row_label_selects_the_stakeholder(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    hr = stable_id("hr")
    with qtbot.waitSignal(panel.stakeholder_selected, timeout=2000) as blocker:
        click(qtbot, panel, panel.cell_position(hr, hr))
    assert blocker.args == [hr]
    learners = stable_id("learners")
    label_x = panel.graphics.mapFromScene(panel.left_axis.sceneBoundingRect().center()).x()
    pos = QPoint(label_x, panel.cell_position(learners, learners).y())
    assert "Learners and employees" in tooltip(panel, pos)
    with qtbot.waitSignal(panel.stakeholder_selected, timeout=2000) as blocker:
        click(qtbot, panel, pos)
    assert blocker.args == [learners]


def test_select_stakeholder_outlines_its_row_and_column(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    before = count_colour(panel.grab().toImage(), SELECTION)
    smes = stable_id("smes")
    panel.select_stakeholder(smes)
    i = panel.order.index(smes)
    assert panel.highlighted_row() == i
    assert panel.row_highlight.isVisible() and panel.column_highlight.isVisible()
    assert panel.column_highlight.rect().center().x() == pytest.approx(i)
    assert panel.left_axis.emphasised == i
    QApplication.processEvents()
    assert count_colour(panel.grab().toImage(), SELECTION) > before + 50
    panel.select_stakeholder(stable_id("scalability"))  # a driver is not in the matrix
    assert panel.highlighted_row() is None


def test_matrix_tooltip_is_plain_text_with_the_path(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    uni, emp = stable_id("institutions"), stable_id("employers")
    row, column = sorted((uni, emp), key=panel.order.index)
    text = tooltip(panel, panel.cell_position(row, column))
    finding = panel.finding_at(panel.order.index(row), panel.order.index(column))
    labels = {n.id: n.label for n in ws.nodes.values()}
    assert text.startswith("Tension:")
    assert all(labels[n] in text for n in finding.path)
    assert panel.graphics.tip.textFormat() == Qt.TextFormat.PlainText


def test_labels_that_look_like_markup_stay_literal(qtbot, ws):
    ws.add_node(Node("odd", "stakeholder", "<b>Board</b> & <i>co</i>", power=5, interest=1))
    ws.add_relation(Relation("odd-r", "odd", stable_id("scalability"), "opposes", 4))
    panel = make(qtbot, TensionMatrixPanel, ws)
    assert "<b>Board</b> & <i>co</i>" in panel.left_axis.full_labels
    i = panel.order.index("odd")
    text = tooltip(panel, panel.cell_position("odd", "odd"))
    assert text.startswith("<b>Board</b> & <i>co</i>")
    assert i == len(panel.order) - 1
    grid = make(qtbot, PowerInterestPanel, ws)
    assert grid.label_items["odd"].textItem.toPlainText().startswith("<b>Board</b>")


def test_matrix_follows_the_lens(qtbot, ws):
    full = make(qtbot, TensionMatrixPanel, ws)
    short = make(qtbot, TensionMatrixPanel, ws, apply_lens(ws, None, max_horizon="short"))
    assert len(short.cells) < len(full.cells)
    view = apply_lens(ws, None, max_horizon="short")
    for findings in short.cells.values():
        assert all(set(f.relations) <= view.relations for f in findings)
    employers_lens = ws.lenses[stable_id("lens-stakeholders-drivers")]
    narrow = make(qtbot, TensionMatrixPanel, ws, apply_lens(ws, employers_lens))
    assert set(narrow.order) == {stable_id("learners"), stable_id("institutions")}


def test_matrix_refreshes_live_when_the_map_changes(qtbot, ws):
    panel = make(qtbot, TensionMatrixPanel, ws)
    hr, smes = stable_id("hr"), stable_id("smes")
    cell = tuple(sorted((panel.order.index(hr), panel.order.index(smes))))
    assert panel.finding_at(*cell) is None
    ws.add_relation(Relation("new", hr, smes, "opposes", 5))
    panel.refresh(ws, analyze(ws), None)
    assert panel.finding_at(*cell).kind == "explicit"


# ------------------------------------------------------------ who benefits when
def test_benefits_bars_are_the_supportive_strength_by_horizon(qtbot, ws):
    panel = make(qtbot, BenefitsChartPanel, ws)
    learners = stable_id("learners")
    expected = {h: 0.0 for h in ("short", "medium", "long")}
    for rel in ws.relations.values():
        if rel.source == learners and rel.sign > 0 and rel.horizon in expected:
            expected[rel.horizon] += rel.strength
    drawn = {b.key[1]: b.height for b in panel.bars_item.bars if b.key[0] == learners}
    assert drawn == expected
    assert panel.legend.entries[0].text == "Short term"
    assert [e.hatch for e in panel.legend.entries] == ["", "/", "x"]  # greyscale-safe


def test_short_term_view_empties_the_long_bars(qtbot, ws):
    full = make(qtbot, BenefitsChartPanel, ws)
    assert any(b.height > 0 for b in full.bars_item.bars if b.key[1] == "long")
    short = make(qtbot, BenefitsChartPanel, ws, apply_lens(ws, None, max_horizon="short"))
    long_bars = [b for b in short.bars_item.bars if b.key[1] == "long"]
    assert len(long_bars) == len(short.order) and all(b.height == 0 for b in long_bars)
    assert all(b.height == 0 for b in short.bars_item.bars if b.key[1] == "medium")
    assert any(b.height > 0 for b in short.bars_item.bars if b.key[1] == "short")


def test_select_stakeholder_highlights_its_bars(qtbot, ws):
    panel = make(qtbot, BenefitsChartPanel, ws)
    assert panel.highlighted_bars() == []
    smes = stable_id("smes")
    panel.select_stakeholder(smes)
    bars = panel.highlighted_bars()
    assert {b.key[0] for b in bars} == {smes} and len(bars) == len(panel.horizons)
    assert panel.band.isVisible()
    assert panel.band.rect().center().x() == pytest.approx(panel.order.index(smes))
    panel.select_stakeholder(None)
    assert panel.highlighted_bars() == [] and not panel.band.isVisible()


def test_clicking_a_bar_selects_its_stakeholder(qtbot, ws):
    panel = make(qtbot, BenefitsChartPanel, ws)
    uni = stable_id("institutions")
    with qtbot.waitSignal(panel.stakeholder_selected, timeout=2000) as blocker:
        click(qtbot, panel, panel.bar_position(uni, "medium"))
    assert blocker.args == [uni]
    assert "Universities and colleges: medium term" in tooltip(panel, panel.bar_position(uni, "medium"))


# --------------------------------------------------------------- evidence chart
SURVEY = [
    ("Always", 0.0),
    ("Most of the time", 8.0),
    ("About half the time", 12.0),
    ("Sometimes", 40.0),
    ("Never", 40.0),
]


def test_survey_chart_shows_the_five_answers(qtbot, ws):
    panel = make(qtbot, EvidenceChartPanel, ws)
    assert panel.evidence_id == stable_id("survey")
    assert list(zip(panel.categories, panel.values, strict=True)) == SURVEY
    assert [b.width for b in panel.bars_item.bars] == [0, 8, 12, 40, 40]
    assert [t.textItem.toPlainText() for t in panel.value_items] == ["0%", "8%", "12%", "40%", "40%"]
    assert panel.title_label.text() == ws.evidence[stable_id("survey")].title
    assert "Nic Giolla Mhichil" in panel.citation_label.text()
    for label in (panel.title_label, panel.citation_label, panel.note_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert panel.axis.full_labels == [c for c, _ in SURVEY]


def test_evidence_picker_and_show_evidence(qtbot, ws):
    panel = make(qtbot, EvidenceChartPanel, ws)
    gallagher = stable_id("gallagher")
    with qtbot.waitSignal(panel.evidence_shown, timeout=2000) as blocker:
        panel.picker.setCurrentIndex(panel.picker.findData(gallagher))
    assert blocker.args == [gallagher]
    assert panel.values == [] and panel.empty_note.isVisible()
    assert "Gallagher" in panel.citation_label.text()
    panel.show_evidence(stable_id("survey"))
    assert panel.picker.currentData() == stable_id("survey")
    assert not panel.empty_note.isVisible()
    with qtbot.waitSignal(panel.focus_requested, timeout=2000) as blocker:
        qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    citing = {rid for rid, r in ws.relations.items() if stable_id("survey") in r.evidence}
    assert blocker.args[0].relation_ids == frozenset(citing) and citing


# ------------------------------------------------------------ power / interest
def test_power_interest_places_stakeholders_and_draws_tensions(qtbot, ws):
    ws.add_node(Node("unplaced", "stakeholder", "Professional bodies"))
    panel = make(qtbot, PowerInterestPanel, ws)
    learners = ws.node(stable_id("learners"))
    assert panel.positions[learners.id] == (learners.interest, learners.power)
    assert panel.not_placed == ["unplaced"]
    assert "Professional bodies" in panel.not_placed_label.text()
    tensions = analyze(ws).tensions
    pairs = {frozenset(f.between) for f in tensions if all(n in panel.positions for n in f.between)}
    assert {frozenset(k) for k in panel.links} == pairs and pairs
    assert len(panel.link_items) == len(pairs)
    pen = panel.link_items[0].opts["pen"]
    assert pen.color().name().upper() == "#D55E00" and pen.style() == Qt.PenStyle.CustomDashLine


def test_power_interest_click_and_selection(qtbot, ws):
    panel = make(qtbot, PowerInterestPanel, ws)
    hr = stable_id("hr")
    with qtbot.waitSignal(panel.stakeholder_selected, timeout=2000) as blocker:
        click(qtbot, panel, panel.point_position(hr))
    assert blocker.args == [hr]
    assert "Power 3, interest 3" in tooltip(panel, panel.point_position(hr))
    panel.select_stakeholder(hr)
    assert panel.highlighted() == hr
    xs, ys = panel.ring.getData()
    assert (xs[0], ys[0]) == panel.positions[hr]
    assert panel.label_items[hr].textItem.font().bold()


# --------------------------------------------------------------------- export
@pytest.mark.parametrize("cls", PANEL_TYPES, ids=lambda c: c.__name__)
def test_export_png_and_svg(qtbot, ws, tmp_path: Path, cls):
    panel = make(qtbot, cls, ws)
    png = export_panel(panel, tmp_path / "panel.png")
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() >= panel.figure.width() * 2 - 1  # twice the screen resolution
    inked, colours = ink(image, step=4)
    assert inked > 800 and colours > 20
    svg = export_panel(panel, tmp_path / "panel.svg")
    root = SafeET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    assert texts.strip(), "the SVG keeps text as text"
    assert QSvgRenderer(str(svg)).isValid()


def test_export_names_the_figures_text(qtbot, ws, tmp_path: Path):
    panel = make(qtbot, EvidenceChartPanel, ws)
    svg = export_panel(panel, tmp_path / "survey.svg")
    content = svg.read_text(encoding="utf-8")
    assert "Nic Giolla Mhichil" in content and "About half the time" in content
    with pytest.raises(ExportError):
        export_panel(panel, tmp_path / "survey.jpg")


def test_export_of_a_panel_never_shown(qtbot, ws, tmp_path: Path):
    panel = TensionMatrixPanel()
    qtbot.addWidget(panel)
    panel.refresh(ws, analyze(ws), None)
    image = QImage(str(export_panel(panel, tmp_path / "hidden.png")))
    assert not image.isNull() and ink(image, step=4)[0] > 1000
    assert not panel.isVisible()
    graphics = panel.graphics.geometry()
    assert panel.figure.rect().contains(graphics), "the chart is laid out inside the figure"
    assert panel.graphics.ci.geometry().width() == pytest.approx(graphics.width(), abs=1)


@pytest.mark.parametrize("cls", PANEL_TYPES, ids=lambda c: c.__name__)
def test_panels_compute_what_they_need_without_an_analysis_result(qtbot, ws, cls):
    """Without a result a panel analyses for itself: it shows exactly what it shows with one."""
    panel = make(qtbot, cls, ws)

    def shown(result, view) -> QImage:
        panel.refresh(ws, result, view)
        QApplication.processEvents()
        return panel.grab().toImage()

    medium = apply_lens(ws, None, max_horizon="medium")
    for view in (None, medium):
        with_result = shown(analyze(ws), view)
        assert ink(with_result)[0] > 800
        assert shown(None, view) == with_result
    panel.select_stakeholder(stable_id("learners"))
    panel.select_stakeholder(None)
    assert panel.grab().toImage() == with_result  # selecting and clearing leaves it as it was
