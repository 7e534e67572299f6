"""Export an insight panel's figure as PNG (twice the on-screen resolution) or SVG.

The figure is the panel's chart with its heading, key and captions, without
the controls (the evidence picker). It is rendered with ``QWidget.render``
into a QImage or a QSvgGenerator, so the export matches the panel exactly and
the SVG keeps text as text and bars as shapes. (pyqtgraph's own SVGExporter
fails on this Qt version, and its ImageExporter would leave out the Qt
widgets: heading, key, citation.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

FORMATS = ("png", "svg")
#: The size a figure is laid out at when its panel has never been shown.
DEFAULT_SIZE = QSize(640, 480)


class ExportError(ValueError):
    """The path names a format the panels cannot be exported to."""


def figure_of(panel: QWidget) -> QWidget:
    return getattr(panel, "figure", panel)


@contextmanager
def _laid_out(panel: QWidget) -> Iterator[QWidget]:
    """The figure, laid out at the panel's size.

    A free-standing panel that is not on screen (never shown) has no layout
    yet: it is shown off screen for the export, then hidden again. A panel
    inside a window (a dock) is exported as it was last laid out; the window
    offers the export while the dock is open.
    """
    hidden = not panel.isVisible() and panel.parentWidget() is None
    off_screen = Qt.WidgetAttribute.WA_DontShowOnScreen
    was_off_screen = panel.testAttribute(off_screen)
    if hidden:
        if (
            panel.width() < 50
            or panel.height() < 50
            or not panel.testAttribute(Qt.WidgetAttribute.WA_Resized)
        ):
            panel.resize(DEFAULT_SIZE)
        panel.setAttribute(off_screen, True)
        panel.show()
        QApplication.processEvents()
    QApplication.sendPostedEvents()
    try:
        yield figure_of(panel)
    finally:
        if hidden:
            panel.hide()
            panel.setAttribute(off_screen, was_off_screen)


def render_png(panel: QWidget, scale: float = 2.0) -> QImage:
    with _laid_out(panel) as figure:
        return _render_png(figure, scale)


def _render_png(figure: QWidget, scale: float) -> QImage:
    size = figure.size()
    image = QImage(
        max(1, round(size.width() * scale)),
        max(1, round(size.height() * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(scale)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        figure.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return image


def render_svg(panel: QWidget, path: str | Path, title: str = "") -> None:
    with _laid_out(panel) as figure:
        _render_svg(figure, path, title or getattr(panel, "title", "tensionmap panel"))


def _render_svg(figure: QWidget, path: str | Path, title: str) -> None:
    size = figure.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setResolution(figure.logicalDpiX())  # SVG user units = the figure's pixels
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from tensionmap")
    painter = QPainter(generator)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        figure.render(painter, QPoint(0, 0))
    finally:
        painter.end()


def export_panel(panel: QWidget, path: str | Path) -> Path:
    """Write ``panel``'s figure to ``path``; the suffix (.png or .svg) picks the format."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError(
            f"cannot export a panel as {target.suffix or 'a file without a suffix'}: use .png or .svg"
        )
    if kind == "png":
        if not render_png(panel).save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
    else:
        render_svg(panel, target)
        if not target.exists() or target.stat().st_size == 0:
            raise OSError(f"could not write {target}")
    return target
