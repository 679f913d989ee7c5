"""The window's panes and how they sit: sectors (with the confidence key), the two tables, the detail, and
the tabs that the chart and briefing-pack extensions fill; the splitters between them and their first sizes;
the compact layout of a small window and the enlarged tabs (window_state.py decides when).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..domain.models import ItemKind
from ..domain.wording import confidence_key_text
from . import look
from .detail import DetailBrowser
from .tables import TablePane, size_columns


class Panes:
    """Builds the panes (children of ``window``, in the order of the keyboard's Tab chain) and lays them out."""

    def __init__(self, window: QWidget, sector_model, finding_proxy, recommendation_proxy, focus_may_select: Callable[[], bool]):
        self.window = window
        self.sector_model = sector_model
        self.compact = False  # the detail pane is the first of the tabs (a small window)
        self.enlarged = False  # the tabs have the whole window
        self._side_state = None  # the side splitter's state before the detail pane went into the tabs
        self.sector_view = _sector_list(window, sector_model)
        self.sectors_pane, layout = titled_pane(window, "Se&ctors", self.sector_view, "sectorsPane")
        self.confidence_key_title = look.pane_title(QLabel("Confidence key", window))
        layout.addWidget(self.confidence_key_title)
        self.confidence_key = _confidence_key(window)
        layout.addWidget(self.confidence_key)

        self.findings_pane = TablePane(
            "F&indings", "findings", finding_proxy,
            "Statement, headline value, base, year, source and confidence of each finding shown. "
            "Click a column header to sort; Enter moves to the detail.",
            word_wrap=True,
            parent=window,
        )
        self.recommendations_pane = TablePane(
            "&Recommendations", "recommendations", recommendation_proxy,
            "Title, target body, sector and confidence of each recommendation shown. Enter moves to the detail.",
            parent=window,
        )
        self.findings_view = self.findings_pane.view
        self.recommendations_view = self.recommendations_pane.view
        for view in (self.findings_view, self.recommendations_view):
            view.focus_may_select = focus_may_select
        self.size_columns()
        self.tables_splitter = _splitter(window, Qt.Orientation.Vertical, "tablesSplitter", "Findings and recommendations",
                                         [self.findings_pane, self.recommendations_pane])

        self.detail = DetailBrowser(window)
        self.detail_pane, _ = titled_pane(window, "&Detail", self.detail, "detailPane")

        # Chart and briefing pack: empty hosts filled by the extensions
        self.lower_tabs = QTabWidget(window)
        self.lower_tabs.setObjectName("lowerTabs")
        self.lower_tabs.setAccessibleName("Chart and briefing pack")
        self.lower_tabs.setAccessibleDescription("Tabs: the chart of the findings shown, and the briefing pack")
        self.chart_host = _host_page(self.lower_tabs, "chartHost", "Chart", "Chart of the findings shown",
                                     "Charts are not available in this build.")
        self.pack_host = _host_page(self.lower_tabs, "packHost", "Briefing pack", "Items collected for a printed briefing",
                                    "Briefing packs are not available in this build.")

        self.side_splitter = _splitter(window, Qt.Orientation.Vertical, "sideSplitter", "Detail, chart and briefing pack",
                                       [self.detail_pane, self.lower_tabs])
        self.main_splitter = _splitter(window, Qt.Orientation.Horizontal, "mainSplitter", "",
                                       [self.sectors_pane, self.tables_splitter, self.side_splitter])
        for index, factor in enumerate((0, 3, 2)):
            self.main_splitter.setStretchFactor(index, factor)

    def pane(self, kind: str) -> TablePane:
        return self.findings_pane if kind == ItemKind.FINDING else self.recommendations_pane

    def show_detail(self) -> None:
        """Bring the detail pane's tab to the front, when it is one (a small window)."""
        if self.compact:
            self.lower_tabs.setCurrentWidget(self.detail_pane)

    def show_host(self, host: QWidget) -> None:
        """Bring the tab holding ``host`` (the chart's or the pack's) to the front."""
        self.lower_tabs.setCurrentWidget(host.parentWidget())

    def set_enlarged(self, enlarged: bool) -> None:
        """The chart and pack tabs take the whole window (the other panes hidden), or give it back."""
        self.enlarged = enlarged
        self.sectors_pane.setVisible(not enlarged)
        self.tables_splitter.setVisible(not enlarged)
        if self.lower_tabs.indexOf(self.detail_pane) < 0:  # above the tabs, not one of them
            self.detail_pane.setVisible(not enlarged)
        if enlarged and self.lower_tabs.currentWidget() is self.detail_pane:
            self.lower_tabs.setCurrentIndex(1)

    def set_compact(self, compact: bool) -> None:
        """In a small window the detail pane is the first tab beside the chart and the briefing pack, and the
        confidence key gives its room to the sector list (the tables and the detail say each level in words
        too); in a larger one the detail sits above the tabs."""
        if compact == self.compact:
            return
        self.compact = compact
        tabs = self.lower_tabs
        current = tabs.currentWidget()
        tabs.setUpdatesEnabled(False)
        try:
            if compact:
                self._side_state = self.side_splitter.saveState()
                tabs.insertTab(0, self.detail_pane, "Detail")
                tabs.setCurrentWidget(self.detail_pane)
            else:
                tabs.removeTab(tabs.indexOf(self.detail_pane))
                self.side_splitter.insertWidget(0, self.detail_pane)
                self.detail_pane.setVisible(not self.enlarged)
                if self._side_state is not None:
                    self.side_splitter.restoreState(self._side_state)
                tabs.setCurrentWidget(current if current is not self.detail_pane else self.lower_pages()[0])
            self.confidence_key.setVisible(not compact)
            self.confidence_key_title.setVisible(not compact)
            self.name_splitter_handles()
        finally:
            tabs.setUpdatesEnabled(True)

    def show_counts(self, catalogue, empty_message: Callable[[str], tuple[str, str]]) -> None:
        """Each table's "n of N shown"; a table with no rows says why (``empty_message(noun)``: the text and
        the button's)."""
        for pane, total, noun in (
            (self.findings_pane, len(catalogue.dataset.findings), "findings"),
            (self.recommendations_pane, len(catalogue.dataset.recommendations), "recommendations"),
        ):
            shown = pane.view.model().rowCount()
            pane.show_count(shown, total, noun)
            if not shown:
                pane.empty.set_message(*empty_message(noun))

    def splitters(self) -> list[QSplitter]:
        return [self.main_splitter, self.tables_splitter, self.side_splitter]

    def lower_pages(self) -> list[QWidget]:
        """The chart and briefing-pack pages of the tabs (not the detail pane, a tab in a small window)."""
        pages = (self.lower_tabs.widget(i) for i in range(self.lower_tabs.count()))
        return [page for page in pages if page is not self.detail_pane]

    def size_columns(self) -> None:
        size_columns(self.window, self.findings_view, self.recommendations_view)

    def name_splitter_handles(self) -> None:
        """Each splitter handle says which panes it resizes (screen readers otherwise say only "splitter")."""
        for splitter in self.splitters():
            for i in range(1, splitter.count()):
                before = splitter.widget(i - 1).accessibleName() or _pane_name(splitter.widget(i - 1))
                after = splitter.widget(i).accessibleName() or _pane_name(splitter.widget(i))
                handle = splitter.handle(i)
                handle.setAccessibleName(f"Divider between {before} and {after}")
                handle.setAccessibleDescription("Drag to give one pane more room and the other less")

    def default_sizes(self, width: int = 1366, height: int = 768, narrow: bool = False) -> None:
        """The panes' sizes for a window ``width`` × ``height`` (when none were saved): the sector list as wide
        as its text, the detail and tabs about a third of the rest (more in a ``narrow`` window)."""
        sectors_width = self._sectors_width()
        side = round((width - sectors_width) * (0.42 if narrow else 0.37))
        self.main_splitter.setSizes([sectors_width, max(width - sectors_width - side, 1), side])
        self.tables_splitter.setSizes([round(height * 0.6), round(height * 0.4)])
        self.side_splitter.setSizes([round(height * 0.55), round(height * 0.45)])

    def _sectors_width(self) -> int:
        metrics = self.sector_view.fontMetrics()
        model = self.sector_model
        lines = [line for row in range(model.rowCount()) for line in model.index(row, 0).data().split("\n")]
        return max(metrics.horizontalAdvance(line) for line in lines) + metrics.horizontalAdvance("x") * 4


def focus_next_pane(panes: list[QWidget], backwards: bool = False) -> None:
    """Move the keyboard focus to the pane after (or before) the one holding it, skipping hidden ones."""
    panes = [pane for pane in panes if pane.isVisible()] or panes
    focus = QGuiApplication.focusObject()
    index = next(
        (i for i, pane in enumerate(panes) if isinstance(focus, QWidget) and (focus is pane or pane.isAncestorOf(focus))),
        -1,
    )
    step = -1 if backwards else 1
    target = panes[(index + step) % len(panes)] if index >= 0 else panes[0 if not backwards else -1]
    if isinstance(target, TablePane):
        target = target.focus_target()
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)


