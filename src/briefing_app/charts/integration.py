"""Attach the chart panel to the main window (an extension: the contract is in views/extensions.py).

``attach(window)`` fills ``window.chart_host``, keeps the chart in step with the window's sector, filters,
search and current finding, makes a click on a bar select its finding, and provides the window's
"toggle_chart_table" action to switch between the chart and the table of its values.
"""

from __future__ import annotations

from ..domain.models import ItemKind
from ..views.extensions import ExtensionHost
from .widget import ChartPanel


def attach(window: ExtensionHost) -> ChartPanel:
    panel = ChartPanel(window.catalogue, window.chart_host)
    window.chart_host.layout().addWidget(panel)
    window.charts = panel
    panel.error_handler = window.show_error

    def follow_panes() -> None:
        panel.set_sector(window.current_sector(), window.visible_finding_ids())

    def follow_dataset() -> None:
        panel.set_catalogue(window.catalogue)
        follow_panes()
        follow_current(*(window.current_item() or ("", "")))

    def follow_current(kind: str, item_id: str) -> None:
        panel.highlight(item_id if kind == ItemKind.FINDING else None)

    window.visibleFindingsChanged.connect(follow_panes)
    window.datasetChanged.connect(follow_dataset)
    window.currentItemChanged.connect(follow_current)
    panel.findingActivated.connect(window.select_finding)

    def toggle(checked: bool) -> None:
        window.show_host(window.chart_host)
        panel.set_table_shown(checked)
        (panel.table if checked else panel.chart).setFocus()

    action = window.action("toggle_chart_table")
    panel.use_table_action(action)
    action.setChecked(panel.table_shown())
    window.action_registry.provide("toggle_chart_table", toggle)
    panel.tableToggled.connect(action.setChecked)
    # A button beside Export: the chart (and pack) take the whole window.
    panel.add_enlarge_button(window.action("enlarge_tabs"))

    follow_panes()
    follow_current(*(window.current_item() or ("", "")))
    return panel
