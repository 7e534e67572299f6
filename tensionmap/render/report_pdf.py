"""The workshop report as a PDF: QTextDocument pages, and the map drawn as vectors.

The text is built with QTextCursor calls (insertText, insertTable), never
from markup, so user text stays literal and the PDF keeps it as real,
searchable text. Three things make that text the words a reader typed:

- every font has its optional ligatures switched off (``style.without_ligatures``),
  so "Specificity" is copied and found as "Specificity", not "Speciﬁcity";
- text wraps only between words (``QTextOption.WrapMode.WordWrap``) and each
  table column is at least as wide as its header's longest word, so a header
  such as "Intensity" is never broken inside a word;
- the map is not a picture: it is painted by the export path
  (``export_sheet.paint_sheet``, the canvas's own items) straight onto the
  PDF page, so its shapes are vectors and its labels are text. It gets pages
  of its own (landscape when it is wider than tall) and is never shrunk so
  far that a label prints under ``MIN_LABEL_PT``: a larger map is split over
  several pages, each saying which part it is.

Pages are painted one by one with a QPainter on a QPdfWriter whose
resolution is the screen's logical DPI, the DPI the map's labels are
measured at, so text and map share one coordinate system.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextLength,
    QTextOption,
    QTextTableFormat,
)

from . import style
from .export_sheet import ExportError, ExportScene, layout_sheet, logical_dpi, paint_sheet
from .report_content import Block, Heading, Image, PageBreak, Paragraph, Table

BODY_PT = 10.0
STYLES = {  # paragraph style -> (point size, bold, colour)
    "body": (BODY_PT, False, "#222222"),
    "lead": (13.0, False, "#222222"),
    "small": (8.5, False, "#555555"),
    "title": (26.0, True, "#111111"),
    "subtitle": (11.0, True, "#777777"),
}
HEADINGS = {1: 16.0, 2: 12.5, 3: 11.0}
TABLE_PT = 8.5
MARGIN_MM = 18.0
#: The smallest a map label may print (points); below it the map is split over pages.
MIN_LABEL_PT = 7.5
CAPTION_PT = 8.5
MAP_MARGIN_MM = 10.0  # map pages use more of the sheet: every millimetre is label size


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return style.without_ligatures(font)


def _char(size: float, bold: bool = False, colour: str = "#222222") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(_font(size, bold))
    fmt.setForeground(QColor(colour))
    return fmt


def _block(space_before: float = 0.0, space_after: float = 6.0, page_break: bool = False) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setTopMargin(space_before)
    fmt.setBottomMargin(space_after)
    if page_break:
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    return fmt


def build_document(blocks: list[Block], text_width: float) -> QTextDocument:
    """A QTextDocument of the report; ``text_width`` in document units."""
    doc = QTextDocument()
    doc.setDefaultFont(_font(BODY_PT))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # never inside a word
    doc.setDefaultTextOption(option)
    doc.setTextWidth(text_width)
    cursor = QTextCursor(doc)
    first = True
    pending_break = False
    images = 0
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        fmt_args = {"page_break": pending_break and not first}  # no empty page before the first block
        pending_break = False
        if isinstance(block, Heading):
            size = HEADINGS.get(block.level, BODY_PT)
            bf = _block(14.0 if block.level == 1 else 8.0, 6.0, **fmt_args)
            _insert_block(cursor, bf, first)
            cursor.insertText(block.text, _char(size, True, "#111111"))
        elif isinstance(block, Paragraph):
            size, bold, colour = STYLES.get(block.style, STYLES["body"])
            before = 120.0 if block.style == "subtitle" else 0.0
            _insert_block(cursor, _block(before, 8.0, **fmt_args), first)
            cursor.insertText(block.text, _char(size, bold, colour))
        elif isinstance(block, Table):
            _insert_block(cursor, _block(4.0, 4.0, **fmt_args), first)
            _insert_table(cursor, block, text_width)
        elif isinstance(block, Image):
            _insert_block(cursor, _block(6.0, 2.0, **fmt_args), first)
            image = QImage.fromData(block.png, "PNG") if block.png else QImage()
            if not image.isNull():
                name = f"report-image-{images}"
                images += 1
                doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
                fmt = QTextImageFormat()
                fmt.setName(name)
                scale = min(1.0, text_width / max(1, image.width()))
                fmt.setWidth(image.width() * scale)
                fmt.setHeight(image.height() * scale)
                cursor.insertImage(fmt)
            cursor.insertBlock(_block(0.0, 10.0))
            cursor.insertText(block.caption, _char(CAPTION_PT, False, "#555555"))
        first = False
    return doc


def _insert_block(cursor: QTextCursor, fmt: QTextBlockFormat, first: bool) -> None:
    if first:
        cursor.setBlockFormat(fmt)
    else:
        cursor.insertBlock(fmt)


PADDING = 3.0


def column_widths(table: Table, text_width: float) -> list[float]:
    """Column widths (document units) that hold each header's longest word and the widest
    number-like cell, sharing the rest of the width by ``table.widths``."""
    head = QFontMetricsF(_font(TABLE_PT, True))
    body = QFontMetricsF(_font(TABLE_PT))
    count = len(table.headers)
    shares = list(table.widths) if len(table.widths) == count else [1] * count
    extra = 2 * PADDING + 4.0
    floors = []
    for col, header in enumerate(table.headers):
        words = header.split() or [""]
        need = max(head.horizontalAdvance(w) for w in words)
        for row in table.rows:  # short cells (numbers, "#") never wrap either
            cell = row[col] if col < len(row) else ""
            if len(cell) <= 12 and " " not in cell:
                need = max(need, body.horizontalAdvance(cell))
        floors.append(need + extra)
    widths = [text_width * s / sum(shares) for s in shares]
    short = [i for i in range(count) if widths[i] < floors[i]]
    if short:
        fixed = sum(floors[i] for i in short)
        rest = [i for i in range(count) if i not in short]
        room = max(0.0, text_width - fixed)
        total = sum(shares[i] for i in rest) or 1
        for i in short:
            widths[i] = floors[i]
        for i in rest:
            widths[i] = max(floors[i], room * shares[i] / total)
    return widths


def _insert_table(cursor: QTextCursor, table: Table, text_width: float) -> None:
    fmt = QTextTableFormat()
    fmt.setCellPadding(PADDING)
    fmt.setCellSpacing(0)
    fmt.setBorder(0.5)
    fmt.setBorderBrush(QColor("#bbbbbb"))
    fmt.setHeaderRowCount(1)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    widths = column_widths(table, text_width * 0.98)
    total = sum(widths) or 1.0
    fmt.setColumnWidthConstraints(
        [QTextLength(QTextLength.Type.PercentageLength, 100.0 * w / total) for w in widths]
    )
    qt_table = cursor.insertTable(len(table.rows) + 1, len(table.headers), fmt)
    head = _char(TABLE_PT, True, "#111111")
    cell = _char(TABLE_PT, False, "#222222")
    for col, text in enumerate(table.headers):
        qt_table.cellAt(0, col).firstCursorPosition().insertText(text, head)
    for row, values in enumerate(table.rows, start=1):
        for col, text in enumerate(values):
            qt_table.cellAt(row, col).firstCursorPosition().insertText(text, cell)
    cursor.movePosition(QTextCursor.MoveOperation.End)


# ---------------------------------------------------------------- writing
def _layout(orientation: QPageLayout.Orientation, margin: float = MARGIN_MM) -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(margin, margin, margin, margin),
        QPageLayout.Unit.Millimeter,
    )


def _segments(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """("text", blocks) and ("map", [heading?, image]) runs: a vector map gets pages of its own."""
    out: list[tuple[str, list[Block]]] = []
    current: list[Block] = []
    for block in blocks:
        if isinstance(block, Image) and block.drawing is not None:
            heading: list[Block] = []
            while current and isinstance(current[-1], PageBreak):
                current.pop()
            if current and isinstance(current[-1], Heading):
                heading = [current.pop()]
            while current and isinstance(current[-1], PageBreak):
                current.pop()
            if current:
                out.append(("text", current))
            out.append(("map", [*heading, block]))
            current = []
        else:
            current.append(block)
    if current:
        out.append(("text", current))
    return out


class _Pages:
    """A QPdfWriter and its painter, handing out pages (portrait or landscape)."""

    def __init__(self, path: Path, title: str) -> None:
        self.writer = QPdfWriter(str(path))
        self.writer.setTitle(title)
        self.writer.setCreator("tensionmap")
        self.dpi = round(logical_dpi())
        self.writer.setResolution(self.dpi)
        self.writer.setPageLayout(_layout(QPageLayout.Orientation.Portrait))
        self.painter = QPainter()
        self.started = False

    def page(self, orientation: QPageLayout.Orientation, margin: float = MARGIN_MM) -> QRectF:
        """Start a page; returns its printable area in device units (origin at its top-left)."""
        layout = _layout(orientation, margin)
        if not self.started:
            self.writer.setPageLayout(layout)
            if not self.painter.begin(self.writer):
                raise ExportError("could not start the PDF writer")
            self.started = True
        else:
            self.writer.setPageLayout(layout)  # applies from the next page on
            self.writer.newPage()
        rect = layout.paintRectPixels(self.dpi)
        return QRectF(0, 0, rect.width(), rect.height())

    def points(self, pt: float) -> float:
        return pt * self.dpi / 72.0

    def finish(self) -> None:
        if self.started:
            self.painter.end()


def write_pdf(blocks: list[Block], title: str, path: Path) -> None:
    pages = _Pages(path, title)
    try:
        for kind, run in _segments(blocks):
            if kind == "map":
                _map_pages(pages, run)
            else:
                _text_pages(pages, run)
    finally:
        pages.finish()


def _text_pages(pages: _Pages, blocks: list[Block]) -> None:
    area = _layout(QPageLayout.Orientation.Portrait).paintRectPixels(pages.dpi)
    doc = build_document(blocks, area.width())
    doc.setPageSize(QSizeF(area.width(), area.height()))
    painter = pages.painter
    for index in _pages_with_content(doc, area.height()):
        rect = pages.page(QPageLayout.Orientation.Portrait)
        painter.save()
        painter.translate(0, -index * rect.height())
        doc.drawContents(painter, QRectF(0, index * rect.height(), rect.width(), rect.height()))
        painter.restore()


def _pages_with_content(doc: QTextDocument, page_height: float) -> list[int]:
    """The indexes of the document's pages that show something.

    QTextDocument can lay out a page with nothing on it: the empty block a table always
    leaves after it spills onto a new page when the table fills its page to the bottom,
    and a page break before the next heading then starts yet another. Such a page is
    left out rather than printed blank.
    """
    layout = doc.documentLayout()
    shown: set[int] = set()
    block = doc.begin()
    while block.isValid():
        if block.text().strip():
            rect = layout.blockBoundingRect(block)
            first = int(max(rect.top(), 0.0) // page_height)
            last = int(max(rect.bottom() - 0.5, rect.top(), 0.0) // page_height)
            shown.update(range(first, last + 1))
        block = block.next()
    return sorted(page for page in shown if page < doc.pageCount()) or [0]


def label_scale() -> float:
    """The smallest sheet scale at which map labels print at ``MIN_LABEL_PT`` or more."""
    return MIN_LABEL_PT / style.LABEL_POINT_SIZE


@dataclass(frozen=True)
class MapPlan:
    """How the map is put on pages: orientation, scale (page units per scene unit) and tiles."""

    orientation: QPageLayout.Orientation
    scale: float
    cols: int
    rows: int
    tile_w: float  # scene units shown per page
    tile_h: float

    @property
    def pages(self) -> int:
        return self.cols * self.rows


def _count(extent: float, tile: float, overlap: float) -> int:
    if extent <= tile + 1e-6:
        return 1
    return max(2, math.ceil((extent - overlap) / max(1e-6, tile - overlap)))


def plan_map(
    sheet_w: float, sheet_h: float, widest: float, room: dict[QPageLayout.Orientation, tuple[float, float]]
) -> MapPlan:
    """The fewest pages that show the map with labels of at least ``MIN_LABEL_PT``.

    When the map needs several pages, neighbouring tiles overlap by more than
    the widest node, so every node (and its label) is whole on at least one page.
    """
    best: MapPlan | None = None
    for orientation, (room_w, room_h) in room.items():
        fit = min(room_w / sheet_w, room_h / sheet_h, 1.0)
        scale = max(fit, label_scale())
        tile_w, tile_h = room_w / scale, room_h / scale
        overlap = widest + 2 * 24.0
        plan = MapPlan(
            orientation,
            scale,
            _count(sheet_w, tile_w, overlap),
            _count(sheet_h, tile_h, overlap),
            tile_w,
            tile_h,
        )
        if best is None or (plan.pages, -plan.scale) < (best.pages, -best.scale):
            best = plan
    assert best is not None
    return best


def _map_pages(pages: _Pages, run: list[Block]) -> None:
    heading = next((b for b in run if isinstance(b, Heading)), None)
    figure = next(b for b in run if isinstance(b, Image))
    assert figure.drawing is not None
    scene = ExportScene(figure.drawing)
    try:
        sheet = layout_sheet(scene, legend=True, caption="")
        widest = max((item.rect.width() for item in scene.node_items.values()), default=0.0)
        heading_h = pages.points(HEADINGS[2] * 1.8)
        caption_font = _font(CAPTION_PT)
        room: dict[QPageLayout.Orientation, tuple[float, float]] = {}
        caption_h: dict[QPageLayout.Orientation, float] = {}
        for orientation in (QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape):
            area = _layout(orientation, MAP_MARGIN_MM).paintRectPixels(pages.dpi)
            caption_h[orientation] = _caption_height(
                figure.caption, caption_font, area.width()
            ) + pages.points(6)
            room[orientation] = (area.width(), max(1.0, area.height() - heading_h - caption_h[orientation]))
        plan = plan_map(sheet.width, sheet.height, widest, room)
        room_w, room_h = room[plan.orientation]
        step_x = (sheet.width - plan.tile_w) / (plan.cols - 1) if plan.cols > 1 else 0.0
        step_y = (sheet.height - plan.tile_h) / (plan.rows - 1) if plan.rows > 1 else 0.0
        painter = pages.painter
        title = heading.text if heading is not None else "The map"
        for r in range(plan.rows):
            for c in range(plan.cols):
                rect = pages.page(plan.orientation, MAP_MARGIN_MM)
                text = title if plan.pages == 1 else f"{title} (part {r * plan.cols + c + 1} of {plan.pages})"
                painter.setFont(_font(HEADINGS[2], True))
                painter.setPen(QColor("#111111"))
                painter.drawText(QRectF(0, 0, rect.width(), heading_h), int(Qt.AlignmentFlag.AlignLeft), text)
                painter.save()
                painter.translate(0, heading_h)
                painter.setClipRect(QRectF(0, 0, room_w, room_h))
                painter.scale(plan.scale, plan.scale)
                painter.translate(-c * step_x, -r * step_y)
                paint_sheet(painter, scene, sheet, transparent=True)
                painter.restore()
                painter.setFont(caption_font)
                painter.setPen(QColor("#555555"))
                used_h = min(room_h, sheet.height * plan.scale)
                painter.drawText(
                    QRectF(
                        0, heading_h + used_h + pages.points(6), rect.width(), caption_h[plan.orientation]
                    ),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                    figure.caption,
                )
    finally:
        scene.detach()
        scene.clear()
        scene.node_items.clear()
        scene.relation_items.clear()
        scene.layers.clear()


def _caption_height(text: str, font: QFont, width: float) -> float:
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), flags, text).height() + 2.0
