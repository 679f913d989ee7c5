"""The main window's menus and actions, one row each: change a text, a shortcut or a menu's order here.

The rows with no handler belong to extensions (printing and the briefing pack: sheets/integration.py; the
chart's table: charts/integration.py); they stay disabled until the extension provides a handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

from .actions import ActionSpec, MenuSpec

if TYPE_CHECKING:
    from .main_window import MainWindow

MENUS = (
    MenuSpec("file", "&File", ("open", "output", "quit")),
    MenuSpec("edit", "&Edit", ("copy", "find", "pack")),
    MenuSpec("view", "&View", ("move", "tabs")),
    MenuSpec("help", "&Help", ("help",)),
)


def window_actions(w: MainWindow) -> list[ActionSpec]:
    """The window's rows, in the order the shortcuts dialog lists them."""
    key = QKeySequence.StandardKey
    pixmap = QStyle.StandardPixmap
    return [
        ActionSpec("open_dataset", "&Open…", [key.Open], "Open another edition of the dataset, or a briefing pack",
                   w.commands.open_dataset, "file", "open", icon=pixmap.SP_DialogOpenButton),
        ActionSpec("print_preview", "Print pre&view…", ["Ctrl+Shift+P"], "Preview the briefing sheet before printing",
                   None, "file", "output"),
        ActionSpec("print", "&Print…", [key.Print], "Print the briefing sheet", None, "file", "output"),
        ActionSpec("export_pdf", "Export P&DF…", ["Ctrl+E"], "Save the briefing sheet as a PDF file", None, "file", "output"),
        ActionSpec("export_csv", "Export &CSV…", ["Ctrl+Shift+E"], "Save the findings and recommendations shown as a CSV file",
                   w.commands.export_csv, "file", "output"),
        ActionSpec("quit", "&Quit", [key.Quit, "Ctrl+Q"], "Close the application", w.close, "file", "quit",
                   menu_role=QAction.MenuRole.QuitRole),
        ActionSpec("copy", "&Copy", [key.Copy], "Copy the current item as plain text with its citation",
                   w.commands.copy_current, "edit", "copy"),
        ActionSpec("copy_citation", "Copy ci&tation", ["Ctrl+Shift+C"], "Copy the full citation of the current item",
                   w.commands.copy_citation, "edit", "copy"),
        ActionSpec("find", "&Find…", [key.Find], "Search findings, recommendations and sources", w.focus_search, "edit", "find"),
        ActionSpec("add_to_brief", "&Add to briefing pack", ["Ctrl+B"],
                   "Add the current finding or recommendation to the briefing pack", None, "edit", "pack",
                   status_tip="Add the current item to the briefing pack", shortcut_in_tip=True),
        ActionSpec("back", "&Back", [key.Back, "Alt+Left"], "Return to where you were before following a link",
                   w.navigator.go_back, "view", "move", toolbar=True, enabled=False, icon=pixmap.SP_ArrowBack),
        ActionSpec("next_pane", "&Next pane", ["F6"], "Move the keyboard focus to the next pane", w.focus_next_pane, "view", "move"),
        ActionSpec("previous_pane", "&Previous pane", ["Shift+F6"], "", w.focus_previous_pane, "view", "move",
                   status_tip="Move the keyboard focus to the previous pane"),
        ActionSpec("toggle_chart_table", "Show chart as &table", ["Ctrl+T"], "Switch the chart between a chart and a table",
                   None, "view", "tabs", checkable=True),
        ActionSpec("enlarge_tabs", "&Enlarge chart and pack", ["Ctrl+Shift+M"],
                   "Give the chart and the briefing pack the whole window, or give the other panes back",
                   w.window_state.set_tabs_enlarged, "view", "tabs", checkable=True),
        ActionSpec("shortcuts", "&Keyboard shortcuts", [key.HelpContents, "F1"], "List every keyboard shortcut",
                   w.show_shortcuts, "help"),
        ActionSpec("about", "&About", [], "Version, dataset edition and counts", w.show_about, "help",
                   menu_role=QAction.MenuRole.AboutRole),
    ]
