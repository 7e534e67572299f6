"""The report's scenario and "what changed since" sections."""

from __future__ import annotations

from tensionmap import commands as c
from tensionmap.commands import AddEntity
from tensionmap.commands.snapshots import take_snapshot
from tensionmap.model import Scenario
from tensionmap.render.report_content import Heading, Paragraph, Table
from tensionmap.render.report_whatif import changes_since_blocks, scenario_blocks
from tensionmap.store import new_from_example


def test_scenario_table_names_who_gains_and_who_loses(tmp_path) -> None:
    wf = new_from_example(tmp_path / "x.tmap")
    ws = wf.workspace
    assert scenario_blocks(ws) == []  # nothing saved, no section
    scale = next(n.id for n in ws.nodes.values() if n.label == "Scalability")
    AddEntity("scenarios", Scenario("sc", "Push scale", ((scale, 1.0),))).apply(ws)
    blocks = scenario_blocks(ws)
    assert isinstance(blocks[0], Heading) and blocks[0].text == "What-if scenarios"
    table = next(b for b in blocks if isinstance(b, Table))
    ((name, fixed, gain, loss),) = table.rows
    assert name == "Push scale" and fixed == "Scalability +1.0"
    assert gain.startswith("Universities and colleges +1.58")
    assert loss.startswith("Employers and industry -1.36")
    wf.close()


def test_changes_since_lists_the_diff(tmp_path) -> None:
    wf = new_from_example(tmp_path / "x.tmap")
    ws = wf.workspace
    take_snapshot(ws, "Before").apply(ws)
    snap = next(iter(ws.snapshots))
    blocks = changes_since_blocks(ws, snap)
    assert blocks[0].text == "What changed since Before"
    assert any(isinstance(b, Paragraph) and b.text.startswith("Nothing has changed") for b in blocks)
    spec = next(n.id for n in ws.nodes.values() if n.label == "Specificity")
    c.update_node(spec, label="Job specificity").apply(ws)
    table = next(b for b in changes_since_blocks(ws, snap) if isinstance(b, Table))
    assert table.rows == (("Renamed", "node", "Specificity → Job specificity"),)
    wf.close()
