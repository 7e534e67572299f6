"""File > Import and File > Export on the real window: menus, dialogs, progress, cancel, files."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from defusedxml import ElementTree
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton

from tensionmap.analysis.lens_view import LensView
from tensionmap.interchange import read_json, write_graphml
from tensionmap.model import Node, Relation, Workspace
from tensionmap.ui import exchange_controller
from tensionmap.ui.exchange_controller import ExchangeController
from tests.ui.helpers import reopen

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 20_000


class StubDialogs:
    """Stands in for the file choosers: returns preset paths and records what it was asked."""

    def __init__(self, import_path: Path | None = None, new_path: Path | str | None = "suggested") -> None:
        self._import = import_path
        self._new = new_path
        self.suggested: str | None = None
        self.export_calls: list[tuple[str, str, str]] = []

    def import_path(self, start: str = "") -> str | None:
        return str(self._import) if self._import else None

    def new_workspace_path(self, suggested: str) -> str | None:
        self.suggested = suggested
        if self._new == "suggested":
            return suggested
        return str(self._new) if self._new else None

    def export_path(self, suggested: str, label: str, extension: str) -> str | None:
        self.export_calls.append((suggested, label, extension))
        return str(Path(suggested).with_name("browsed" + extension))


def other_workspace() -> Workspace:
    ws = Workspace("Allies")
    ws.add_node(Node("a1", "stakeholder", "Students union", x=0, y=0))
    ws.add_node(Node("a2", "stakeholder", "Quality agency", x=250, y=0))
    ws.add_node(Node("a3", "driver", "Portability", x=120, y=220))
    ws.add_relation(Relation("ra", "a1", "a3", "values", 4))
    ws.add_relation(Relation("rb", "a2", "a3", "opposes", 2))
    return ws


@pytest.fixture
def graphml_file(tmp_path: Path) -> Path:
    path = tmp_path / "allies.graphml"
    write_graphml(other_workspace(), path)
    return path


def controller(window) -> ExchangeController:
    return next(e for e in window.extensions if isinstance(e, ExchangeController))


def wait_done(qtbot, ctl: ExchangeController) -> None:
    qtbot.waitUntil(lambda: not ctl.runner.running, timeout=WAIT_MS)
    assert ctl.runner.wait(WAIT_MS)


def dialog_shown(ctl: ExchangeController) -> bool:
    return ctl.runner.dialog is not None and ctl.runner.dialog.isVisible()


def labels(ws: Workspace) -> set[str]:
    return {n.label for n in ws.nodes.values()}


def trigger_from_file_menu(qtbot, window, name: str) -> None:
    """Open the File menu and click the entry, as a person does."""
    menu = window.menus.file
    action = window.actions[name]
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def reactivate(qtbot, window) -> None:
    """The offscreen platform hands activation back to the closed File menu; a desktop does not."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# ------------------------------------------------------------------ menus
def test_file_menu_has_import_and_export_before_quit(window) -> None:
    actions = window.menus.file.actions()
    anchor = actions.index(window.menus.exchange_anchor)
    texts = [a.text().replace("&", "") for a in actions[:anchor]]
    assert "Import into This Map…" in texts
    assert "Import as New Workspace…" in texts
    assert "Export…" in texts
    assert actions.index(window.actions["quit"]) > anchor


# ----------------------------------------------------------------- import
def test_import_graphml_into_map_is_one_undo_step(qtbot, window, graphml_file: Path, map_path: Path) -> None:
    ctl = controller(window)
    ctl.dialogs = StubDialogs(graphml_file)
    before = set(window.wf.workspace.nodes)
    trigger_from_file_menu(qtbot, window, "import_into")
    wait_done(qtbot, ctl)

    ws = window.wf.workspace
    added = set(ws.nodes) - before
    assert {ws.node(k).label for k in added} == labels(other_workspace())
    assert added <= set(window.scene.node_items)  # on the canvas
    assert len(ws.relations) == 4
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Import allies.graphml"
    assert set(window.scene.selected_ids()[0]) == added  # what came in is selected
    assert "Imported 3 nodes and 2 relations" in window.statusBar().currentMessage()
    on_disk = reopen(map_path)
    assert labels(on_disk) >= labels(other_workspace())

    reactivate(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)  # one Ctrl+Z removes the whole import
    assert set(window.wf.workspace.nodes) == before
    assert not added & set(window.scene.node_items)
    assert len(window.wf.workspace.relations) == 2
    window.close()
    after = reopen(map_path)
    assert set(after.nodes) == before and len(after.relations) == 2


