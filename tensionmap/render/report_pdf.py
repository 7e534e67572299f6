"""The workshop report as a PDF, through QTextDocument and QPdfWriter.

The document is built with QTextCursor calls (insertText, insertTable,
insertImage), never from markup, so user text stays literal and the PDF
keeps it as real, searchable text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextLength,
    QTextTableFormat,
)

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


def _char(size: float, bold: bool = False, colour: str = "#222222") -> QTextCharFormat:
    fmt = QTextCharFormat()
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    fmt.setFont(font)
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
    """A QTextDocument of the report; ``text_width`` in document units (points)."""
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    cursor = QTextCursor(doc)
    first = True
    pending_break = False
    images = 0
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        fmt_args = {"page_break": pending_break}
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
            _insert_table(cursor, block)
        elif isinstance(block, Image):
            _insert_block(cursor, _block(6.0, 2.0, **fmt_args), first)
            image = QImage.fromData(block.png, "PNG")
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
            cursor.insertText(block.caption, _char(8.5, False, "#555555"))
        first = False
    return doc


def _insert_block(cursor: QTextCursor, fmt: QTextBlockFormat, first: bool) -> None:
    if first:
        cursor.setBlockFormat(fmt)
    else:
        cursor.insertBlock(fmt)


def _insert_table(cursor: QTextCursor, table: Table) -> None:
    fmt = QTextTableFormat()
    fmt.setCellPadding(3)
    fmt.setCellSpacing(0)
    fmt.setBorder(0.5)
    fmt.setBorderBrush(QColor("#bbbbbb"))
    fmt.setHeaderRowCount(1)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    if table.widths:
        fmt.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, w) for w in table.widths]
        )
    qt_table = cursor.insertTable(len(table.rows) + 1, len(table.headers), fmt)
    head = _char(8.5, True, "#111111")
    cell = _char(8.5, False, "#222222")
    for col, text in enumerate(table.headers):
        qt_table.cellAt(0, col).firstCursorPosition().insertText(text, head)
    for row, values in enumerate(table.rows, start=1):
        for col, text in enumerate(values):
            qt_table.cellAt(row, col).firstCursorPosition().insertText(text, cell)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def write_pdf(blocks: list[Block], title: str, path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("tensionmap")
    writer.setResolution(300)
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18)
    )
    layout.setUnits(QPageLayout.Unit.Millimeter)
    writer.setPageLayout(layout)
    # Lay the document out in points on the printable area; print_ scales to the device.
    rect = layout.paintRect(QPageLayout.Unit.Point)
    doc = build_document(blocks, rect.width())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
