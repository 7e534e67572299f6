"""Render a map scene to an image: used by exports, screenshots and tests."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from . import style
from .legend import legend_size, paint_legend
from .scene import MapScene


def render_scene_to_image(
    scene: MapScene,
    width: int = 1600,
    height: int = 1000,
    *,
    margin: float = 40.0,
    legend: bool = True,
    device_pixel_ratio: float = 1.0,
) -> QImage:
    """The whole map fitted (aspect kept) into a ``width`` x ``height`` image on white."""
    image = QImage(
        int(width * device_pixel_ratio),
        int(height * device_pixel_ratio),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(device_pixel_ratio)
    image.fill(style.BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        source = scene.map_rect()
        if not source.isEmpty():
            source = source.adjusted(-margin, -margin, margin, margin)
            scene.render(painter, QRectF(0, 0, width, height), source, Qt.AspectRatioMode.KeepAspectRatio)
        if legend:
            lw, lh = legend_size()
            paint_legend(painter, QPointF(width - lw - 12, height - lh - 12))
    finally:
        painter.end()
    return image
