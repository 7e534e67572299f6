"""The Qt side of diagram export: the sheet (caption, map, legend) and its three encodings.

A sheet is laid out in scene units (logical pixels at 100% zoom) and painted
by one function, ``paint_sheet``, onto a QImage, a QSvgGenerator or a
QPdfWriter. The map itself is always ``MapScene.render``: the canvas's items
drawing themselves, so an export looks like the window.
"""

from __future__ import annotations

import math
import os
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from . import style
from .legend import legend_size, paint_legend
from .scene import MapScene

#: ``progress(done, total)``; returning False cancels the export.
Progress = Callable[[int, int], object]

DEFAULT_SCALE = 2.0  # PNG pixels per scene unit when neither dpi nor width is given
OUTER = 16.0  # blank border of the sheet
MAP_MARGIN = 24.0  # around the map's items
GAP = 20.0  # between the map and the legend
CAPTION_GAP = 4.0
CAPTION_COLOUR = QColor("#4A4A4A")
PDF_MAX_INCHES = 200.0  # the largest page PDF readers accept (14400 pt)
_EMPTY_SVG_PATH = re.compile(rb'<path[^<>]*\sd=""\s*/>\n?')
_CAPTION_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)

# The QApplication an export had to create: kept alive for the rest of the process.
_CREATED: list[QApplication] = []


class ExportError(ValueError):
    """An export that cannot be done as asked; the message is one line for the user."""


class ExportCancelled(ExportError):
    """The progress callback asked to stop; nothing was written."""


def ensure_application() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display).

    Scenes, fonts and text layout need a QApplication; a bare
    QGuiApplication/QCoreApplication is not enough (QGraphicsScene crashes).
    """
    app = QCoreApplication.instance()
    if app is None:
        if threading.current_thread() is not threading.main_thread():
            raise ExportError("export needs a QApplication: create one in the main thread first")
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if headless and sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([(sys.argv[0] if sys.argv and sys.argv[0] else "tensionmap")])
        _CREATED.append(app)
    elif not isinstance(app, QApplication):
        raise ExportError(f"export needs a QApplication, but a {type(app).__name__} is running")
    return app


def logical_dpi() -> float:
    """Dots per inch that fonts are measured at: one scene unit is one such dot."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    return dpi if dpi > 0 else 96.0


class ExportScene(MapScene):
    """The canvas's MapScene, minus its own background: the sheet paints (or omits) it once."""

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        return


def caption_font() -> QFont:
    font = QFont()
    font.setPointSizeF(10.0)
    font.setWeight(QFont.Weight.DemiBold)
    return style.without_ligatures(font)


@dataclass(frozen=True)
class Sheet:
    """Where everything goes, in scene units; the sheet spans (0, 0, width, height)."""

    width: float
    height: float
    source: QRectF | None  # the part of the scene drawn (map plus margin)
    map_at: QPointF  # where that part's top-left corner lands on the sheet
    legend_at: QPointF | None
    caption: str
    caption_rect: QRectF | None


def layout_sheet(scene: MapScene, *, legend: bool, caption: str) -> Sheet:
    """Caption on top, the map under it, the legend beside or below the map (whichever is smaller)."""
    items = scene.map_rect()
    source = items.adjusted(-MAP_MARGIN, -MAP_MARGIN, MAP_MARGIN, MAP_MARGIN) if not items.isEmpty() else None
    mw, mh = (source.width(), source.height()) if source is not None else (0.0, 0.0)
    lw, lh = legend_size() if legend else (0.0, 0.0)
    beside = below = (max(mw, lw), max(mh, lh))
    if legend and source is not None:
        beside = (mw + GAP + lw, max(mh, lh))
        below = (max(mw, lw), mh + GAP + lh)
    on_right = legend and source is not None and beside[0] * beside[1] <= below[0] * below[1]
    body_w, body_h = beside if on_right else below
    caption = " ".join(caption.split())  # one paragraph: a caption, not a document
    caption_rect = None
    top = OUTER
    if caption:
        width = max(body_w, 240.0)
        bound = QFontMetricsF(caption_font()).boundingRect(QRectF(0, 0, width, 1e6), _CAPTION_FLAGS, caption)
        caption_rect = QRectF(OUTER, OUTER, width, math.ceil(bound.height()) + 1.0)
        top += caption_rect.height() + CAPTION_GAP
        body_w = max(body_w, min(bound.width(), width))
    legend_at = None
    if legend:
        legend_at = (
            QPointF(OUTER + mw + GAP, top) if on_right else QPointF(OUTER, top + (mh + GAP if mh else 0.0))
        )
    width = math.ceil(max(body_w, 1.0) + 2 * OUTER)
    height = math.ceil(top + max(body_h, 1.0) + OUTER)
    return Sheet(float(width), float(height), source, QPointF(OUTER, top), legend_at, caption, caption_rect)


