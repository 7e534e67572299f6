"""The report's PDF and HTML writers: same content, text kept as text, images embedded."""

import base64
import unicodedata
from html.parser import HTMLParser

import pypdf
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from tensionmap.analysis.report import analyze
from tensionmap.examples import micro_credentials as mc
from tensionmap.render.report_content import ReportImages, build_report, tension_rows
from tensionmap.render.report_html import render_html, write_html
from tensionmap.render.report_pdf import write_pdf
from tests.builders import small_map


def png(colour: str = "#3366cc") -> bytes:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def pdf_text(path) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])

    def handle_data(self, data):
        self.text.append(data)


def test_pdf_text_layer_holds_the_register_and_the_survey(qapp, tmp_path):
    ws = mc.build()
    result = analyze(ws)
    blocks = build_report(ws, result, ReportImages(png(), [("Who benefits when", png("#cc6633"))]))
    out = tmp_path / "report.pdf"
    write_pdf(blocks, ws.title, out)
    text = pdf_text(out)
    assert "Tension register" in text
    for row in tension_rows(ws, result)[:5]:
        between = " ".join(row[1].split())
        assert between in text, between
    for answer in ("Always", "Most of the time", "About half the time", "Sometimes", "Never"):
        assert answer in text
    assert "Nic Giolla Mhichil" in text
    assert "How would you measure the return on investment of a micro-credential?" in text


def test_html_parses_embeds_images_and_escapes_user_text(tmp_path):
    ws = small_map()
    first = next(iter(ws.nodes))
    ws.update("nodes", first, label="<b>x</b><img src=y>")
    blocks = build_report(ws, analyze(ws), ReportImages(png(), [("chart", png())]))
    out = tmp_path / "report.html"
    write_html(blocks, ws.title, out)
    parser = Collect()
    parser.feed(out.read_text(encoding="utf-8"))
    assert len(parser.images) == 2
    for src in parser.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG")
    assert "<b>x</b><img src=y>" in "".join(parser.text)  # shown literally, not as markup


def test_html_and_pdf_come_from_the_same_blocks():
    ws = mc.build()
    blocks = build_report(ws, analyze(ws), ReportImages())
    html = render_html(blocks, ws.title)
    assert html.count("<h1>") == sum(1 for b in blocks if type(b).__name__ == "Heading" and b.level == 1)


def test_a_table_that_fills_its_page_leaves_no_blank_page_before_the_next_section(qapp, tmp_path):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageLayout

    from tensionmap.render import report_pdf
    from tensionmap.render.report_content import Heading, Image, PageBreak, Paragraph, Table

    def blocks(spacer: int, rows: int):
        """A spacer image ``spacer`` px tall, then a table of ``rows`` rows, then a new section."""
        image = QImage(20, spacer, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        table = Table(("Relation", "Raters"), tuple((f"Row {i}", str(i)) for i in range(rows)))
        return [Image("", png_bytes(image)), table, PageBreak(), Heading("Evidence"), Paragraph("After it.")]

    dpi = round(report_pdf.logical_dpi())
    area = report_pdf._layout(QPageLayout.Orientation.Portrait).paintRectPixels(dpi)
    # a layout where the table ends so near the page's foot that Qt lays out a page with nothing
    # on it (what follows the table spills over, then the page break starts another page)
    found = None
    for rows in range(38, 54):
        for spacer in range(1, 26):
            doc = report_pdf.build_document(blocks(spacer, rows), area.width())
            doc.setPageSize(QSizeF(area.width(), area.height()))
            if len(report_pdf._pages_with_content(doc, area.height())) < doc.pageCount():
                found = (spacer, rows)
                break
        if found:
            break
    assert found, "no table length left a blank page: the case is not exercised"
    out = tmp_path / "report.pdf"
    write_pdf(blocks(*found), "t", out)
    pages = pypdf.PdfReader(out).pages
    assert len(pages) == 2
    assert all(page.extract_text().strip() for page in pages)
    assert "Evidence" in pages[-1].extract_text() and "Row" not in pages[-1].extract_text()
