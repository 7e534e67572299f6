"""The import summary in the window: shown after a lossy import, with the unsigned-type choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.test_exchange_window import StubDialogs, controller, wait_done

UNSIGNED = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<graph edgedefault="directed">
<node id="a"><data key="label">Valjean</data></node>
<node id="b"><data key="label">Javert</data></node>
<node id="c"><data key="label">Cosette</data></node>
<edge source="a" target="b"><data key="weight">1</data></edge>
<edge source="a" target="c"><data key="weight">8</data></edge>
<edge source="b" target="c"/>
<edge source="c" target="c"/>
</graph>
</graphml>
"""


def test_unsigned_import_shows_summary_and_retypes_in_one_undo_step(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "lesmis.graphml"
    path.write_text(UNSIGNED)
    ctl = controller(window)
    ctl.dialogs = StubDialogs(path)
    before = set(window.wf.workspace.relations)
    assert ctl.import_into_map()
    wait_done(qtbot, ctl)
    qtbot.waitUntil(lambda: ctl.summary_dialog is not None and ctl.summary_dialog.isVisible())
    dialog = ctl.summary_dialog
    text = dialog.details.toPlainText()
    assert "1 self-loops skipped" in text and "Cosette" in text
    assert "every relation imported as 'related'" in text
    ws = window.wf.workspace
    added = [ws.relations[r] for r in ws.relations if r not in before]
    assert len(added) == 3 and {r.type for r in added} == {"related"}  # one type, whatever the weight

    assert dialog.type_box is not None and dialog.apply_button is not None
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("supports"))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    ws = window.wf.workspace
    assert {ws.relations[r.id].type for r in added} == {"supports"}
    assert window.undo_stack.text(window.undo_stack.count() - 1) == "Imported relations: supports"
    window.undo_stack.undo()
    assert {window.wf.workspace.relations[r.id].type for r in added} == {"related"}
    dialog.close()
    qtbot.waitUntil(lambda: ctl.summary_dialog is None)


def test_lossless_import_shows_no_dialog(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "signed.edges"
    path.write_text("% asym signed\n1 2 1\n2 3 -1\n")
    ctl = controller(window)
    ctl.dialogs = StubDialogs(path)
    assert ctl.import_into_map()
    wait_done(qtbot, ctl)
    qtbot.waitUntil(lambda: "Imported 3 nodes" in window.statusBar().currentMessage())
    assert ctl.summary_dialog is None
