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
