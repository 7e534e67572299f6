"""The legend: the same key in the window, the exports and the report.

Drawn with a painter in device coordinates (no items), so the window can
paint it as a fixed overlay and exports can stamp it into a corner.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from . import style
from .edge_items import arrow_polygon, draw_opposition_markers
from .node_item import draw_glyph, outline_path

ENTRIES: tuple[tuple[str, str], ...] = (
    ("stakeholder", "Stakeholder"),
    ("driver", "Driver"),
    ("support", "Supports / benefits / values"),
    ("allied", "Allied with (no direction)"),
    ("oppose", "Opposes / resists"),
    ("tension", "In tension with (no direction)"),
    ("related", "Related (neutral)"),
)
ROW = 21.0
SWATCH = 42.0
PAD = 8.0


def legend_font() -> QFont:
    font = QFont()
    font.setPointSizeF(9.0)
    return style.without_ligatures(font)


def legend_size() -> tuple[float, float]:
    metrics = QFontMetricsF(legend_font())
    text = max(metrics.horizontalAdvance(label) for _, label in ENTRIES)
    return PAD * 3 + SWATCH + text, PAD * 2 + ROW * len(ENTRIES)


def paint_legend(painter: QPainter, top_left: QPointF) -> QRectF:
    """Draw the legend with its top-left corner at ``top_left``; returns the box drawn."""
    w, h = legend_size()
    box = QRectF(top_left, QPointF(top_left.x() + w, top_left.y() + h))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#C8C8C8"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 6, 6)
    painter.setFont(legend_font())
    for i, (key, label) in enumerate(ENTRIES):
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
    return box


def _swatch(painter: QPainter, key: str, r: QRectF) -> None:
    cy = r.center().y()
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
