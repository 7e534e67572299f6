"""A node's own colour (imported from yEd, Gephi or Kumu, or set by hand), drawn legibly.

The colour override replaces the kind's fill only: the outline pen and the
shape (rounded box for stakeholders, hexagon for drivers) still tell the
kinds apart. The label (and the kind glyph) is drawn dark or light,
whichever contrasts more with the fill by the WCAG 2 formula, so the text
always keeps the 4.5:1 ratio of WCAG AA: our usual dark grey when it passes,
otherwise pure black or white, whichever contrasts more (one of the two
always gives at least 4.58:1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QBrush, QColor, QPen

from ..model import Node
from . import style

LIGHT_TEXT = QColor("#FFFFFF")
DARK_TEXT = QColor("#000000")
AA_RATIO = 4.5


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance (0 black .. 1 white)."""
    r, g, b = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1 .. 21)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(fill: QColor) -> QColor:
    """The label colour on ``fill``: the usual dark text when it meets AA, else black or white."""
    if contrast(style.LABEL_COLOUR, fill) >= AA_RATIO:
        return style.LABEL_COLOUR
    return LIGHT_TEXT if contrast(LIGHT_TEXT, fill) >= contrast(DARK_TEXT, fill) else DARK_TEXT


@dataclass(frozen=True)
class NodeColours:
    """Brushes and pens for a node with a colour override."""

    fill: QBrush
    label: QPen
    glyph: QBrush


def parse_colour(text: str | None) -> QColor | None:
    """The colour a node's override names (``#RRGGBB``, ``#RGB``, SVG names such as ``royalblue``)."""
    if not text or not text.strip():
        return None
    colour = QColor(text.strip())
    if not colour.isValid():
        return None
    colour.setAlpha(255)  # a translucent fill would let edges show through the label
    return colour


@lru_cache(maxsize=1024)
def _colours(text: str) -> NodeColours | None:
    fill = parse_colour(text)
    if fill is None:
        return None
    ink = text_colour(fill)
    return NodeColours(QBrush(fill), QPen(ink), QBrush(ink))


def node_colours(node: Node) -> NodeColours | None:
    """What a node's colour override draws with, or None to draw the kind's own colours."""
    return _colours(node.colour) if node.colour else None
