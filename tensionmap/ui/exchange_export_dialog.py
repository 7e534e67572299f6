"""The File > Export… dialog: format, target file, options and a live preview.

The dialog only gathers ``ExportOptions``; the exchange controller runs the
export itself off the UI thread. It is window-modal and opened with
``open()`` (never a blocking ``exec``), so the map cannot change under it.

The formats, ``ExportOptions`` and the data summaries live in
``exchange_formats``. The preview is a small PNG of the sheet (diagram formats) or a summary with
the first lines of the file (data formats), refreshed shortly after an option
changes. Every label is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..model import Workspace
from ..render.export import MAX_DPI, MAX_WIDTH, DiagramOptions, diagram_bytes, snapshot
from ..render.export_sheet import logical_dpi
from .exchange_formats import (
    EXPORT_FORMATS,
    EXTENSIONS,
    FORMAT_BY_KEY,
    ExportFormat,
    ExportOptions,
    data_summary,
    lens_ids,
    safe_file_stem,
)

PREVIEW_SIZE = QSize(380, 280)
PREVIEW_DELAY_MS = 150
DETAIL_SCALE = 0.4  # above style.DETAIL_LOD (0.35): nodes are drawn with their labels
PREVIEW_MAX_PIXELS = 1600  # the longest side the preview is drawn at before scaling down
DEFAULT_DPI = 192
DEFAULT_WIDTH = 1920


class ExportDialog(QDialog):
    """Choose what to export and where; ``options()`` reads the choice."""

    def __init__(
        self,
        parent: QWidget | None,
        ws: Workspace,
        *,
        view: Any = None,
        default_folder: Path | None = None,
        choose_path: Callable[[str, str, str], str | None] | None = None,
        initial: ExportOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Map")
        self.setObjectName("export-dialog")
        self.ws = ws
        self.view = view
        self.choose_path = choose_path
        self._preview_cache: dict[tuple, QPixmap | str] = {}
        #: The size of the whole sheet in scene units, learnt from the preview (for the pixel readout).
        self._sheet_sizes: dict[tuple, tuple[float, float]] = {}
        self._sheet_size: tuple[float, float] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview_now)
        self._build()
        folder = default_folder if default_folder is not None else Path.home()
        self.path_edit.setText(str(folder / f"{safe_file_stem(ws.title)}.png"))
        if initial is not None:
            self._restore(initial)
        self._format_changed()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.format_combo = QComboBox()
        for fmt in EXPORT_FORMATS:
            self.format_combo.addItem(f"{fmt.label} ({fmt.extension})", fmt.key)
        self.format_combo.setToolTip("Diagrams (PNG, SVG, PDF) draw the map; data formats carry its content")
        self.path_edit = QLineEdit()
        self.path_edit.setMinimumWidth(300)
        self.path_edit.setToolTip("The file to write (an existing file is replaced whole)")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.setContentsMargins(0, 0, 0, 0)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Format:", self.format_combo)
        form.addRow("File:", path_row)

        self.image_group = QGroupBox("Image size (PNG)")
        self.dpi_radio = QRadioButton("Resolution")
        self.width_radio = QRadioButton("Width")
        self.dpi_radio.setChecked(True)
        self._size_buttons = QButtonGroup(self)
        self._size_buttons.addButton(self.dpi_radio)
        self._size_buttons.addButton(self.width_radio)
        self.dpi_spin = QSpinBox()
        self.dpi_spin.setRange(24, int(MAX_DPI))
        self.dpi_spin.setValue(DEFAULT_DPI)
        self.dpi_spin.setSuffix(" dpi")
        self.dpi_spin.setToolTip("96 dpi is the map at 100% zoom; 300 dpi suits print")
        self.width_spin = QSpinBox()
        self.width_spin.setRange(16, MAX_WIDTH)
        self.width_spin.setValue(DEFAULT_WIDTH)
        self.width_spin.setSuffix(" px")
        self.width_spin.setToolTip("The height follows the map's proportions")
        self.pixels_label = QLabel()
        self.pixels_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pixels_label.setObjectName("pixels-label")
        grid = QGridLayout(self.image_group)
        grid.addWidget(self.dpi_radio, 0, 0)
        grid.addWidget(self.dpi_spin, 0, 1)
        grid.addWidget(self.width_radio, 1, 0)
        grid.addWidget(self.width_spin, 1, 1)
        grid.addWidget(self.pixels_label, 2, 0, 1, 2)
        grid.setColumnStretch(2, 1)

        self.legend_check = QCheckBox("Legend")
        self.legend_check.setChecked(True)
        self.legend_check.setToolTip("The key to shapes and relation styles, beside or below the map")
        self.transparent_check = QCheckBox("Transparent background")
        self.transparent_check.setToolTip("Leave the background clear, e.g. for coloured slides")
        self.lens_check = QCheckBox("Only what the current lens shows")
        if lens_ids(self.view) is None:
            self.lens_check.setEnabled(False)
            self.lens_check.setToolTip("No lens is applied: the whole map is exported")
        else:
            self.lens_check.setToolTip("Leave out the nodes and relations the current lens hides")
        options = QGroupBox("Options")
        box = QVBoxLayout(options)
        box.addWidget(self.legend_check)
        box.addWidget(self.transparent_check)
        box.addWidget(self.lens_check)

        self.note_label = QLabel()
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setWordWrap(True)
        self.note_label.setObjectName("export-note")
        self.note_label.setStyleSheet("color: #8A4B00;")

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.image_group)
        left.addWidget(options)
        left.addWidget(self.note_label)
        left.addStretch(1)

        self.preview = QLabel()
        self.preview.setObjectName("export-preview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("QLabel#export-preview { background: #F2F2F2; }")
        self.preview.setWordWrap(False)
        preview_box = QGroupBox("Preview")
        pv = QVBoxLayout(preview_box)
        pv.addWidget(self.preview)
        self.preview_caption = QLabel()
        self.preview_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_caption.setStyleSheet("color: #5A5A5A;")
        pv.addWidget(self.preview_caption)
        pv.addStretch(1)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(preview_box, 0)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        outer.addWidget(self.buttons)

        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.path_edit.textChanged.connect(self._validate)
        for widget in (self.legend_check, self.transparent_check, self.lens_check):
            widget.toggled.connect(self._schedule_preview)
        self.dpi_radio.toggled.connect(self._size_mode_changed)
        self.dpi_spin.valueChanged.connect(self._update_pixels)
        self.width_spin.valueChanged.connect(self._update_pixels)

    def _restore(self, options: ExportOptions) -> None:
        """Start from the options of the previous export (the folder, the format, the size)."""
        index = self.format_combo.findData(options.fmt)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        folder = options.path.parent
        if folder.is_dir():
            self.path_edit.setText(str(folder / f"{safe_file_stem(self.ws.title)}{options.format.extension}"))
        if options.width is not None:
            self.width_radio.setChecked(True)
            self.width_spin.setValue(options.width)
        elif options.dpi is not None:
            self.dpi_spin.setValue(round(options.dpi))
        self.legend_check.setChecked(options.legend)
        self.transparent_check.setChecked(options.transparent)
        if self.lens_check.isEnabled():
            self.lens_check.setChecked(options.lens_only)

    # ------------------------------------------------------------- reading
    def current_format(self) -> ExportFormat:
        return FORMAT_BY_KEY[self.format_combo.currentData()]

    def select_format(self, key: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(key))

    def target_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        extension = self.current_format().extension
        if path.suffix.lower() != extension:
            path = path.with_name(path.name + extension)
        return path

    def options(self) -> ExportOptions:
        fmt = self.current_format()
        png = fmt.key == "png"
        path = self.target_path()
        return ExportOptions(
            fmt=fmt.key,
            path=path if path is not None else Path(),
            dpi=float(self.dpi_spin.value()) if png and self.dpi_radio.isChecked() else None,
            width=self.width_spin.value() if png and self.width_radio.isChecked() else None,
            legend=self.legend_check.isChecked() if fmt.diagram else True,
            transparent=self.transparent_check.isChecked() if fmt.diagram else False,
            lens_only=self.lens_check.isEnabled() and self.lens_check.isChecked(),
        )

    def problem(self) -> str | None:
        """Why Export cannot go ahead, or None."""
        path = self.target_path()
        if path is None:
            return "Choose the file to export to."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        if path.is_dir():
            return f"{path.name} is a folder."
        return None

    # ------------------------------------------------------------- reacting
    def _format_changed(self, *_: object) -> None:
        fmt = self.current_format()
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in EXTENSIONS:
                path = path.with_suffix(fmt.extension)
            elif path.suffix.lower() != fmt.extension:
                path = path.with_name(path.name + fmt.extension)
            self.path_edit.setText(str(path))
        png = fmt.key == "png"
        self.image_group.setEnabled(png)
        self.legend_check.setEnabled(fmt.diagram)
        self.transparent_check.setEnabled(fmt.diagram)
        self._size_mode_changed()
        self._validate()
        self._schedule_preview()

    def _size_mode_changed(self, *_: object) -> None:
        self.dpi_spin.setEnabled(self.dpi_radio.isChecked())
        self.width_spin.setEnabled(self.width_radio.isChecked())
        self._update_pixels()

    def _update_pixels(self, *_: object) -> None:
        if self.current_format().key != "png" or self._sheet_size is None:
            self.pixels_label.setText("")
            return
        sheet_w, sheet_h = self._sheet_size
        if self.width_radio.isChecked():
            w = self.width_spin.value()
            h = round(w * sheet_h / sheet_w)
        else:
            scale = self.dpi_spin.value() / logical_dpi()
            w, h = round(sheet_w * scale), round(sheet_h * scale)
        self.pixels_label.setText(f"About {w} × {h} pixels")

    def _validate(self, *_: object) -> None:
        problem = self.problem()
        path = self.target_path()
        if problem is not None:
            self.note_label.setText(problem)
        elif path is not None and path.exists():
            self.note_label.setText(f"{path.name} exists and will be replaced.")
        else:
            self.note_label.setText("")
        self.export_button.setEnabled(problem is None)

    def _browse(self) -> None:
        if self.choose_path is None:
            return
        fmt = self.current_format()
        chosen = self.choose_path(self.path_edit.text().strip(), fmt.label, fmt.extension)
        if chosen:
            self.path_edit.setText(chosen)

    def _accept_if_valid(self) -> None:
        if self.problem() is None:
            self.accept()

    # -------------------------------------------------------------- preview
    def _schedule_preview(self, *_: object) -> None:
        self._timer.start()

    def preview_key(self) -> tuple:
        opts = self.options()
        fmt = self.current_format()
        if fmt.diagram:
            return ("diagram", opts.legend, opts.transparent, opts.lens_only)
        return ("data", fmt.key, opts.lens_only)

    def refresh_preview_now(self) -> None:
        """Draw the preview for the current options (the timer calls this; tests may too)."""
        self._timer.stop()
        key = self.preview_key()
        cached = self._preview_cache.get(key)
        if cached is None:
            cached = self._make_preview(key)
            self._preview_cache[key] = cached
        self._sheet_size = self._sheet_sizes.get(key, self._sheet_size)
        if isinstance(cached, QPixmap):
            self.preview.setFont(self.font())
            self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner = self.preview.contentsRect().size() - QSize(8, 8)
            self.preview.setPixmap(
                cached.scaled(
                    inner, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            shown = self._shown_counts()
            self.preview_caption.setText(f"{shown[0]} nodes, {shown[1]} relations")
        else:
            self.preview.setPixmap(QPixmap())
            mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            mono.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
            self.preview.setFont(mono)
            self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.preview.setText(cached)
            self.preview_caption.setText("Summary and the start of the file")
        self._update_pixels()

    def _shown_counts(self) -> tuple[int, int]:
        source = self._source(self.options().lens_only)
        return len(source.nodes), len(source.relations)

    def _source(self, lens_only: bool) -> Workspace:
        ids = lens_ids(self.view) if lens_only else None
        return snapshot(self.ws, ids[0], ids[1]) if ids is not None else self.ws

    def _make_preview(self, key: tuple) -> QPixmap | str:
        if key[0] == "data":
            _, fmt, lens_only = key
            return data_summary(self._source(lens_only), fmt)
        _, legend, transparent, lens_only = key
        source = self._source(lens_only)
        if not source.nodes:
            return "Nothing to draw: the map is empty."
        # Draw at a resolution that makes the sheet about as wide as the preview.
        xs = [n.x for n in source.nodes.values()]
        ys = [n.y for n in source.nodes.values()]
        extent = max(max(xs) - min(xs) + 400.0 + (260.0 if legend else 0.0), max(ys) - min(ys) + 300.0)
        # At least DETAIL_SCALE when the image stays small, so nodes keep their labels as on the canvas.
        fit = 2.0 * PREVIEW_SIZE.width() / extent
        scale = min(1.0, max(0.01, fit, min(DETAIL_SCALE, PREVIEW_MAX_PIXELS / extent)))
        try:
            data = diagram_bytes(
                source,
                "png",
                DiagramOptions(dpi=logical_dpi() * scale, legend=legend, transparent=transparent),
            )
        except Exception as exc:  # a preview never stops the dialog
            return f"No preview: {' '.join(str(exc).split())}"
        pixmap = QPixmap()
        pixmap.loadFromData(data, "PNG")
        if pixmap.isNull():
            return "No preview."
        self._sheet_sizes[key] = (pixmap.width() / scale, pixmap.height() / scale)
        return pixmap
