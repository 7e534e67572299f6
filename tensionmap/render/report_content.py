"""The workshop report as a list of blocks, independent of the output format.

The PDF and the HTML writer both walk the same blocks, so the two reports
cannot drift apart. Blocks carry plain text only; each writer escapes or
inserts it as text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..analysis.path_text import path_text
from ..analysis.report import AnalysisResult
from ..analysis.tensions import Finding
from ..model import Workspace


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | lead | small | title | subtitle


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths, percent


@dataclass(frozen=True)
class Image:
    caption: str
    png: bytes
    alt: str = ""
    #: The map to draw as vectors where the writer can (the PDF); ``png`` is the fallback.
    drawing: Workspace | None = None


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Image | PageBreak


@dataclass
class ReportImages:
    """Rendered figures the report embeds (PNG bytes), made by the render layer."""

    map_png: bytes | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)
    #: What the map shows (a lens applied), for writers that draw it as vectors.
    map_source: Workspace | None = None


#: The map's caption, in the legend's own words.
MAP_CAPTION = (
    "Stakeholders (rounded boxes with a person) and drivers (hexagons with an arrow); a node's own "
    "colour, where the map sets one, fills its shape. Supports / benefits / values: solid blue line "
    "with an arrowhead. Allied with: solid blue line, no arrowhead. Opposes / resists: dashed "
    "vermillion line with a minus disc and an arrowhead. "
    "In tension with: dashed vermillion line with a minus disc, no arrowhead. Related: dotted grey line."
)


def _notes(ws: Workspace, finding: Finding) -> str:
    relations = ws.relations
    notes = [
        relations[r].note.strip() for r in finding.relations if r in relations and relations[r].note.strip()
    ]
    return " / ".join(notes)


def tension_rows(ws: Workspace, result: AnalysisResult) -> list[tuple[str, ...]]:
    """One row per tension: number, between, kind, intensity, path, notes."""
    labels = result.labels
    rows = []
    for i, f in enumerate(result.tensions, start=1):
        between = f"{labels.get(f.between[0], f.between[0])} ↔ {labels.get(f.between[1], f.between[1])}"
        kind = f.kind + (" (mixed)" if f.mixed else "")
        if f.count > 1:
            kind += f", {f.count} paths"
        path = path_text(f, labels, ws.relations)  # the Tensions dock's symbols: → ← ⟂ —
        rows.append((str(i), between, kind, f"{f.intensity:.2f}", path, _notes(ws, f)))
    return rows


def build_report(
    ws: Workspace,
    result: AnalysisResult,
    images: ReportImages,
    *,
    today: date | None = None,
    since: str | None = None,
) -> list[Block]:
    """Title page, map, tension register, balance, scenarios, changes, charts, evidence, questions.

    ``since`` is a snapshot id: the report then says what changed since it.
    """
    from .report_whatif import changes_since_blocks, scenario_blocks

    today = today or date.today()
    nodes = ws.nodes.values()
    stakeholders = sum(1 for n in nodes if n.kind == "stakeholder")
    drivers = len(ws.nodes) - stakeholders
    opposing = sum(1 for r in ws.relations.values() if r.sign < 0)
    blocks: list[Block] = [
        Paragraph("Workshop report", "subtitle"),
        Paragraph(ws.title, "title"),
    ]
    if ws.description:
        blocks.append(Paragraph(ws.description, "lead"))
    blocks += [
        Paragraph(
            f"{stakeholders} stakeholders, {drivers} drivers, {len(ws.relations)} relations "
            f"({opposing} opposing), {len(result.tensions)} tensions found.",
            "body",
        ),
        Paragraph(f"Prepared with tensionmap on {today.isoformat()}.", "small"),
        PageBreak(),
        Heading("The map"),
    ]
    if images.map_png or images.map_source is not None:
        blocks.append(
            Image(MAP_CAPTION, images.map_png or b"", alt=f"Map of {ws.title}", drawing=images.map_source)
        )
    blocks += [
        PageBreak(),
        Heading("Tension register"),
        Paragraph(
            "Every explicit tension (an opposing relation) and every derived tension between two "
            "stakeholders (read off a path through the drivers they pull on), strongest first. "
            "Intensity is the product of strength/5 along the path. In a path, → and ← are supportive "
            "steps (with and against the path's direction), ↔ an alliance, ⟂ an opposing step or "
            "tension, — a step without a stance.",
            "small",
        ),
    ]
    rows = tension_rows(ws, result)
    if rows:
        blocks.append(
            Table(
                ("#", "Between", "Kind", "Intensity", "Path", "Notes"), tuple(rows), (4, 17, 12, 10, 25, 32)
            )
        )
    else:
        blocks.append(Paragraph("No tensions in this map.", "body"))
    labels = result.labels
    b = result.balance
    blocks += [
        Heading("Balance and coalitions"),
        Paragraph(
            f"Triangles: {b.triangles}, of which unbalanced: {b.unbalanced_triangles}. "
            f"Frustration index: {b.frustration_index} ({'exact' if b.exact else 'heuristic'}"
            + ("" if b.exact else f", at least {b.lower_bound}")
            + "): the fewest relations whose removal would split the map into two internally "
            "friendly camps.",
            "body",
        ),
    ]
    for i, coalition in enumerate(b.coalitions, start=1):
        names = ", ".join(sorted(labels.get(n, n) for n in coalition)) or "(none)"
        blocks.append(Paragraph(f"Coalition {i}: {names}", "body"))
    if b.frustrated_relations:
        frustrated = []
        for rid in b.frustrated_relations:
            r = ws.relations.get(rid)
            if r is not None:
                frustrated.append(f"{labels.get(r.source)} {r.type.replace('_', ' ')} {labels.get(r.target)}")
        blocks.append(
            Paragraph("Relations that cut across the coalitions: " + "; ".join(frustrated) + ".", "body")
        )
    blocks += scenario_blocks(ws)
    if since is not None:
        blocks += changes_since_blocks(ws, since)
    if images.charts:
        blocks += [PageBreak(), Heading("Insight panels")]
        for caption, png in images.charts:
            blocks.append(Image(caption, png, alt=caption))
    blocks += _room_section(ws)
    blocks += [PageBreak(), Heading("Evidence")]
    for ev in ws.evidence.values():
        blocks.append(Heading(ev.title, 2))
        if ev.note:
            blocks.append(Paragraph(ev.note, "body"))
        if ev.data:
            blocks.append(Table(("Answer", "Value"), tuple((c, f"{v:g}") for c, v in ev.data), (70, 30)))
        if ev.citation:
            blocks.append(Paragraph(f"Source: {ev.citation}", "small"))
    if not ws.evidence:
        blocks.append(Paragraph("No evidence recorded.", "body"))
    blocks.append(Heading("Questions for the room"))
    questions = ws.ordered_questions()
    for i, q in enumerate(questions, start=1):
        blocks.append(Paragraph(f"{i}. {q.text}", "body"))
    if not questions:
        blocks.append(Paragraph("No questions recorded.", "body"))
    return blocks


def _room_section(ws: Workspace) -> list[Block]:
    """The room's voice (report_room builds it; imported here to avoid a cycle)."""
    from .report_room import room_blocks

    blocks = room_blocks(ws)
    return [PageBreak(), *blocks] if blocks else []
