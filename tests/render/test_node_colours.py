"""A node's colour override is drawn (canvas, exports), with label text that keeps WCAG AA contrast."""

from __future__ import annotations

import random

from PySide6.QtGui import QColor, QImage

from tensionmap.model import Node, Workspace
from tensionmap.render.export import DiagramOptions, export_diagram
from tensionmap.render.node_colours import contrast, node_colours, parse_colour, text_colour


def test_label_contrast_meets_aa_for_any_fill():
    rng = random.Random(3)
    for _ in range(2000):
        fill = QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256))
        assert contrast(text_colour(fill), fill) >= 4.5, fill.name()
    assert text_colour(QColor("#FFCC00")).name() == "#1f1f1f"  # yEd's yellow keeps the usual dark text
    assert text_colour(QColor("#1B3A6B")).name() == "#ffffff"


def test_unusable_colours_fall_back_to_the_kind():
    assert parse_colour("bogus") is None and parse_colour("") is None
    assert node_colours(Node("a", "driver", "A", colour="not a colour")) is None
    assert node_colours(Node("a", "driver", "A")) is None
    assert node_colours(Node("a", "driver", "A", colour="royalblue")).fill.color().name() == "#4169e1"


def test_colour_override_is_drawn_in_exports(qapp, tmp_path):
    ws = Workspace("c")
    ws.add_node(Node("a", "stakeholder", "Yellow", colour="#FFCC00", x=0, y=0))
    ws.add_node(Node("b", "driver", "Plain", x=400, y=0))
    out = tmp_path / "c.png"
    export_diagram(ws, out, None, DiagramOptions(legend=False, caption="", width=1200))
    image = QImage(str(out))
    w, h = image.width(), image.height()
    colours = {image.pixelColor(x, y).name() for x in range(0, w, 3) for y in range(h)}
    assert "#ffcc00" in colours  # the override fills the stakeholder's box
    assert "#e3ecf3" in colours  # the driver without one keeps its kind's fill
