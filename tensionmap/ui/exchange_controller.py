"""File > Import and File > Export in the window.

- "Import into This Map…" reads a GraphML, GEXF, CSV (or zip), JSON or edge
  list file off the UI thread, then adds it to the open map as ONE undo step
  (``merge_command``), selects what came in and fits the view.
- "Import as New Workspace…" asks for a .tmap (beside the source by default),
  reads the file off the UI thread, writes the new workspace and shows it in
  this window (the map shown before is already saved: every change is).
- "Export…" opens ``ExportDialog`` (format, file, PNG size, legend,
  transparency, "only what the current lens shows", a preview) and exports a
  copy of the map, taken on the UI thread, off the UI thread.

Long jobs show a window-modal progress dialog after a moment and can be
cancelled: a cancelled import changes nothing; a cancelled export writes
nothing (files are written beside the target and renamed into place). A file
that cannot be read or written gives a dialog with one plain-text line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QAction

from ..commands import Batch, update_relation
from ..interchange import Imported, ImportOptions, import_file, merge_command
from ..render.export import STEPS, DiagramOptions, export_diagram
from ..store import WorkspaceFile, WorkspaceFileError
from .exchange_dialogs import ExchangeDialogs
from .exchange_export_dialog import ExportDialog
from .exchange_formats import ExportOptions, export_source
from .exchange_jobs import write_data_atomically
from .exchange_summary import ImportSummaryDialog
from .jobs import Job, JobRunner

if TYPE_CHECKING:
    from .window_api import WindowApi

STATUS_MS = 8000


def suggested_workspace_path(source: Path) -> Path:
    """``source`` with ``.tmap``, numbered when that file exists already."""
    target = source.with_suffix(".tmap")
    n = 2
    while target.exists():
        target = source.with_name(f"{source.stem}-{n}.tmap")
        n += 1
    return target


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class ExchangeController:
    """Import and export for one window (created by ``install_extensions``)."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        #: File choosers; tests replace it with a stub returning paths.
        self.dialogs: Any = ExchangeDialogs(window)
        self.runner = JobRunner(window)
        self.export_dialog: ExportDialog | None = None
        #: The last import's summary dialog (shown when the import left out or changed anything).
        self.summary_dialog: ImportSummaryDialog | None = None
        #: The type for relations of files without sign information (``import --unsigned-as``).
        self.import_options = ImportOptions()
        self.last_export: ExportOptions | None = None
        self._last_folder: Path | None = None
        self._build_actions()

    # ------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        w = self.window
        self.import_into_action = QAction("&Import into This Map…", w)
        self.import_into_action.setToolTip(
            "Add the nodes and relations of a GraphML, GEXF, CSV, JSON or edge-list file "
            "to this map (one undo step)"
        )
        self.import_into_action.setStatusTip(self.import_into_action.toolTip())
        self.import_into_action.triggered.connect(lambda: self.import_into_map())
        self.import_new_action = QAction("Import as Ne&w Workspace…", w)
        self.import_new_action.setToolTip(
            "Make a new workspace file from a GraphML, GEXF, CSV, JSON or edge-list file"
        )
        self.import_new_action.setStatusTip(self.import_new_action.toolTip())
        self.import_new_action.triggered.connect(lambda: self.import_as_new_workspace())
        self.export_action = QAction("E&xport…", w)
        self.export_action.setToolTip(
            "Export the map as PNG, SVG or PDF, or its data as GraphML, GEXF, JSON or CSV"
        )
        self.export_action.setStatusTip(self.export_action.toolTip())
        self.export_action.triggered.connect(lambda: self.open_export_dialog())
        menu, anchor = w.menus.file, w.menus.exchange_anchor
        menu.insertSeparator(anchor)
        for action in (self.import_into_action, self.import_new_action, self.export_action):
            menu.insertAction(anchor, action)
        w.actions.update(
            import_into=self.import_into_action,
            import_new=self.import_new_action,
            export=self.export_action,
        )

    # -------------------------------------------------------------- hooks
    def file_set(self, wf: WorkspaceFile) -> None:
        self.import_into_action.setEnabled(not wf.read_only)
        if self.export_dialog is not None:
            self.export_dialog.reject()

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Let a running import or export finish and its result arrive (screenshots, tests)."""
        if self.runner.running and self.runner.wait(timeout_ms):
            QCoreApplication.processEvents()  # the job's result is a queued signal

    def closing(self) -> None:
        if self.export_dialog is not None:
            self.export_dialog.reject()
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        self.runner.shutdown()

    # ------------------------------------------------------------- helpers
    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def _busy(self) -> bool:
        if self.runner.running:
            self._status("An import or export is still running: wait for it or cancel it first")
        return self.runner.running

    def _error(self, title: str, message: str) -> None:
        self.window.dialogs.error(title, message)

    def _start_folder(self) -> Path:
        if self._last_folder is not None and self._last_folder.is_dir():
            return self._last_folder
        wf = self.window.wf
        if wf is not None:
            folder = Path(wf.path).parent
            data_dir = Path(self.window.app.data_dir)
            if folder.is_dir() and folder.resolve() != data_dir.resolve():
                return folder  # not the hidden folder untitled workspaces live in
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _read_job(self, source: Path) -> Any:
        options = self.import_options

        def call(report: Any) -> Imported:
            report(0, 0)
            return import_file(str(source), options=options)

        return call

    def _show_summary(self, result: Imported, relation_ids: list[str]) -> None:
        """Say what the import left out or changed (nothing to say: the status bar is enough)."""
        summary = result.summary
        if not summary.changes:
            return
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        ws = self.window.wf.workspace if self.window.wf is not None else None

        def retype(rtype: str) -> bool:
            current = self.window.wf
            if current is None or current.workspace is not ws:
                return False
            ids = [rid for rid in relation_ids if rid in ws.relations]
            if not ids:
                return False
            word = rtype.replace("_", " ")
            command = Batch([update_relation(rid, type=rtype) for rid in ids], f"Imported relations: {word}")
            if not self.window.push(command):
                return False
            self._status(f"{_count(len(ids), 'imported relation')} now '{word}'")
            return True

        dialog = ImportSummaryDialog(self.window, summary, retype)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: self._summary_closed(dialog))
        self.summary_dialog = dialog
        dialog.show()

    def _summary_closed(self, dialog: ImportSummaryDialog) -> None:
        if self.summary_dialog is dialog:
            self.summary_dialog = None

    # -------------------------------------------------------------- import
    def import_into_map(self, path: str | Path | None = None) -> bool:
        """Read a file off the UI thread and add it to this map as one undo step.

        Returns True when the read started (the merge follows when it is done).
        """
        wf = self.window.wf
        if wf is None or wf.read_only or self._busy():
            return False
        if not path:
            path = self.dialogs.import_path(str(self._start_folder()))
        if not path:
            return False
        source = Path(path)
        self._last_folder = source.parent
        target_ws = wf.workspace

        def merge(result: Imported) -> None:
            imported = result.workspace
            current = self.window.wf
            if current is None or current.workspace is not target_ws:
                self._status(f"Import of {source.name} dropped: another workspace is shown now")
                return
            if not imported.nodes:
                self._error("Nothing to import", f"{source.name}: the file holds no nodes")
                return
            before = set(target_ws.nodes)
            before_relations = set(target_ws.relations)
            command = merge_command(target_ws, imported, text=f"Import {source.name}")
            if not self.window.push(command):
                return  # the undo adapter reported why on the status bar
            added = [key for key in target_ws.nodes if key not in before]
            self.window.scene.select_ids(added)
            self.window.canvas.fit_map()
            self._status(
                f"Imported {_count(len(imported.nodes), 'node')} and "
                f"{_count(len(imported.relations), 'relation')} from {source.name}"
            )
            self._show_summary(result, [r for r in target_ws.relations if r not in before_relations])

        return self._start_import(source, merge, "nothing changed")

    def import_as_new_workspace(
        self, path: str | Path | None = None, target: str | Path | None = None
    ) -> bool:
        """Read a file off the UI thread into a new .tmap, then show that workspace here."""
        if self._busy():
            return False
        if not path:
            path = self.dialogs.import_path(str(self._start_folder()))
        if not path:
            return False
        source = Path(path)
        self._last_folder = source.parent
        if not target:
            target = self.dialogs.new_workspace_path(str(suggested_workspace_path(source)))
        if not target:
            return False
        target_path = Path(target)
        if target_path.suffix.lower() != ".tmap":
            target_path = target_path.with_name(target_path.name + ".tmap")
        problem = self._target_problem(source, target_path)
        if problem is not None:
            self._error("Cannot import", problem)
            return False

        def create(result: Imported) -> None:
            imported = result.workspace
            if not imported.title.strip() or imported.title == "Untitled":
                imported.set_info(title=source.stem)
            problem = self._target_problem(source, target_path)
            if problem is not None:
                self._error("Cannot import", problem)
                return
            try:
                wf = WorkspaceFile.create(target_path, imported, overwrite=target_path.exists())
            except (WorkspaceFileError, OSError) as exc:
                self._error("Cannot create the workspace", str(exc))
                return
            self.window.set_file(wf)
            self._status(
                f"New workspace {target_path.name}: {_count(len(imported.nodes), 'node')} and "
                f"{_count(len(imported.relations), 'relation')} from {source.name}"
            )
            self._show_summary(result, list(wf.workspace.relations))

        return self._start_import(source, create, "no workspace was made")

    def _start_import(self, source: Path, on_result: Callable[[Imported], None], unchanged: str) -> bool:
        """Read ``source`` on a worker, then hand the new workspace to ``on_result`` on this thread."""
        return self.runner.start(
            Job(
                self._read_job(source),
                "Import",
                f"Reading {source.name}…",
                on_result=on_result,
                on_error=lambda message: self._error("Cannot import", message),
                on_cancel=lambda: self._status(f"Import of {source.name} cancelled: {unchanged}"),
            )
        )

    def _target_problem(self, source: Path, target: Path) -> str | None:
        try:
            resolved = target.resolve()
            if resolved == source.resolve():
                return f"{target.name}: choose a workspace file other than the file being imported"
            shown = [self.window.wf, *self.window.other_files()]
            if any(wf is not None and Path(wf.path).resolve() == resolved for wf in shown):
                return f"{target.name} is open in a window: choose another name"
        except OSError as exc:
            return f"{target.name}: {exc.strerror or exc}"
        if not target.parent.is_dir():
            return f"{target.name}: folder {target.parent} does not exist"
        return None

    # -------------------------------------------------------------- export
    def open_export_dialog(self) -> ExportDialog | None:
        """Show the export dialog (window-modal, not blocking); Export runs ``run_export``."""
        wf = self.window.wf
        if wf is None:
            return None
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            return self.export_dialog
        dialog = ExportDialog(
            self.window,
            wf.workspace,
            view=self.window.view_state.view,
            default_folder=self._start_folder(),
            choose_path=self.dialogs.export_path,
            initial=self.last_export,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.run_export(dialog.options()))
        dialog.finished.connect(lambda _result: self._export_dialog_closed(dialog))
        self.export_dialog = dialog
        dialog.open()
        dialog.refresh_preview_now()
        return dialog

    def _export_dialog_closed(self, dialog: ExportDialog) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None

    def run_export(self, options: ExportOptions) -> bool:
        """Export a copy of the map (taken now); True when it started.

        Data formats are written on a worker thread; diagrams are drawn on the
        UI thread with events pumped between stages, so progress and Cancel
        still work.
        """
        wf = self.window.wf
        if wf is None or self._busy():
            return False
        self.last_export = options
        path = options.path
        self._last_folder = path.parent
        source = export_source(wf.workspace, options.fmt, self.window.view_state.view, options.lens_only)
        if options.format.diagram:

            def call(report: Any) -> object:
                return export_diagram(
                    source,
                    path,
                    options.fmt,
                    DiagramOptions(
                        dpi=options.dpi,
                        width=options.width,
                        legend=options.legend,
                        transparent=options.transparent,
                    ),
                    progress=report,
                )

            total = STEPS
        else:

            def call(report: Any) -> object:
                write_data_atomically(source, path, options.fmt, report)
                return path

            total = 2

        def done(_result: object) -> None:
            self._status(
                f"Exported {_count(len(source.nodes), 'node')} and "
                f"{_count(len(source.relations), 'relation')} to {path.name}"
            )

        return self.runner.start(
            Job(
                call,
                "Export",
                f"Exporting {path.name}…",
                total=total,
                on_result=done,
                on_error=lambda message: self._error("Cannot export", message),
                on_cancel=lambda: self._status(f"Export to {path.name} cancelled: nothing was written"),
                on_late_result=lambda _result: self._status(
                    f"The export had already finished when it was cancelled: {path.name} was written"
                ),
                # Diagrams draw through a QGraphicsScene, which belongs on the UI thread.
                ui_thread=options.format.diagram,
            )
        )
