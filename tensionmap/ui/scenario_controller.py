"""What-if scenarios and snapshots in the window.

- The Scenarios dock (View > Scenarios): sliders fix drivers, every change
  runs the scenario at once (it takes milliseconds) and the chart shows who
  gains and who loses; a second saved scenario can be shown beside it. The
  map shows the run too: moved drivers tinted and badged, stakeholders badged
  as gaining or losing. The run follows edits of the map live.
- File > Take Snapshot…, Restore Snapshot… (one undoable step) and Compare
  with Snapshot… (the map marked against the snapshot: new, removed as
  ghosts, renamed, sign flips), File > Stop Comparing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMessageBox

from ..analysis.diff import diff_maps
from ..analysis.scenario import ScenarioError, ScenarioResult, run_scenario
from ..commands import AddEntity, RemoveEntity
from ..commands.snapshots import RestoreSnapshot, take_snapshot
from ..model import Change, Scenario, new_id
from ..model.snapshot import decode_map
from ..render.scenario_marks import CompareMarks, CompareState, Ghost, ScenarioMarks
from .scenario_chart import Series
from .scenario_dock import ScenarioDock

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .window_api import WindowApi

GHOST_SIZE = (150.0, 56.0)
RERUN_MS = 40  # coalesce a burst of model changes (a paste, an import) into one run


class ScenarioController:
    """Wires the Scenarios dock, the scenario marks and the snapshot actions into one window."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.wf: WorkspaceFile | None = None
        self.dock = ScenarioDock(window)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # opt-in: View > Scenarios
        self.marks: ScenarioMarks | None = None
        self.compare_marks: CompareMarks | None = None
        self._ghosts_shown = QRectF()  # the ghost extent the view was last fitted for
        self.compared_snapshot: str | None = None
        self.result: ScenarioResult | None = None
        self._unsubscribe = None
        self._rerun = QTimer(window)
        self._rerun.setSingleShot(True)
        self._rerun.setInterval(RERUN_MS)
        self._rerun.timeout.connect(self._model_changed)
        self._rebuild_rows = False
        self.dock.changed.connect(self.run)
        self.dock.picked.connect(self._load)
        self.dock.save_requested.connect(self.save_scenario)
        self.dock.delete_requested.connect(self.delete_scenario)
        self.dock.visibilityChanged.connect(lambda _v: self._show_marks())
        self._add_actions()

    def _add_actions(self) -> None:
        window = self.window
        toggle = self.dock.toggleViewAction()
        toggle.setText("&Scenarios")
        toggle.setToolTip("Push drivers and see which stakeholders gain and which lose")
        toggle.triggered.connect(lambda on: self._place_dock() if on else None)
        window.menus.view.addAction(toggle)
        menu = window.menus.file
        menu.addSeparator()
        self.take_action = QAction("Take &Snapshot…", window)
        self.take_action.setToolTip("Keep a named copy of the map as it is now inside the workspace")
        self.take_action.triggered.connect(lambda: self.take_snapshot())
        self.restore_action = QAction("Restore Snapshot…", window)
        self.restore_action.triggered.connect(lambda: self.restore_snapshot())
        self.compare_action = QAction("Compare with Snapshot…", window)
        self.compare_action.triggered.connect(lambda: self.compare_with())
        self.stop_compare_action = QAction("Stop Comparing", window)
        self.stop_compare_action.triggered.connect(lambda: self.compare_with(""))
        self.stop_compare_action.setEnabled(False)
        for action in (self.take_action, self.restore_action, self.compare_action, self.stop_compare_action):
            menu.addAction(action)

    def _place_dock(self) -> None:
        """Shown as a tab beside the Tensions dock (the whole height, not a sliver under it), in front."""
        tensions = self.window.findChild(QDockWidget, "tensions")
        if (
            tensions is not None
            and tensions.isVisible()
            and not tensions.isFloating()
            and self.window.dockWidgetArea(tensions) == self.window.dockWidgetArea(self.dock)
            and self.dock not in self.window.tabifiedDockWidgets(tensions)
        ):
            self.window.tabifyDockWidget(tensions, self.dock)
        self.dock.show()
        self.dock.raise_()
        # Room for the sliders and the chart: wider than the default right column, most of its height.
        self.window.dock_layout.scenarios(self.dock)

    # -------------------------------------------------------------- hooks
    def file_set(self, wf: WorkspaceFile) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.wf = wf
        scene = self.window.scene
        # MapScene.attach cleared the old items with the old map; drop our references to them.
        self.marks = None
        self.compare_marks = None
        self.marks = ScenarioMarks(self._node_rects)
        scene.addItem(self.marks)
        scene.addItem(self.marks.tints)
        self.compare_marks = CompareMarks(
            self._node_rects, self._relation_routes, lambda: self.window.scene.node_scale
        )
        scene.addItem(self.compare_marks)
        scene.extra_extents["compare"] = self.compare_marks.ghost_extent
        self.compared_snapshot = None
        self.stop_compare_action.setEnabled(False)
        self._unsubscribe = wf.workspace.subscribe(self._on_change)
        self.dock.free_all()
        self.dock.set_workspace(wf.workspace)
        self.run()
        self._update_compare()

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Nothing of this feature runs in the background: the scenario runs are quick."""

    def closing(self) -> None:
        """Stop following the map and take the marks off the scene before the window goes.

        The marks are Python items owned by the scene; removing them here (as the
        tension overlays do) means nothing paints or refreshes them while Qt tears
        the scene down.
        """
        self._rerun.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._remove_marks()
        self.wf = None

    def _remove_marks(self) -> None:
        self.window.scene.extra_extents.pop("compare", None)
        for item in (self.marks, self.marks.tints if self.marks else None, self.compare_marks):
            if item is not None and shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.marks = None
        self.compare_marks = None

    # ------------------------------------------------------------ running
    def _node_rects(self) -> dict[str, QRectF]:
        return {key: item.sceneBoundingRect() for key, item in self.window.scene.node_items.items()}

    def _relation_routes(self) -> dict[str, object]:
        """relation id -> its drawn route, as the canvas routes it now."""
        return {key: route for key, (_rel, route) in self.window.scene.relation_geometry().items()}

    def _on_change(self, change: Change) -> None:
        if change.collection in ("nodes", "scenarios"):
            self._rebuild_rows = (
                self._rebuild_rows
                or change.collection == "scenarios"
                or (
                    change.before is None
                    or change.after is None
                    or getattr(change.before, "label", None) != getattr(change.after, "label", None)
                    or getattr(change.before, "kind", None) != getattr(change.after, "kind", None)
                )
            )
        self._rerun.start()

    def _model_changed(self) -> None:
        if self.wf is None or self.marks is None:
            return
        if self._rebuild_rows:
            self._rebuild_rows = False
            self.dock.set_workspace(self.wf.workspace)
        self.run()
        self._update_compare()

    def run(self) -> None:
        """Run the levels on the sliders (and the compared scenario) and show the results."""
        if self.wf is None:
            return
        ws = self.wf.workspace
        fixed = self.dock.fixed_levels()
        lam = self.dock.lam.value()
        try:
            result = run_scenario(ws, fixed, lam)
        except ScenarioError as exc:
            self.dock.status.setText(str(exc))
            return
        self.result = result
        name = self.dock.picker.currentText() if self.dock.current_scenario_id() else "These levels"
        runs = [(name, result)]
        other = ws.scenarios.get(self.dock.compare_id())
        if other is not None:
            try:
                runs.append((other.name, run_scenario(ws, dict(other.levels), other.lam)))
            except ScenarioError as exc:
                self.dock.status.setText(f"{other.name}: {exc}")
        self.dock.status.setText(self._status(result, bool(fixed)))
        people = [n for n in ws.nodes.values() if n.kind == "stakeholder"]
        drivers = sorted(
            (n for n in ws.nodes.values() if n.kind == "driver"), key=lambda n: n.label.casefold()
        )
        self.dock.chart.show_runs(
            [n.label for n in people],
            [Series(label, tuple(r.gains.get(n.id, 0.0) for n in people)) for label, r in runs],
            [n.label for n in drivers],
            [Series(label, tuple(r.levels.get(n.id, 0.0) for n in drivers)) for label, r in runs],
        )
        if self.marks is not None:
            self.marks.set_run(result.levels, result.gains, set(fixed))
        self._show_marks()

    @staticmethod
    def _status(result: ScenarioResult, anything_fixed: bool) -> str:
        if not anything_fixed:
            return "No driver is fixed: move a slider to push a driver up (+) or down (−)."
        if result.converged:
            return f"Settled after {result.steps} step{'s' if result.steps != 1 else ''} (λ {result.lam:g})."
        cycle = f", swinging with period {result.cycle}" if result.cycle else ""
        return f"Did not settle within {result.steps} steps{cycle}: read the levels with care."

    def _show_marks(self) -> None:
        if self.marks is None or self.wf is None or not shiboken6.isValid(self.marks):
            return
        shown = self.dock.isVisible() and self.dock.on_map.isChecked()
        self.marks.setVisible(shown)
        self.marks.tints.setVisible(shown)

    # ---------------------------------------------------------- scenarios
    def _load(self, scenario_id: str) -> None:
        if self.wf is not None and scenario_id in self.wf.workspace.scenarios:
            self.dock.load(self.wf.workspace.scenarios[scenario_id])

    def save_scenario(self, name: str | None = None) -> str | None:
        if self.wf is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Save scenario", "Name of this scenario:")
            if not ok:
                return None
        name = name.strip()
        if not name:
            self.window.statusBar().showMessage("A scenario needs a name; nothing was saved.", 6000)
            return None
        ws = self.wf.workspace
        scenario = Scenario(
            new_id(), name, tuple(self.dock.fixed_levels().items()), self.dock.lam.value(), len(ws.scenarios)
        )
        if not self.window.push(AddEntity("scenarios", scenario, text=f"Save scenario {name}")):
            return None
        self.dock.set_workspace(ws)
        index = self.dock.picker.findData(scenario.id)
        self.dock.picker.blockSignals(True)
        self.dock.picker.setCurrentIndex(index)
        self.dock.picker.blockSignals(False)
        self.dock.delete_button.setEnabled(True)
        return scenario.id

    def delete_scenario(self, scenario_id: str) -> None:
        if self.wf is None or scenario_id not in self.wf.workspace.scenarios:
            return
        name = self.wf.workspace.scenarios[scenario_id].name
        self.window.push(RemoveEntity("scenarios", scenario_id, text=f"Delete scenario {name}"))

    # ---------------------------------------------------------- snapshots
    def _pick_snapshot(self, title: str) -> str | None:
        if self.wf is None:
            return None
        snaps = self.wf.workspace.ordered_snapshots()
        if not snaps:
            QMessageBox.information(
                self.window, title, "This workspace has no snapshots yet (File > Take Snapshot…)."
            )
            return None
        names = [f"{s.name}  ({s.taken.replace('T', ' ')[:16]})" for s in snaps]
        choice, ok = QInputDialog.getItem(self.window, title, "Snapshot:", names, len(names) - 1, False)
        return snaps[names.index(choice)].id if ok else None

    def take_snapshot(self, name: str | None = None) -> str | None:
        if self.wf is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Take snapshot", "Name of the snapshot:")
            if not ok:
                return None
        name = name.strip()
        ws = self.wf.workspace
        if not name or any(s.name == name for s in ws.snapshots.values()):
            why = "needs a name" if not name else f"called {name!r} already exists"
            self.window.statusBar().showMessage(f"A snapshot {why}; nothing was taken.", 6000)
            return None
        before = set(ws.snapshots)
        if not self.window.push(take_snapshot(ws, name)):
            return None
        self.window.statusBar().showMessage(f"Took snapshot {name!r}.", 5000)
        return next(iter(set(ws.snapshots) - before))

    def restore_snapshot(self, snapshot_id: str | None = None) -> bool:
        if self.wf is None:
            return False
        snapshot_id = snapshot_id or self._pick_snapshot("Restore snapshot")
        if snapshot_id is None:
            return False
        snap = self.wf.workspace.snapshots[snapshot_id]
        return self.window.push(RestoreSnapshot(snapshot_id, snap.name))

    def compare_with(self, snapshot_id: str | None = None) -> None:
        """Mark the map against a snapshot ("" stops comparing; None asks which)."""
        if snapshot_id is None:
            snapshot_id = self._pick_snapshot("Compare with snapshot")
            if snapshot_id is None:
                return
        self.compared_snapshot = snapshot_id or None
        self.stop_compare_action.setEnabled(self.compared_snapshot is not None)
        self._update_compare()
        if self.compared_snapshot is not None and self.wf is not None:
            name = self.wf.workspace.snapshots[self.compared_snapshot].name
            self.window.statusBar().showMessage(
                f"Comparing with snapshot {name!r}: File > Stop Comparing ends it."
            )

    def compare_state(self) -> CompareState:
        """What the Compare view marks, from the diff of the snapshot's map against now."""
        state = CompareState()
        if self.wf is None or self.compared_snapshot not in self.wf.workspace.snapshots:
            return state
        ws = self.wf.workspace
        then = decode_map(ws.snapshots[self.compared_snapshot].data)
        d = diff_maps(then, ws)
        state.added_nodes = {str(n["id"]) for n in d.nodes_added}
        state.renamed = {str(n["id"]): str(n["before"]) for n in d.relabelled}
        state.added_relations = [(str(r["source"]), str(r["target"])) for r in d.relations_added]
        state.added_relation_ids = [str(r["id"]) for r in d.relations_added]
        state.flipped = [
            (ws.relations[str(r["id"])].source, ws.relations[str(r["id"])].target) for r in d.sign_flips
        ]
        state.flipped_ids = [str(r["id"]) for r in d.sign_flips]
        w, h = GHOST_SIZE
        for n in d.nodes_removed:
            node = then.nodes[str(n["id"])]
            state.ghosts.append(Ghost(node.id, node.label, QRectF(node.x - w / 2, node.y - h / 2, w, h)))
        state.removed_relations = [(str(r["source"]), str(r["target"])) for r in d.relations_removed]
        return state

    def _update_compare(self) -> None:
        if self.compare_marks is None:
            return
        if self.wf is not None and self.compared_snapshot not in self.wf.workspace.snapshots:
            self.compared_snapshot = None
            self.stop_compare_action.setEnabled(False)
        self.compare_marks.set_state(self.compare_state())
        self.compare_marks.setVisible(self.compared_snapshot is not None)
        extent = self.compare_marks.ghost_extent()
        if extent != self._ghosts_shown:
            self._ghosts_shown = extent
            canvas = self.window.canvas
            if not canvas.user_zoomed:
                canvas.refit()  # the ghosts come into view with the map (and leave with it)