def test_import_as_new_workspace_creates_and_shows_it(
    qtbot, window, graphml_file: Path, map_path: Path
) -> None:
    ctl = controller(window)
    stub = StubDialogs(graphml_file)
    ctl.dialogs = stub
    original = map_path.read_bytes()
    trigger_from_file_menu(qtbot, window, "import_new")
    wait_done(qtbot, ctl)

    target = graphml_file.with_suffix(".tmap")
    assert stub.suggested == str(target)  # default: beside the source
    assert target.exists()
    assert Path(window.wf.path) == target
    assert target.name in window.windowTitle()
    assert labels(window.wf.workspace) == labels(other_workspace())
    assert set(window.scene.node_items) == set(window.wf.workspace.nodes)
    assert window.undo_stack.count() == 0
    window.close()
    assert labels(reopen(target)) == labels(other_workspace())
    assert map_path.read_bytes() == original


def test_new_workspace_name_is_numbered_when_taken(qtbot, window, graphml_file: Path) -> None:
    graphml_file.with_suffix(".tmap").write_bytes(b"not mine")
    ctl = controller(window)
    stub = StubDialogs(graphml_file)
    ctl.dialogs = stub
    assert ctl.import_as_new_workspace()
    wait_done(qtbot, ctl)
    assert stub.suggested == str(graphml_file.with_name("allies-2.tmap"))
    assert Path(window.wf.path).name == "allies-2.tmap"
    assert graphml_file.with_suffix(".tmap").read_bytes() == b"not mine"


def test_malformed_file_gives_one_line_error_and_changes_nothing(
    qtbot, window, tmp_path: Path, map_path: Path
) -> None:
    bad = tmp_path / "broken.graphml"
    bad.write_text('<graphml><graph edgedefault="directed"><node id="a"><data key="x">', encoding="utf-8")
    original = map_path.read_bytes()
    ctl = controller(window)
    ctl.dialogs = StubDialogs(bad, new_path=tmp_path / "never.tmap")
    nodes = set(window.wf.workspace.nodes)

    window.actions["import_into"].trigger()
    wait_done(qtbot, ctl)
    message = window.dialogs.last_error
    assert message is not None and "broken.graphml" in message and "\n" not in message
    assert window.dialogs.last_box.textFormat() == Qt.TextFormat.PlainText
    assert window.undo_stack.count() == 0
    assert set(window.wf.workspace.nodes) == nodes

    window.dialogs.last_error = None
    window.actions["import_new"].trigger()
    wait_done(qtbot, ctl)
    assert window.dialogs.last_error and "broken.graphml" in window.dialogs.last_error
    assert not (tmp_path / "never.tmap").exists()
    assert Path(window.wf.path) == map_path
    window.close()
    assert map_path.read_bytes() == original


def test_cancelled_import_changes_nothing(qtbot, window, graphml_file: Path, monkeypatch) -> None:
    gate = threading.Event()
    real = exchange_controller.import_file

    def slow_read(*args, **kwargs):
        gate.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(exchange_controller, "import_file", slow_read)
    ctl = controller(window)
    ctl.dialogs = StubDialogs(graphml_file)
    nodes = set(window.wf.workspace.nodes)
    assert ctl.import_into_map()
    dialog = ctl.runner.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)  # a busy indicator after a moment
    assert dialog.maximum() == 0 and dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert not ctl.runner.running
    gate.set()
    assert ctl.runner.wait(WAIT_MS)
    QApplication.processEvents()  # the late result (a queued signal) arrives and is dropped
    assert set(window.wf.workspace.nodes) == nodes
    assert window.undo_stack.count() == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_import_into_read_only_map_is_disabled(qtbot, window) -> None:
    window.wf.read_only = True
    controller(window).file_set(window.wf)
    assert not window.actions["import_into"].isEnabled()
    assert window.actions["import_new"].isEnabled() and window.actions["export"].isEnabled()


# ----------------------------------------------------------------- export
def open_dialog(qtbot, window):
    trigger_from_file_menu(qtbot, window, "export")
    dialog = controller(window).export_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def export_via_dialog(qtbot, window, fmt: str, target: Path, **choices) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.select_format(fmt)
    dialog.path_edit.setText(str(target))
    for name, value in choices.items():
        getattr(dialog, name).setChecked(value)
    assert dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, controller(window))


