"""Diagram export: PNG, SVG and PDF drawn by the canvas's own scene."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import defusedxml.ElementTree as SafeET
import numpy as np
import pypdf
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tensionmap.examples import micro_credentials
from tensionmap.model import Node, Relation, Workspace
from tensionmap.render import MapScene, style, wrap_label
from tensionmap.render.export import (
    MAX_DPI,
    MAX_WIDTH,
    DiagramOptions,
    ExportCancelled,
    ExportError,
    diagram_bytes,
    export_diagram,
    format_for_path,
)
from tensionmap.render.export_sheet import ExportScene, layout_sheet

ROOT = Path(__file__).resolve().parents[2]
SVG_NS = "{http://www.w3.org/2000/svg}"
VERMILLION = style.OPPOSE_COLOUR


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> QApplication:
    return qapp


def spread_map(title: str = "Spread map") -> Workspace:
    """Two stakeholders and two drivers well apart; one support, one opposition, one neutral."""
    ws = Workspace(title)
    ws.add_node(Node("s1", "stakeholder", "Universities", x=-320, y=-160))
    ws.add_node(Node("s2", "stakeholder", "Employers", x=320, y=-160))
    ws.add_node(Node("d1", "driver", "Scalability", x=-320, y=160))
    ws.add_node(Node("d2", "driver", "Specificity", x=320, y=160))
    ws.add_relation(Relation("r1", "s1", "d1", "supports", 4))
    ws.add_relation(Relation("r2", "s2", "d1", "opposes", 5))
    ws.add_relation(Relation("r3", "s1", "s2", "related", 2))
    return ws


# ------------------------------------------------------------------ helpers
def load_png(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull(), path
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def rgba(image: QImage) -> np.ndarray:
    """The pixels as an (height, width, 4) array of R, G, B, A bytes."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    rows = rows.reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def count_near(image: QImage, colour: QColor, tolerance: int = 28) -> int:
    """Opaque pixels within ``tolerance`` of ``colour`` in every channel."""
    px = rgba(image).astype(int)
    target = np.array([colour.red(), colour.green(), colour.blue()])
    close = (np.abs(px[..., :3] - target) <= tolerance).all(axis=-1) & (px[..., 3] > 200)
    return int(close.sum())


