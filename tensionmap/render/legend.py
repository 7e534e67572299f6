"""The legend: the same key in the window, the exports and the report.

Drawn with a painter in device coordinates (no items), so the window can
paint it as a fixed overlay and exports can stamp it into a corner.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from . import style
from .edge_items import arrow_polygon, draw_opposition_markers
from .node_item import draw_glyph, outline_path
from .overlays import COALITION_COLOURS, COALITION_DASHES, COALITION_OUTLINES, draw_warning

ENTRIES: tuple[tuple[str, str], ...] = (
    ("stakeholder", "Stakeholder"),
    ("driver", "Driver"),
    ("support", "Supports / benefits / values"),
    ("allied", "Allied with (no direction)"),
    ("oppose", "Opposes / resists"),
    ("tension", "In tension with (no direction)"),
    ("related", "Related (neutral)"),
)
#: Keys the window adds while the analysis overlays are shown (exports do not draw them).
OVERLAY_ENTRIES: dict[str, str] = {
    "coalition_a": "Coalition A (halo)",
    "coalition_b": "Coalition B (halo)",
    "misfit": "Misfit tie: does not fit the coalitions",
}
ROW = 21.0
SWATCH = 42.0
PAD = 8.0


def legend_font() -> QFont:
    font = QFont()
    font.setPointSizeF(9.0)
    return style.without_ligatures(font)


def _entries(extras: Sequence[str]) -> list[tuple[str, str]]:
    return [*ENTRIES, *((key, OVERLAY_ENTRIES[key]) for key in extras if key in OVERLAY_ENTRIES)]


def legend_size(extras: Sequence[str] = (), scale: float = 1.0) -> tuple[float, float]:
    """(width, height) of the legend; ``extras`` are OVERLAY_ENTRIES keys, ``scale`` enlarges it all."""
    entries = _entries(extras)
    metrics = QFontMetricsF(legend_font())
    text = max(metrics.horizontalAdvance(label) for _, label in entries)
    return (PAD * 3 + SWATCH + text) * scale, (PAD * 2 + ROW * len(entries)) * scale


def paint_legend(
    painter: QPainter, top_left: QPointF, extras: Sequence[str] = (), scale: float = 1.0
) -> QRectF:
    """Draw the legend with its top-left corner at ``top_left``; returns the box drawn."""
    w, h = legend_size(extras, scale)
    drawn = QRectF(top_left, QPointF(top_left.x() + w, top_left.y() + h))
    w, h = w / scale, h / scale
    entries = _entries(extras)
    painter.save()
    painter.translate(top_left)
    painter.scale(scale, scale)
    box = QRectF(0, 0, w, h)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#C8C8C8"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 6, 6)
    painter.setFont(legend_font())
    for i, (key, label) in enumerate(entries):
        cy = box.top() + PAD + ROW * i + ROW / 2
        x0 = box.left() + PAD
        _swatch(painter, key, QRectF(x0, cy - ROW / 2 + 3, SWATCH, ROW - 6))
        painter.setPen(style.LABEL_COLOUR)
        painter.drawText(
            QRectF(x0 + SWATCH + PAD, cy - ROW / 2, w, ROW),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
    painter.restore()
    return drawn


def _swatch(painter: QPainter, key: str, r: QRectF) -> None:
    cy = r.center().y()
    if key in ("coalition_a", "coalition_b"):
        i = 0 if key == "coalition_a" else 1
        pen = QPen(COALITION_OUTLINES[i], 1.2)
        if COALITION_DASHES[i]:
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(list(COALITION_DASHES[i]))
        painter.setPen(pen)
        painter.setBrush(COALITION_COLOURS[i])
        painter.drawRoundedRect(r.adjusted(1, -1, -1, 1), 6, 6)
        return
    if key == "misfit":
        draw_warning(painter, QPointF(r.center().x(), cy))
        return
    if key in ("stakeholder", "driver"):
        fill = style.STAKEHOLDER_FILL if key == "stakeholder" else style.DRIVER_FILL
        border = style.STAKEHOLDER_BORDER if key == "stakeholder" else style.DRIVER_BORDER
        shape = r.adjusted(4, 0, -4, 0)
        painter.setPen(QPen(border, 1.3))
        painter.setBrush(fill)
        painter.drawPath(outline_path(key, shape, shape.height() * 0.32 if key == "driver" else 0.0))
        painter.save()
        painter.translate(r.center())
        painter.scale(0.8, 0.8)
        draw_glyph(painter, key, QPointF(0, 0))
        painter.restore()
        return
    edge = {
        "support": style.SUPPORT_STYLE,
        "allied": style.SUPPORT_STYLE,
        "oppose": style.OPPOSE_STYLE,
        "tension": style.OPPOSE_STYLE,
        "related": style.NEUTRAL_STYLE,
    }[key]
    directed = key in ("support", "oppose")
    x1, x2 = r.left(), r.right()
    painter.setPen(style.edge_pen(edge, 2.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawLine(QPointF(x1, cy), QPointF(x2 - (12 if directed else 0), cy))
    if directed:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge.colour)
        painter.drawPolygon(arrow_polygon(x1, cy, x2, cy, 1.5))
    if edge.marker:
        draw_opposition_markers(painter, [QPointF((x1 + x2) / 2 - 3, cy)], edge.colour)