def test_export_png_svg_pdf_graphml(qtbot, window, tmp_path: Path) -> None:
    png, svg, pdf, graphml = (tmp_path / f"out.{ext}" for ext in ("png", "svg", "pdf", "graphml"))
    export_via_dialog(qtbot, window, "png", png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 200
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 10  # not blank
    assert "Exported 4 nodes and 2 relations to out.png" in window.statusBar().currentMessage()

    export_via_dialog(qtbot, window, "svg", svg)
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = {"".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")}
    assert any("Universities" in t for t in texts)

    export_via_dialog(qtbot, window, "pdf", pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]

    export_via_dialog(qtbot, window, "graphml", graphml)
    graph = nx.read_graphml(graphml)
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 2
    assert {d["label"] for _, d in graph.nodes(data=True)} == labels(window.wf.workspace)
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


def test_export_data_formats_and_png_options(qtbot, window, tmp_path: Path) -> None:
    export_via_dialog(qtbot, window, "json", tmp_path / "map.json")
    assert read_json(tmp_path / "map.json").same_content(window.wf.workspace)
    export_via_dialog(qtbot, window, "csv", tmp_path / "map.zip")
    with zipfile.ZipFile(tmp_path / "map.zip") as zf:
        assert set(zf.namelist()) == {"elements.csv", "connections.csv"}
    export_via_dialog(qtbot, window, "gexf", tmp_path / "map.gexf")
    assert ElementTree.parse(tmp_path / "map.gexf").getroot().tag.endswith("gexf")

    dialog = open_dialog(qtbot, window)
    assert dialog.current_format().key == "gexf"  # the dialog remembers the last export
    dialog.select_format("png")
    dialog.width_radio.setChecked(True)
    dialog.width_spin.setValue(640)
    dialog.transparent_check.setChecked(True)
    dialog.legend_check.setChecked(False)
    dialog.path_edit.setText(str(tmp_path / "slide"))  # the extension is added
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, controller(window))
    image = QImage(str(tmp_path / "slide.png"))
    assert image.width() == 640 and image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0


def test_preview_pixmap_and_data_summary(qtbot, window, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.select_format("png")
    dialog.refresh_preview_now()
    pixmap = dialog.preview.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert dialog.preview.textFormat() == Qt.TextFormat.PlainText
    assert dialog.pixels_label.text().startswith("About ")
    dialog.width_radio.setChecked(True)
    dialog.width_spin.setValue(1000)
    assert dialog.pixels_label.text().startswith("About 1000 × ")
    assert dialog.preview_caption.text() == "4 nodes, 2 relations"

    dialog.select_format("graphml")
    dialog.refresh_preview_now()
    text = dialog.preview.text()
    assert "4 nodes" in text and "2 relations" in text and "<?xml" in text
    assert not dialog.image_group.isEnabled() and not dialog.legend_check.isEnabled()
    assert dialog.path_edit.text().endswith(".graphml")

    dialog.path_edit.setText(str(tmp_path / "missing" / "x.graphml"))
    assert not dialog.export_button.isEnabled()
    assert "does not exist" in dialog.note_label.text()
    (tmp_path / "there.graphml").write_text("old")
    dialog.path_edit.setText(str(tmp_path / "there.graphml"))
    assert dialog.export_button.isEnabled() and "will be replaced" in dialog.note_label.text()
    dialog.reject()


def test_browse_uses_the_injected_chooser(qtbot, window, tmp_path: Path) -> None:
    ctl = controller(window)
    ctl.dialogs = StubDialogs()
    dialog = open_dialog(qtbot, window)
    dialog.select_format("svg")
    dialog.path_edit.setText(str(tmp_path / "a.svg"))
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert ctl.dialogs.export_calls[-1][2] == ".svg"
    assert dialog.path_edit.text() == str(tmp_path / "browsed.svg")
    dialog.reject()


def test_lens_option_follows_current_view(qtbot, window, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    assert not dialog.lens_check.isEnabled()  # no lens applied
    dialog.reject()
    window.view_state.set(LensView(frozenset({"s1", "d1"}), frozenset({"r1"})))
    try:
        export_via_dialog(qtbot, window, "graphml", tmp_path / "lens.graphml", lens_check=True)
        graph = nx.read_graphml(tmp_path / "lens.graphml")
        assert {d["label"] for _, d in graph.nodes(data=True)} == {"Universities", "Scalability"}
        assert graph.number_of_edges() == 1
        export_via_dialog(qtbot, window, "png", tmp_path / "lens.png", lens_check=True)
        assert not QImage(str(tmp_path / "lens.png")).isNull()
    finally:
        window.view_state.set(None)


def test_cancelled_export_leaves_no_file(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    """A long diagram export shows progress; pressing Cancel in it writes nothing."""
    real = exchange_controller.export_diagram
    ctl = controller(window)
    seen: dict[str, bool] = {}

    def slow_export(*args, progress=None, **kwargs):
        # A long export reports progress between stages; meanwhile the user sees
        # the progress dialog and presses its Cancel button.
        progress(0, 4)
        # the export runs on the UI thread, so waiting here turns the event loop
        qtbot.waitUntil(
            lambda: ctl.runner.dialog is not None and ctl.runner.dialog.isVisible(), timeout=WAIT_MS
        )
        dialog = ctl.runner.dialog
        seen["modal"] = dialog.windowModality() == Qt.WindowModality.WindowModal
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        return real(*args, progress=progress, **kwargs)  # its first report sees the cancel

    monkeypatch.setattr(exchange_controller, "export_diagram", slow_export)
    existing = tmp_path / "kept.png"
    existing.write_bytes(b"the previous export")
    for target in (tmp_path / "new.png", existing):
        dialog = open_dialog(qtbot, window)
        dialog.select_format("png")
        dialog.path_edit.setText(str(target))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, ctl)
        assert seen.pop("modal")
        qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert not (tmp_path / "new.png").exists()
    assert existing.read_bytes() == b"the previous export"
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


def test_export_error_is_one_line(qtbot, window, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.png"
    folder.mkdir()
    ctl = controller(window)
    dialog = open_dialog(qtbot, window)
    dialog.select_format("png")
    dialog.path_edit.setText(str(folder))
    assert not dialog.export_button.isEnabled()  # the dialog refuses a folder
    options = dialog.options()
    dialog.reject()
    assert ctl.run_export(options)
    wait_done(qtbot, ctl)
    message = window.dialogs.last_error
    assert message and "directory" in message and "\n" not in message


def test_closing_waits_for_a_running_export(qtbot, window, tmp_path: Path) -> None:
    ctl = controller(window)
    dialog = open_dialog(qtbot, window)
    dialog.select_format("pdf")
    dialog.path_edit.setText(str(tmp_path / "late.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    window.close()  # must not abort the process with a running QThread
    assert ctl.runner.wait(WAIT_MS)


def test_cancel_after_the_file_is_written_says_so(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    real = exchange_controller.export_diagram
    ctl = controller(window)

    def done_then_cancel(*args, progress=None, **kwargs):
        result = real(*args, progress=progress, **kwargs)
        # Written; the progress dialog is still up and the user presses Cancel now.
        qtbot.waitUntil(
            lambda: ctl.runner.dialog is not None and ctl.runner.dialog.isVisible(), timeout=WAIT_MS
        )
        qtbot.mouseClick(ctl.runner.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        return result

    monkeypatch.setattr(exchange_controller, "export_diagram", done_then_cancel)
    dialog = open_dialog(qtbot, window)
    dialog.select_format("svg")
    dialog.path_edit.setText(str(tmp_path / "late.svg"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, ctl)
    qtbot.waitUntil(lambda: "already finished" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert ElementTree.parse(tmp_path / "late.svg").getroot().tag.endswith("svg")


def test_one_job_at_a_time(qtbot, window, graphml_file: Path, tmp_path: Path, monkeypatch) -> None:
    gate = threading.Event()
    real = exchange_controller.export_diagram

    def slow_export(*args, **kwargs):
        gate.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(exchange_controller, "export_diagram", slow_export)
    ctl = controller(window)
    ctl.dialogs = StubDialogs(graphml_file)
    dialog = open_dialog(qtbot, window)
    dialog.select_format("png")
    dialog.path_edit.setText(str(tmp_path / "busy.png"))
    export_options = dialog.options()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert ctl.runner.running
    assert not ctl.import_into_map()
    assert not ctl.run_export(export_options)
    assert "still running" in window.statusBar().currentMessage()
    gate.set()
    wait_done(qtbot, ctl)
    assert (tmp_path / "busy.png").exists()
    assert window.undo_stack.count() == 0