def svg_texts(data: bytes) -> list[str]:
    root = SafeET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def pdf_text(data: bytes | Path) -> str:
    import io

    reader = pypdf.PdfReader(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())  # ligatures such as "fi", tabs


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------- PNG
def test_png_is_drawn_with_vermillion_for_an_opposing_relation(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = export_diagram(spread_map(), out, None, DiagramOptions(legend=False))
    assert result.fmt == "png" and result.nodes == 4 and result.relations == 3
    image = load_png(out)
    assert (image.width(), image.height()) == (result.width, result.height)
    px = rgba(image)
    colours = np.unique(px.view(np.uint32))
    assert len(colours) > 50  # not blank: shapes, text, edges, antialiasing
    assert count_near(image, VERMILLION) > 20
    assert count_near(image, style.SUPPORT_COLOUR) > 20
    assert count_near(image, style.STAKEHOLDER_FILL, 6) > 200
    assert count_near(image, style.DRIVER_FILL, 6) > 200


def test_png_dpi_and_width_are_respected(tmp_path: Path) -> None:
    ws = spread_map()
    low = export_diagram(ws, tmp_path / "96.png", None, DiagramOptions(dpi=96))
    high = export_diagram(ws, tmp_path / "288.png", None, DiagramOptions(dpi=288))
    assert abs(high.width - 3 * low.width) <= 2 and abs(high.height - 3 * low.height) <= 2
    assert load_png(tmp_path / "288.png").dotsPerMeterX() * 0.0254 == pytest.approx(288, abs=0.5)
    assert load_png(tmp_path / "96.png").dotsPerMeterX() * 0.0254 == pytest.approx(96, abs=0.5)
    sized = export_diagram(ws, tmp_path / "w.png", None, DiagramOptions(width=1000))
    image = load_png(tmp_path / "w.png")
    assert image.width() == sized.width == 1000
    assert image.height() == pytest.approx(1000 * low.height / low.width, abs=2)
    both = export_diagram(ws, tmp_path / "both.png", None, DiagramOptions(width=500, dpi=300))
    assert both.width == 500
    assert load_png(tmp_path / "both.png").dotsPerMeterX() * 0.0254 == pytest.approx(300, abs=0.5)


def test_png_default_is_twice_screen_size_and_opaque(tmp_path: Path) -> None:
    ws = spread_map()
    base = export_diagram(ws, tmp_path / "1.png", None, DiagramOptions(dpi=96))
    default = export_diagram(ws, tmp_path / "d.png")
    assert abs(default.width - 2 * base.width) <= 2
    image = QImage(str(tmp_path / "d.png"))
    assert not image.hasAlphaChannel()
    assert image.pixelColor(0, 0) == QColor("#FFFFFF")


def test_png_transparent_background_has_alpha(tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    export_diagram(spread_map(), out, None, DiagramOptions(transparent=True))
    raw = QImage(str(out))
    assert raw.hasAlphaChannel()
    image = load_png(out)
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(image.width() // 2, image.height() - 1).alpha() == 0
    alpha = rgba(image)[..., 3]
    assert (alpha == 0).mean() > 0.5 and (alpha == 255).sum() > 1000  # the nodes are still drawn solid
    assert count_near(image, VERMILLION) > 20


# --------------------------------------------------------------------- SVG
def test_svg_parses_and_keeps_labels_as_text(tmp_path: Path) -> None:
    ws = micro_credentials.build()
    out = tmp_path / "map.svg"
    export_diagram(ws, out)
    data = out.read_bytes()
    texts = svg_texts(data)
    for node in ws.nodes.values():
        for line in wrap_label(node.label):
            assert line in texts, line
    root = SafeET.fromstring(data)
    assert root.find(f"{SVG_NS}title").text == ws.title
    shapes = [el for el in root.iter() if el.tag in (f"{SVG_NS}path", f"{SVG_NS}polyline", f"{SVG_NS}rect")]
    assert len(shapes) > len(ws.nodes)  # vector shapes, not a picture
    assert root.find(f".//{SVG_NS}image") is None
    dashed = [el for el in root.iter() if "stroke-dasharray" in el.attrib]
    assert dashed  # opposing and neutral relations keep their dash pattern


def test_svg_width_and_viewbox_follow_the_sheet(tmp_path: Path) -> None:
    result = export_diagram(spread_map(), tmp_path / "m.svg")
    root = SafeET.fromstring((tmp_path / "m.svg").read_bytes())
    assert root.attrib["viewBox"] == f"0 0 {result.width} {result.height}"


# --------------------------------------------------------------------- PDF
def test_pdf_text_layer_holds_the_labels(tmp_path: Path) -> None:
    ws = micro_credentials.build()
    out = tmp_path / "map.pdf"
    result = export_diagram(ws, out)
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdf_text(out)
    for node in ws.nodes.values():
        assert flat(node.label) in text or all(line in text for line in wrap_label(node.label)), node.label
    assert ws.title in text
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (result.width, result.height)
    assert reader.metadata.title == ws.title


# ------------------------------------------------------------------ legend
@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_legend_is_there_by_default_and_can_be_turned_off(fmt: str) -> None:
    ws = spread_map()

    def words(data: bytes) -> str:
        return " ".join(svg_texts(data)) if fmt == "svg" else pdf_text(data)

    with_legend = words(diagram_bytes(ws, fmt))
    without = words(diagram_bytes(ws, fmt, DiagramOptions(legend=False)))
    for word in ("Stakeholder", "Driver", "Supports", "Opposes", "In tension with", "Related"):
        assert word in with_legend
        assert word not in without
    assert "Universities" in with_legend and "Universities" in without


def test_legend_changes_the_png_and_keeps_clear_of_the_map(tmp_path: Path) -> None:
    ws = spread_map()
    on = export_diagram(ws, tmp_path / "on.png", None, DiagramOptions(dpi=96))
    off = export_diagram(ws, tmp_path / "off.png", None, DiagramOptions(dpi=96, legend=False))
    assert (on.width, on.height) != (off.width, off.height)
    assert count_near(load_png(tmp_path / "off.png"), style.NEUTRAL_COLOUR, 10) > 0


@pytest.mark.parametrize(
    "positions",
    [
        [(-1500, 0), (1500, 0), (0, 40)],  # wide and flat: legend below
        [(0, -1500), (0, 1500), (40, 0)],  # tall and narrow: legend beside
        [(0, 0)],  # a single node, smaller than the legend
    ],
)
def test_legend_never_overlaps_the_map(positions: list[tuple[int, int]]) -> None:
    ws = Workspace("Shapes")
    for i, (x, y) in enumerate(positions):
        ws.add_node(Node(f"n{i}", "driver", f"Node {i}", x=x, y=y))
    scene = ExportScene(ws)
    sheet = layout_sheet(scene, legend=True, caption="A title")
    from tensionmap.render import legend_size

    lw, lh = legend_size()
    legend = QRectF(sheet.legend_at, sheet.legend_at + type(sheet.legend_at)(lw, lh))
    shown = QRectF(sheet.map_at, sheet.source.size())
    assert not legend.intersects(shown)
    assert not legend.intersects(sheet.caption_rect) and not shown.intersects(sheet.caption_rect)
    whole = QRectF(0, 0, sheet.width, sheet.height)
    assert whole.contains(legend) and whole.contains(shown) and whole.contains(sheet.caption_rect)
    scene.detach()


# -------------------------------------------------------------------- lens
def test_visible_nodes_drop_the_other_labels_and_their_relations() -> None:
    ws = spread_map()
    texts = " ".join(
        svg_texts(diagram_bytes(ws, "svg", DiagramOptions(visible_nodes={"s1", "d1", "gone"}, legend=False)))
    )
    assert "Universities" in texts and "Scalability" in texts
    assert "Employers" not in texts and "Specificity" not in texts
    texts = " ".join(
        svg_texts(diagram_bytes(ws, "svg", DiagramOptions(visible_nodes=lambda n: n.kind == "driver")))
    )
    assert "Scalability" in texts and "Specificity" in texts and "Universities" not in texts
    pdf = pdf_text(diagram_bytes(ws, "pdf", DiagramOptions(visible_nodes=["s2"], legend=False)))
    assert "Employers" in pdf and "Universities" not in pdf


def test_visible_relations_restrict_the_edges(tmp_path: Path) -> None:
    ws = spread_map()
    export_diagram(ws, tmp_path / "all.png", None, DiagramOptions(legend=False))
    export_diagram(ws, tmp_path / "some.png", None, DiagramOptions(legend=False, visible_relations={"r1"}))
    export_diagram(
        ws, tmp_path / "pred.png", None, DiagramOptions(legend=False, visible_relations=lambda r: r.sign > 0)
    )
    # the opposition (s2 -> d1) loses its end when s2 is hidden
    result = export_diagram(
        ws, tmp_path / "ends.png", None, DiagramOptions(legend=False, visible_nodes={"s1", "d1", "d2"})
    )
    assert result.relations == 1
    assert count_near(load_png(tmp_path / "all.png"), VERMILLION) > 20
    for name in ("some", "pred", "ends"):
        image = load_png(tmp_path / f"{name}.png")
        assert count_near(image, VERMILLION) == 0, name
        assert count_near(image, style.SUPPORT_COLOUR) > 20, name


def test_a_single_string_is_not_taken_for_a_set_of_ids() -> None:
    with pytest.raises(ExportError, match="visible_nodes"):
        diagram_bytes(spread_map(), "svg", DiagramOptions(visible_nodes="s1"))


# ---------------------------------------------------------------- plain text
def test_html_like_labels_are_drawn_literally(tmp_path: Path) -> None:
    ws = Workspace("<i>Title</i> & co")
    label = "<b>x</b><img src=y>"
    ws.add_node(Node("a", "stakeholder", label, x=0, y=0))
    ws.add_node(Node("b", "driver", "R&D &amp; more", x=300, y=0))
    ws.add_relation(Relation("r", "a", "b", "opposes"))
    svg = diagram_bytes(ws, "svg")
    texts = svg_texts(svg)
    assert label in texts and "R&D &amp; more" in texts and "<i>Title</i> & co" in texts
    root = SafeET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.endswith("}img") or el.tag.endswith("}b")]
    assert root.find(f".//{SVG_NS}image") is None
    pdf = pdf_text(diagram_bytes(ws, "pdf"))
    assert label in pdf and "R&D &amp; more" in pdf


# ----------------------------------------------------------- what is left out
def test_selection_and_hover_never_reach_an_export(tmp_path: Path) -> None:
    ws = spread_map()
    canvas = MapScene(ws)  # what the window shows, with everything selected and hovered
    canvas.select_ids(ws.nodes, ws.relations)
    for item in [*canvas.node_items.values(), *canvas.relation_items.values()]:
        item.hovered = True
    export_diagram(ws, tmp_path / "m.png", None, DiagramOptions(legend=False))
    image = load_png(tmp_path / "m.png")
    assert count_near(image, style.SELECTION_COLOUR, 20) == 0
    assert count_near(image, style.HOVER_COLOUR, 20) == 0
    canvas.detach()


def test_no_widget_is_shown_and_the_workspace_is_left_alone(tmp_path: Path) -> None:
    ws = spread_map()
    before = ws.content()
    listeners = len(ws._listeners)
    shown_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    for fmt in ("png", "svg", "pdf"):
        export_diagram(ws, tmp_path / f"m.{fmt}")
        export_diagram(ws, tmp_path / f"lens.{fmt}", None, DiagramOptions(visible_nodes={"s1"}))
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in shown_before]
    assert ws.content() == before
    assert len(ws._listeners) == listeners  # the export scene let go of the workspace


def test_caption_is_the_title_unless_given() -> None:
    ws = spread_map("Workshop 3: employers' view")
    assert "Workshop 3: employers' view" in svg_texts(diagram_bytes(ws, "svg"))
    texts = svg_texts(diagram_bytes(ws, "svg", DiagramOptions(caption="Short term only")))
    assert "Short term only" in texts and "Workshop 3: employers' view" not in texts
    assert "Workshop 3: employers' view" not in svg_texts(
        diagram_bytes(ws, "svg", DiagramOptions(caption=""))
    )


def test_an_empty_map_still_exports(tmp_path: Path) -> None:
    ws = Workspace("Nothing yet")
    for fmt in ("png", "svg", "pdf"):
        result = export_diagram(ws, tmp_path / f"e.{fmt}")
        assert result.nodes == 0 and (tmp_path / f"e.{fmt}").stat().st_size > 0


# ----------------------------------------------------------------- formats
def test_format_comes_from_the_extension_or_the_argument(tmp_path: Path) -> None:
    ws = spread_map()
    assert format_for_path("A.PNG") == "png" and format_for_path("x.svg") == "svg"
    assert format_for_path("x.dat", ".PDF") == "pdf"
    export_diagram(ws, tmp_path / "UPPER.PNG")
    assert (tmp_path / "UPPER.PNG").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    export_diagram(ws, tmp_path / "map.dat", "pdf")
    assert (tmp_path / "map.dat").read_bytes().startswith(b"%PDF-")
    export_diagram(ws, tmp_path / "map.bin", fmt="SVG")
    assert b"<svg" in (tmp_path / "map.bin").read_bytes()[:400]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"out_path": "map.jpg"}, "export format"),
        ({"out_path": "map"}, "export format"),
        ({"out_path": "map.png", "fmt": "gif"}, "unknown export format"),
        ({"out_path": "map.png", "dpi": 0}, "dpi"),
        ({"out_path": "map.png", "dpi": -72}, "dpi"),
        ({"out_path": "map.png", "dpi": MAX_DPI + 1}, "dpi"),
        ({"out_path": "map.png", "dpi": float("nan")}, "dpi"),
        ({"out_path": "map.png", "dpi": "300"}, "dpi"),
        ({"out_path": "map.png", "dpi": True}, "dpi"),
        ({"out_path": "map.png", "width": 0}, "width"),
        ({"out_path": "map.png", "width": -5}, "width"),
        ({"out_path": "map.png", "width": MAX_WIDTH + 1}, "width"),
        ({"out_path": "map.png", "width": 800.5}, "width"),
        ({"out_path": "map.svg", "dpi": 9999}, "dpi"),  # checked for every format
        ({"out_path": "missing/folder/map.png"}, "does not exist"),
        ({"out_path": "."}, "export format"),
    ],
)
def test_bad_arguments_raise_one_line_errors(tmp_path: Path, kwargs: dict[str, object], match: str) -> None:
    kwargs = dict(kwargs)
    out_path = tmp_path / str(kwargs.pop("out_path"))
    with pytest.raises(ExportError, match=match) as info:
        fmt = kwargs.pop("fmt", None)
        export_diagram(spread_map(), out_path, fmt, DiagramOptions(**kwargs))  # wrong types on purpose
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)
    assert not list(tmp_path.rglob("*.png")) and not list(tmp_path.rglob("*.part"))