def titled_pane(parent: QWidget, title: str, body: QWidget, object_name: str) -> tuple[QWidget, QVBoxLayout]:
    """A pane: a title label (whose Alt+letter moves to ``body``) above ``body``; returns it and its layout."""
    label = look.pane_title(QLabel(title, parent))
    label.setBuddy(body)
    pane = QWidget(parent)
    pane.setObjectName(object_name)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(body, 1)
    return pane, layout


def _sector_list(parent: QWidget, model) -> QListView:
    view = QListView(parent)
    view.setObjectName("sectorList")
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSpacing(2)
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setAccessibleName("Sectors")
    view.setAccessibleDescription("Choose a sector to show its findings and recommendations")
    return view


def _confidence_key(parent: QWidget) -> QLabel:
    key = QLabel(confidence_key_text(), parent)
    key.setObjectName("confidenceKey")
    key.setProperty("role", "confidenceKey")
    key.setContentsMargins(2, 0, 2, 4)
    key.setTextFormat(Qt.TextFormat.PlainText)
    key.setWordWrap(True)
    key.setAccessibleName("Confidence key")
    key.setAccessibleDescription(confidence_key_text(spoken=True))
    return key


def _splitter(parent: QWidget, orientation: Qt.Orientation, name: str, accessible_name: str, widgets: list[QWidget]) -> QSplitter:
    splitter = QSplitter(orientation, parent)
    splitter.setObjectName(name)
    for widget in widgets:
        splitter.addWidget(widget)
    splitter.setChildrenCollapsible(False)
    if accessible_name:
        splitter.setAccessibleName(accessible_name)
    return splitter


