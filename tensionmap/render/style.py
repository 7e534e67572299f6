"""The visual language of a map, in one place.

Window, PNG/SVG/PDF export and report all draw from these constants, so the
map looks the same everywhere. Colours follow Okabe-Ito (colour-blind safe),
and every meaning colour carries is repeated by shape, dash or marker so the
map still reads in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

from ..model import RELATION_SIGNS, SYMMETRIC_TYPES

# Relations, by sign.
SUPPORT_COLOUR = QColor("#0072B2")
OPPOSE_COLOUR = QColor("#D55E00")
NEUTRAL_COLOUR = QColor("#7F7F7F")

# Nodes: warm neutral for stakeholders (people), cool neutral for drivers (forces).
STAKEHOLDER_FILL = QColor("#F6EBDD")
STAKEHOLDER_BORDER = QColor("#8A6A45")
STAKEHOLDER_GLYPH = QColor("#8A6A45")
DRIVER_FILL = QColor("#E3ECF3")
DRIVER_BORDER = QColor("#4D6B82")
DRIVER_GLYPH = QColor("#4D6B82")
LABEL_COLOUR = QColor("#1F1F1F")

SELECTION_COLOUR = QColor("#E69F00")  # Okabe-Ito orange: distinct from both edge hues
HOVER_COLOUR = QColor("#56B4E9")  # Okabe-Ito sky blue
BACKGROUND = QColor("#FFFFFF")
#: Opacity of what recedes behind a focus: outside a lens, off a highlighted path.
DIM_OPACITY = 0.2

WRAP_CHARS = 24
LABEL_POINT_SIZE = 11.0  # at least 10 pt at 100% zoom, so labels read on a projector
NODE_PAD_X = 12.0
NODE_PAD_Y = 8.0
GLYPH_SIZE = 14.0
MIN_NODE_WIDTH = 72.0
CORNER_RADIUS = 9.0

# Pen width per strength 1..5, in scene units.
STRENGTH_WIDTHS = {1: 1.2, 2: 1.8, 3: 2.5, 4: 3.3, 5: 4.2}
ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.5
MARKER_RADIUS = 7.5
# Below this zoom the map is an overview: text and markers are left out
# (they would be a few pixels tall) and dashes are drawn solid.
DETAIL_LOD = 0.35
# Nodes keep their outline, glyph and label down to this scale (labels about 3 px tall): below
# it a node is a plain box. Lower than DETAIL_LOD, since a fitted map with its nodes enlarged
# (the canvas's label floor) must never lose its labels.
NODE_DETAIL_LOD = 0.2


def label_font() -> QFont:
    """The map label font: the platform UI font at the map label size."""
    font = QFont()
    font.setPointSizeF(LABEL_POINT_SIZE)
    return without_ligatures(font)


def without_ligatures(font: QFont) -> QFont:
    """``font`` with its optional ligatures switched off, so text copied from a PDF is what was typed.

    With ligatures on, "fi" in "Specificity" is drawn (and put in the PDF's text) as one
    glyph, U+FB01; copy-paste and plain-text extraction then give "ﬁ". Required
    ligatures (``rlig``, e.g. in Arabic) stay on.
    """
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


@dataclass(frozen=True)
class EdgeStyle:
    """How relations of one sign are stroked."""

    name: str
    colour: QColor
    pen_style: Qt.PenStyle
    dash_pattern: tuple[float, ...] = ()
    marker: bool = False


SUPPORT_STYLE = EdgeStyle("supportive", SUPPORT_COLOUR, Qt.PenStyle.SolidLine)
OPPOSE_STYLE = EdgeStyle("opposing", OPPOSE_COLOUR, Qt.PenStyle.CustomDashLine, (4.0, 2.5), marker=True)
NEUTRAL_STYLE = EdgeStyle("neutral", NEUTRAL_COLOUR, Qt.PenStyle.CustomDashLine, (1.0, 2.0))

STYLE_BY_SIGN: dict[int, EdgeStyle] = {1: SUPPORT_STYLE, -1: OPPOSE_STYLE, 0: NEUTRAL_STYLE}


def edge_style(relation_type: str) -> EdgeStyle:
    return STYLE_BY_SIGN[RELATION_SIGNS[relation_type]]


def is_directed(relation_type: str) -> bool:
    """Directed types get an arrowhead; symmetric ones (in tension with, related) do not."""
    return relation_type not in SYMMETRIC_TYPES


def strength_width(strength: int) -> float:
    return STRENGTH_WIDTHS.get(int(strength), STRENGTH_WIDTHS[3])


def edge_pen(style: EdgeStyle, width: float, *, detailed: bool = True) -> QPen:
    """The pen for one sign and width; ``detailed=False`` drops dashes in overviews."""
    pen = QPen(style.colour, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    if detailed and style.dash_pattern:
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern(list(style.dash_pattern))  # flat caps: round-capped dots are 3x slower
    return pen


RELATION_WORDS: dict[str, str] = {t: t.replace("_", " ") for t in RELATION_SIGNS}