def paint_sheet(painter: QPainter, scene: MapScene, sheet: Sheet, *, transparent: bool) -> None:
    """Draw the sheet with the painter's current transform mapping scene units to the device."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    if not transparent:
        painter.fillRect(QRectF(0, 0, sheet.width, sheet.height), style.BACKGROUND)
    if sheet.caption_rect is not None:
        painter.save()
        painter.setFont(caption_font())
        painter.setPen(CAPTION_COLOUR)
        painter.drawText(sheet.caption_rect, _CAPTION_FLAGS, sheet.caption)  # plain text, never markup
        painter.restore()
    if sheet.source is not None:
        # Render a rectangle that holds the edge layers' whole bounds: the crop is
        # then the sheet's edge, and each layer draws its cached paths instead of
        # clipping thousands of segments to an exposed rectangle. Nothing lies
        # outside the crop (items sit inside the map), so nothing spills onto
        # the caption or the legend.
        reach = QRectF(sheet.source)
        for layer in scene.layers.values():
            reach = reach.united(layer.sceneBoundingRect())
        reach.adjust(-2.0, -2.0, 2.0, 2.0)
        offset = reach.topLeft() - sheet.source.topLeft()
        target = QRectF(sheet.map_at + offset, reach.size())
        scene.render(painter, target, reach, Qt.AspectRatioMode.IgnoreAspectRatio)
    if sheet.legend_at is not None:
        paint_legend(painter, sheet.legend_at)


def _buffer() -> QBuffer:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    return buf


def _begin(painter: QPainter, device: object, what: str) -> None:
    if not painter.begin(device):  # type: ignore[arg-type]  # QPdfWriter/QSvgGenerator/QImage are paint devices
        raise ExportError(f"could not start the {what} writer")


def encode_png(
    scene: MapScene, sheet: Sheet, scale: float, dpi: float, transparent: bool
) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes at ``scale`` device pixels per scene unit, recording ``dpi`` in the file."""
    px_w, px_h = max(1, round(sheet.width * scale)), max(1, round(sheet.height * scale))
    image = QImage(px_w, px_h, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"not enough memory for a {px_w} x {px_h} pixel image")
    # Fonts are sized by the device's DPI: draw at the screen's, so labels fit their shapes.
    dots = round(logical_dpi() / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(Qt.GlobalColor.transparent if transparent else style.BACKGROUND)
    painter = QPainter()
    _begin(painter, image, "PNG")
    try:
        painter.scale(px_w / sheet.width, px_h / sheet.height)
        paint_sheet(painter, scene, sheet, transparent=transparent)
    finally:
        painter.end()
    if not transparent:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    dots = max(1, round(dpi / 0.0254))
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    buf = _buffer()
    if not image.save(buf, "PNG"):
        raise ExportError("could not encode the PNG")
    return bytes(buf.data().data()), (px_w, px_h)


def encode_svg(scene: MapScene, sheet: Sheet, transparent: bool, title: str) -> tuple[bytes, tuple[int, int]]:
    """SVG bytes: vector shapes, labels as ``<text>``, one user unit per scene unit."""
    w, h = int(sheet.width), int(sheet.height)
    buf = _buffer()
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(w, h))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setResolution(round(logical_dpi()))
    gen.setTitle(title)
    gen.setDescription("Stakeholder map exported by tensionmap")
    painter = QPainter()
    _begin(painter, gen, "SVG")
    try:
        paint_sheet(painter, scene, sheet, transparent=transparent)
    finally:
        painter.end()
    # An empty path (e.g. no arrowheads in a layer) becomes <path d=""/>, which some readers flag.
    data = _EMPTY_SVG_PATH.sub(b"", bytes(buf.data().data()))
    return data, (w, h)


def encode_pdf(scene: MapScene, sheet: Sheet, transparent: bool, title: str) -> tuple[bytes, tuple[int, int]]:
    """One-page PDF bytes sized to the sheet (shrunk to fit 200 inches), with searchable text."""
    dpi = round(logical_dpi())
    shrink = min(1.0, PDF_MAX_INCHES * dpi / max(sheet.width, sheet.height))
    w_pt, h_pt = sheet.width / dpi * 72.0 * shrink, sheet.height / dpi * 72.0 * shrink
    buf = _buffer()
    writer = QPdfWriter(buf)
    writer.setResolution(dpi)
    writer.setPageSize(QPageSize(QSizeF(w_pt, h_pt), QPageSize.Unit.Point, "tensionmap"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setTitle(title)
    writer.setCreator("tensionmap")
    painter = QPainter()
    _begin(painter, writer, "PDF")
    try:
        k = min(writer.width() / sheet.width, writer.height() / sheet.height)
        painter.scale(k, k)
        paint_sheet(painter, scene, sheet, transparent=transparent)
    finally:
        painter.end()
    size = writer.pageLayout().fullRectPoints().size()
    return bytes(buf.data().data()), (size.width(), size.height())
