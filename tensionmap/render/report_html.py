"""The workshop report as one standalone HTML file, images embedded as data URIs.

Every piece of user text goes through ``html.escape``: the report is for
people who prefer a browser, and a label must never become markup there.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from .report_content import Block, Heading, Image, PageBreak, Paragraph, Table

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; border-bottom: 2px solid #D55E00; padding-bottom: .2rem; margin-top: 2.5rem; }
h2 { font-size: 1.15rem; margin-top: 1.5rem; }
p.title { font-size: 2.2rem; font-weight: 600; margin: .2rem 0 1rem; }
p.subtitle { text-transform: uppercase; letter-spacing: .08em; color: #666; margin-top: 3rem; }
p.lead { font-size: 1.15rem; }
p.small { font-size: .85rem; color: #555; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .85rem; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .3rem .45rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
hr.page { border: none; margin: 2rem 0; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(blocks: list[Block], title: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
    ]
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            parts.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="{block.style}">{_e(block.text)}</p>')
        elif isinstance(block, Table):
            head = "".join(f"<th>{_e(h)}</th>" for h in block.headers)
            rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Image) and not block.png:
            parts.append(f'<p class="small">{_e(block.caption)}</p>')
        elif isinstance(block, Image):
            data = base64.b64encode(block.png).decode("ascii")
            parts.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{_e(block.alt or block.caption)}">'
                f"<figcaption>{_e(block.caption)}</figcaption></figure>"
            )
        elif isinstance(block, PageBreak):
            parts.append('<hr class="page">')
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(blocks: list[Block], title: str, path: Path) -> None:
    path.write_text(render_html(blocks, title), encoding="utf-8")