def test_a_directory_or_a_too_big_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken.png").mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        export_diagram(spread_map(), tmp_path / "taken.png")
    with pytest.raises(ExportError, match="pixels"):
        export_diagram(spread_map(), tmp_path / "huge.png", None, DiagramOptions(dpi=MAX_DPI))
    assert not (tmp_path / "huge.png").exists()


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    out.write_text("old")
    export_diagram(spread_map(), out)
    assert out.read_bytes().lstrip().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


def test_progress_reports_and_can_cancel(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_diagram(spread_map(), tmp_path / "m.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(ExportCancelled):
        export_diagram(spread_map(), tmp_path / "c.pdf", progress=lambda done, total: done < 2)
    assert not (tmp_path / "c.pdf").exists()


# ---------------------------------------------------- no QApplication needed
def test_export_works_without_a_qapplication(tmp_path: Path) -> None:
    """A fresh interpreter with no display and no QT_QPA_PLATFORM: the export makes its own app."""
    script = textwrap.dedent(
        f"""
        from PySide6.QtCore import QCoreApplication
        from tensionmap.examples import micro_credentials
        from tensionmap.render.export import export_diagram
        assert QCoreApplication.instance() is None
        ws = micro_credentials.build()
        for ext in ("png", "svg", "pdf"):
            export_diagram(ws, {str(tmp_path)!r} + "/solo." + ext)
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Learners and employees" in pdf_text(tmp_path / "solo.pdf")
    assert load_png(tmp_path / "solo.png").width() > 1000


def test_a_bare_qguiapplication_gets_a_clear_error() -> None:
    """QGraphicsScene needs QApplication; with only a QGuiApplication the export refuses, not crashes."""
    script = textwrap.dedent(
        """
        from PySide6.QtGui import QGuiApplication
        from tensionmap.examples import micro_credentials
        from tensionmap.render.export import ExportError, diagram_bytes
        app = QGuiApplication([])
        try:
            diagram_bytes(micro_credentials.build(), "svg")
        except ExportError as exc:
            print(exc)
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "needs a QApplication" in done.stdout
