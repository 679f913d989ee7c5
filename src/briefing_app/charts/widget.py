"""The chart panel of the window: a chooser, the chart (or its table of values), and the exports.

ChartPanel knows nothing of the main window: it is told the catalogue, the sector and the visible findings,
and it says which finding the user picked (``findingActivated``). integration.py wires it to the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalogue import Catalogue
from ..domain.search import RowIds
from ..domain.wording import ALL_SECTORS
from ..views.actions import shortcut_text
from .render import ChartView
from .spec import ChartKind, ChartSpec, comparison_spec, describe, sector_spec


class ChartTableModel(QAbstractTableModel):
    """The values a chart draws, one row per bar, as a table (the chart's accessible alternative)."""

    # (header, ChartBar field, width in average characters)
    COLUMNS = [
        ("Finding", "finding_id", 6),
        ("Sector", "sector_name", 14),
        ("Measure", "measure_label", 30),
        ("Value", "display_value", 7),
        ("Base", "base", 30),
        ("Period", "period", 14),
        ("Source", "source_short", 18),
        ("Confidence", "confidence_text", 18),
        ("Caveats", "caveats_text", 40),
    ]
    SECTOR_COLUMN = 1
    FindingIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._spec: ChartSpec | None = None

    def set_spec(self, spec: ChartSpec | None) -> bool:
        """Show the bars of ``spec``; False when they are the ones shown already (the rows stay as they are)."""
        if spec is not None and self._spec is not None and spec.bars == self._spec.bars:
            self._spec = spec  # e.g. only the caption changed: every row reads the same
            return False
        self.beginResetModel()
        self._spec = spec
        self.endResetModel()
        return True

    @property
    def spec(self) -> ChartSpec | None:
        return self._spec

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() or self._spec is None:
            return 0
        return len(self._spec.bars)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _text(self, row: int, column: int) -> str:
        bar = self._spec.bars[row]
        field = self.COLUMNS[column][1]
        if field == "measure_label" and bar.confidence_mark:
            return f"{bar.measure_label} ({bar.confidence_mark})"
        if field == "confidence_text":
            return bar.confidence.label
        if field == "caveats_text":
            return " ".join(bar.caveats)
        return str(getattr(bar, field))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._spec is None or not 0 <= index.row() < len(self._spec.bars):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(index.row(), index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                # Tool tips are rich text where they look like markup: escape dataset text.
                import html

                return f"<p>{html.escape(text)}</p>" if text else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.COLUMNS[index.column()][1] == "display_value":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == self.FindingIdRole:
            return self._spec.bars[index.row()].finding_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical and self._spec is not None and 0 <= section < len(self._spec.bars):
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def rows_of(self, finding_id: str) -> list[int]:
        return self._spec.bar_indexes(finding_id) if self._spec else []


class _ChartScroll(QScrollArea):
    """Scrolls a chart that is as tall as its bars need at the current width."""

    def __init__(self, chart: ChartView, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self.setWidget(chart)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the chart itself takes the focus
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setProperty("focusFramed", True)  # views/focus_frame.py rings it while the chart has the focus
        self.viewport().installEventFilter(self)

    def fit(self) -> None:
        width = self.viewport().width()
        if width > 0:
            self.chart.setFixedHeight(self.chart.fit_to(width, self.viewport().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit()
        return False


TABLE_TIP = "Switch between the chart and a table of exactly the values it draws"


class ChartPanel(QWidget):
    """Chooser + chart/table + export menu. Tell it what to show; it emits findingActivated(id) on a click."""

    findingActivated = Signal(str)
    specChanged = Signal()
    tableToggled = Signal(bool)

    def __init__(self, catalogue: Catalogue | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self._catalogue = catalogue
        self._sector: str | None = None
        self._visible: list[str] | None = None
        self._highlighted: str | None = None
        self._spec: ChartSpec | None = None
        self._row_heights_due = False  # the table's rows are to be measured when it is next shown
        self.error_handler = self._default_error
        self.last_export_dir = str(Path.home())

        self.chooser = QComboBox(self)
        self.chooser.setObjectName("chartChooser")
        self.chooser.setAccessibleName("Chart to show")
        self.chooser.setAccessibleDescription("The chart of the current sector, or a comparison of sectors on one theme")
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(12)  # the pane beside the tables is narrow in a small window
        self.chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        chooser_label = QLabel("C&hart:", self)
        chooser_label.setBuddy(self.chooser)

        self.table_button = QToolButton(self)
        self.table_button.setObjectName("chartTableButton")
        self.table_button.setCheckable(True)
        self.table_button.setText("Show as &table")
        self.table_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.table_button.setAccessibleName("Show the chart as a table")
        self.table_button.setToolTip(TABLE_TIP)
        self.table_button.toggled.connect(self.set_table_shown)

        self.export_menu = self._build_export_menu()
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("chartExportButton")
        self.export_button.setText("E&xport")
        self.export_button.setAccessibleName("Export the chart")
        self.export_button.setToolTip("Save the chart as PNG, SVG or CSV, or copy it")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(self.export_menu)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(chooser_label)
        top.addWidget(self.chooser, 1)
        # The buttons sit beside the chooser, or on a row of their own below it in a narrow pane (see
        # resizeEvent), so that the panel never makes the window wider than a small screen.
        self.buttons_row = QHBoxLayout()
        self.buttons_row.setContentsMargins(0, 0, 0, 0)
        self.buttons_row.addStretch(1)
        self.buttons_row.addWidget(self.table_button)
        self.buttons_row.addWidget(self.export_button)
        self._buttons_below = False
        self.top_row = top
        top.addLayout(self.buttons_row)

        self.chart = ChartView(parent=None)
        self.chart.setObjectName("chartView")
        self.chart.barClicked.connect(self._bar_picked)
        self.chart.barActivated.connect(self._bar_picked)
        self.chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart.customContextMenuRequested.connect(self._chart_context_menu)
        self.scroll = _ChartScroll(self.chart, self)

        self.table_model = ChartTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("chartTable")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._table_picked)
        self.table.activated.connect(self._table_picked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_context_menu)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.chooser_label = chooser_label

        self.chooser.currentIndexChanged.connect(lambda _index: self.refresh())
        if catalogue is not None:
            self.set_catalogue(catalogue)

    def use_table_action(self, action: QAction) -> None:
        """The table button's tip names the shortcut of the window's action that does the same."""
        shortcut = shortcut_text(action)
        self.table_button.setToolTip(f"{TABLE_TIP} ({shortcut})" if shortcut else TABLE_TIP)

    def add_enlarge_button(self, action: QAction) -> QToolButton:
        """A checkable button, in step with the window's action that gives the chart the whole window."""
        button = QToolButton(self)
        button.setObjectName("chartEnlargeButton")
        button.setText("E&nlarge")
        button.setCheckable(True)
        button.setChecked(action.isChecked())
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        shortcut = shortcut_text(action)
        button.setToolTip(f"{action.toolTip()} ({shortcut})" if shortcut else action.toolTip())
        button.setAccessibleName(action.text().replace("&", ""))
        button.clicked.connect(lambda _checked: action.trigger())
        action.toggled.connect(button.setChecked)
        self.buttons_row.addWidget(button)
        self.enlarge_button = button
        return button

    def minimumSizeHint(self):  # noqa: N802 (Qt name)
        # As narrow as the widest of its rows when the buttons are below the chooser.
        hint = super().minimumSizeHint()
        if not self._buttons_below:
            hint.setWidth(max(self.buttons_row.minimumSize().width(),
                              self.chooser_label.minimumSizeHint().width() + self.chooser.minimumSizeHint().width() + 8))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        beside = (self.chooser_label.sizeHint().width() + self.chooser.minimumSizeHint().width()
                  + self.buttons_row.sizeHint().width() + 24)
        self._set_buttons_below(event.size().width() < beside)

    def _set_buttons_below(self, below: bool) -> None:
        if below == self._buttons_below:
            return
        self._buttons_below = below
        outer = self.layout()
        if below:
            self.top_row.removeItem(self.buttons_row)
            outer.insertLayout(1, self.buttons_row)
        else:
            outer.removeItem(self.buttons_row)
            self.top_row.addLayout(self.buttons_row)

    # ---- what to show --------------------------------------------------------------------------------------
    @property
    def spec(self) -> ChartSpec | None:
        return self._spec

    @property
    def catalogue(self) -> Catalogue | None:
        return self._catalogue

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        if self._sector is not None and self._sector not in catalogue.sectors:
            self._sector = None
        self._visible = None
        self._fill_chooser()
        self.refresh()

    def set_sector(self, sector_id: str | None, visible_finding_ids: Sequence[str] | None = None) -> None:
        """The sector of the sector chart (None: all sectors) and the findings shown in the table (None: all)."""
        previous, previous_sector = self._visible, self._sector
        self._sector = sector_id
        if isinstance(visible_finding_ids, RowIds):
            self._visible = visible_finding_ids  # made afresh for each caller (see domain/search.py): no copy
        else:
            self._visible = None if visible_finding_ids is None else list(visible_finding_ids)
        self._update_sector_item()
        if (
            sector_id == previous_sector
            and isinstance(previous, RowIds)
            and isinstance(visible_finding_ids, RowIds)
            and visible_finding_ids.rows is previous.rows  # the very list of rows: the findings table is unchanged
            and visible_finding_ids.catalogue is previous.catalogue
        ):
            return  # the same findings shown: the same chart
        self.refresh()

    def set_visible_findings(self, finding_ids: list[str] | None) -> None:
        self.set_sector(self._sector, finding_ids)

    def show_sector_chart(self) -> None:
        self.chooser.setCurrentIndex(0)

    def chart_kind(self) -> tuple[ChartKind, str | None]:
        """("sector", None) or ("comparison", theme id). Each chooser item's data is its theme id ("" first)."""
        theme_id = self.chooser.currentData()
        return (ChartKind.COMPARISON, theme_id) if theme_id else (ChartKind.SECTOR, None)

    def refresh(self) -> None:
        if self._catalogue is None:
            return
        kind, theme_id = self.chart_kind()
        if kind == ChartKind.COMPARISON and theme_id:
            spec = comparison_spec(self._catalogue, theme_id)
        else:
            spec = sector_spec(self._catalogue, self._sector, self._visible)
        if spec == self._spec:
            return  # e.g. a search that changes nothing drawn: keep the chart as it is
        self._spec = spec
        self.chart.set_spec(spec)
        self.chart.highlight(self._highlighted)
        self.scroll.fit()
        if self.table_model.set_spec(spec):
            self._row_heights_due = True
        self._size_table()
        self.table.setAccessibleName(f"Table of the chart's values: {spec.title}")
        self.table.setAccessibleDescription(describe(spec))
        self._select_table_rows(self._highlighted)
        self.specChanged.emit()

    def highlight(self, finding_id: str | None) -> None:
        """Mark the bars (and table rows) of the finding selected elsewhere; None clears the mark."""
        self._highlighted = finding_id
        self.chart.highlight(finding_id)
        self._select_table_rows(finding_id)
        indexes = self._spec.bar_indexes(finding_id) if (self._spec and finding_id) else []
        if indexes and self.stack.currentWidget() is self.scroll:
            rect = self.chart.bar_scene_rect(indexes[0])
            centre = self.chart.mapFromScene(rect.center())
            self.scroll.ensureVisible(centre.x(), centre.y(), 0, round(rect.height()))

    def highlighted(self) -> str | None:
        return self._highlighted

    # ---- chart or table ---------------------------------------------------------------------------------
    def table_shown(self) -> bool:
        return self.stack.currentWidget() is self.table

    def set_table_shown(self, shown: bool) -> None:
        had_focus = self.chart.hasFocus() or self.table.hasFocus()
        self.stack.setCurrentWidget(self.table if shown else self.scroll)
        if shown:
            self._size_table()  # its rows' heights, if put off while the chart was shown
        if self.table_button.isChecked() != shown:
            self.table_button.setChecked(shown)
        self.table_button.setText("Show as &chart" if shown else "Show as &table")
        self.table_button.setAccessibleName("Show the chart" if shown else "Show the chart as a table")
        if had_focus:
            (self.table if shown else self.chart).setFocus()
        self.tableToggled.emit(shown)

    def toggle_table(self) -> None:
        self.set_table_shown(not self.table_shown())

    # ---- exports --------------------------------------------------------------------------------------------
    def _build_export_menu(self) -> QMenu:
        menu = QMenu("Export chart", self)
        # The button's own menu, not the window's: no shortcuts, so no rows in the window's action registry.
        self.save_png_action = QAction("Save chart as &PNG image…", self)
        self.save_svg_action = QAction("Save chart as &SVG (vector)…", self)
        self.save_csv_action = QAction("Save chart &data as CSV…", self)
        self.copy_action = QAction("&Copy chart", self)
        self.save_png_action.triggered.connect(lambda: self.save_dialog("png"))
        self.save_svg_action.triggered.connect(lambda: self.save_dialog("svg"))
        self.save_csv_action.triggered.connect(lambda: self.save_dialog("csv"))
        self.copy_action.triggered.connect(self.copy_to_clipboard)
        for action in (self.save_png_action, self.save_svg_action, self.save_csv_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        return menu

    def default_file_name(self, extension: str) -> str:
        subject = (self._spec.subject_id if self._spec else "") or "all-sectors"
        kind = "comparison" if self._spec and self._spec.kind == ChartKind.COMPARISON else "chart"
        return f"{subject}-{kind}.{extension}"

    def save_dialog(self, extension: str) -> None:
        if self._spec is None:
            return
        filters = {"png": "PNG image (*.png)", "svg": "SVG vector image (*.svg)", "csv": "CSV data (*.csv)"}
        start = str(Path(self.last_export_dir) / self.default_file_name(extension))
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", start, filters[extension])
        if not path:
            return
        if not path.lower().endswith("." + extension):
            path += "." + extension
        self.export_to(path)

    def export_to(self, path: str, dpi: int | None = None) -> bool:
        """Write the current chart to ``path`` (PNG/SVG/CSV by extension); report failure to the user."""
        from ..storage.atomic import WriteError
        from ..views import output_guard
        from .export import DEFAULT_DPI, ChartExportError, export_chart

        if self._spec is None:
            return False
        if not output_guard.confirm_output(self, path):
            return False
        try:
            export_chart(self._spec, path, dpi or DEFAULT_DPI)
        except (WriteError, ChartExportError) as exc:
            self.error_handler("Chart not exported", str(exc))
            return False
        self.last_export_dir = str(Path(path).parent)
        return True

    def copy_to_clipboard(self) -> None:
        from .export import copy_chart

        if self._spec is not None:
            copy_chart(self._spec)

    def _default_error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _chart_context_menu(self, position) -> None:
        self.export_menu.exec(self.chart.mapToGlobal(position))

    def _table_context_menu(self, position) -> None:
        self.export_menu.exec(self.table.viewport().mapToGlobal(position))

    # ---- internals --------------------------------------------------------------------------------------------
    def _fill_chooser(self) -> None:
        self.chooser.blockSignals(True)
        try:
            previous = self.chooser.currentData()
            self.chooser.clear()
            self.chooser.addItem("", "")
            for theme in self._catalogue.comparable_themes():
                self.chooser.addItem(f"Compare sectors: {theme.comparison_heading}", theme.id)
                self.chooser.setItemData(
                    self.chooser.count() - 1, theme.comparison_heading, Qt.ItemDataRole.ToolTipRole
                )
            index = self.chooser.findData(previous) if previous else 0
            self.chooser.setCurrentIndex(max(index, 0))
            self._update_sector_item()
        finally:
            self.chooser.blockSignals(False)

    def _update_sector_item(self) -> None:
        if self._catalogue is None or self.chooser.count() == 0:
            return
        name = self._catalogue.sectors[self._sector].name if self._sector in self._catalogue.sectors else ALL_SECTORS
        self.chooser.setItemText(0, f"{name}: findings shown")

    def _select_table_rows(self, finding_id: str | None) -> None:
        selection = self.table.selectionModel()
        rows = self.table_model.rows_of(finding_id) if finding_id else []
        if not rows:
            selection.clearSelection()
            return
        last = self.table_model.columnCount() - 1
        chosen = QItemSelection()
        for row in rows:  # a finding may have several bars
            chosen.select(self.table_model.index(row, 0), self.table_model.index(row, last))
        selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        first = self.table_model.index(rows[0], 0)
        selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(first)

    def _size_table(self) -> None:
        """Column widths, the sector column shown or not, and (when the table is shown) row heights."""
        average = self.table.fontMetrics().averageCharWidth()
        for column, (_header, _field, chars) in enumerate(ChartTableModel.COLUMNS):
            self.table.setColumnWidth(column, chars * average + 16)
        comparison = self._spec is not None and self._spec.kind == ChartKind.COMPARISON
        every_sector = self._spec is not None and not self._spec.subject_id
        self.table.setColumnHidden(ChartTableModel.SECTOR_COLUMN, not (comparison or every_sector))
        if not self._row_heights_due:
            return
        if not self.table_shown():
            return  # measuring 100 rows of wrapped text on every keystroke of a search, unseen: put off
        self._row_heights_due = False
        # Rows as tall as the wrapped measure and base need; long caveats stay one line (full text in tool tip).
        metrics = self.table.fontMetrics()
        wrapped = [c for c, column in enumerate(ChartTableModel.COLUMNS) if column[1] in ("measure_label", "base")]
        for row in range(self.table_model.rowCount()):
            height = metrics.height()
            for column in wrapped:
                text = self.table_model.data(self.table_model.index(row, column))
                rect = metrics.boundingRect(0, 0, self.table.columnWidth(column) - 10, 10_000, int(Qt.TextFlag.TextWordWrap), text)
                height = max(height, rect.height())
            self.table.setRowHeight(row, height + 8)

    def _bar_picked(self, finding_id: str) -> None:
        self.highlight(finding_id)
        self.findingActivated.emit(finding_id)

    def _table_picked(self, index: QModelIndex) -> None:
        finding_id = self.table_model.data(index, ChartTableModel.FindingIdRole)
        if finding_id:
            self._bar_picked(finding_id)