def _host_page(tabs: QTabWidget, name: str, title: str, description: str, placeholder_text: str) -> QWidget:
    """A tab holding an empty ``host`` for an extension to fill, and a placeholder shown until it does."""
    page = QWidget(tabs)
    page_layout = QVBoxLayout(page)
    page_layout.setContentsMargins(4, 4, 4, 4)
    placeholder = QLabel(placeholder_text, page)
    placeholder.setObjectName(f"{name}Placeholder")
    placeholder.setTextFormat(Qt.TextFormat.PlainText)
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setWordWrap(True)
    host = QWidget(page)
    host.setObjectName(name)
    host.setAccessibleName(title)
    host.setAccessibleDescription(description)
    host_layout = QVBoxLayout(host)
    host_layout.setContentsMargins(0, 0, 0, 0)
    page_layout.addWidget(placeholder)
    page_layout.addWidget(host, 1)
    _HidePlaceholderWhenFilled(host, placeholder)
    tabs.addTab(page, title)
    return host


class _HidePlaceholderWhenFilled(QObject):
    """Hides a placeholder label once an extension puts a widget into its host."""

    def __init__(self, host: QWidget, placeholder: QLabel):
        super().__init__(host)
        self._placeholder = placeholder
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded and event.child().isWidgetType():
            self._placeholder.hide()
        return False


def _pane_name(widget: QWidget) -> str:
    """A pane's name in words, from its title label ("Findings") or the panes it holds."""
    label = widget.findChild(QLabel)
    if isinstance(widget, QSplitter):
        return " and ".join(_pane_name(widget.widget(i)) for i in range(widget.count()))
    return label.text().replace("&", "") if label is not None else widget.objectName()
