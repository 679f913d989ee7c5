"""The extension contract (views/extensions.py), the action registry (views/actions.py) and the window's guard."""

from __future__ import annotations

import importlib
import inspect
import typing

import pytest
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QMainWindow, QWidget

from briefing_app.storage.settings import SettingsStore
from briefing_app.views import extensions
from briefing_app.views.actions import ActionRegistry, ActionSpec, MenuSpec
from briefing_app.views.extensions import EXTENSIONS, Extension, ExtensionHost
from briefing_app.views.guard import Guard
from briefing_app.views.main_window import MainWindow


def host_members() -> dict[str, object]:
    """Each member the contract names: its annotation (a data member) or its function (a method or property)."""
    members: dict[str, object] = dict(ExtensionHost.__annotations__)
    members.update({name: value for name, value in vars(ExtensionHost).items() if not name.startswith("_")})
    return members


@pytest.fixture()
def window(qtbot, catalogue, tmp_path, monkeypatch) -> MainWindow:
    monkeypatch.setattr(extensions, "EXTENSIONS", [])
    window = MainWindow(catalogue, SettingsStore(tmp_path / "config"))
    qtbot.addWidget(window)
    return window


def test_the_main_window_is_what_extensions_are_promised(window):
    assert isinstance(window, ExtensionHost)
    members = host_members()
    assert {"catalogue", "chart_host", "datasetChanged", "action_registry", "select_finding", "show_host", "shown_host",
            "hostTabChanged", "charts", "sheets"} <= set(members)
    assert "menu" not in members  # extensions place their actions by rows, not in menus by hand
    for name, declared in members.items():
        assert hasattr(window, name), name
        value = getattr(window, name)
        if name.endswith("Changed"):
            assert isinstance(value, SignalInstance), name
        elif inspect.isfunction(declared) and name != "statusBar":  # Qt's own method has no Python signature
            promised = list(inspect.signature(declared).parameters)[1:]  # without self
            assert list(inspect.signature(value).parameters) == promised, name
    assert window.action("about") is window.action_registry.action("about")
    assert window.menu("file") is window.action_registry.menu("file")
    assert window.charts is None and window.sheets is None  # until their extensions attach


def test_show_host_brings_its_tab_forward_and_says_so(window, qtbot):
    window.resize(1366, 768)
    window.show()
    for host in (window.pack_host, window.chart_host):
        with qtbot.waitSignal(window.hostTabChanged):
            window.show_host(host)
        assert window.shown_host() is host
        assert host.isVisibleTo(window)


def test_the_charts_and_sheets_extensions_put_themselves_where_declared(make_window):
    window = make_window(extensions=["briefing_app.charts.integration", "briefing_app.sheets.integration"])
    assert window.charts is window.chart_host.findChild(QWidget, "chartPanel")
    assert window.charts.spec is not None
    assert window.sheets.panel is window.pack_host.findChild(QWidget, "packPanel")
    assert isinstance(window.sheets.marking, str) and window.sheets.paper in ("a4", "letter")


def test_an_object_without_one_promised_member_is_not_a_host(window):
    class Partial:
        pass

    for name in host_members():
        setattr(Partial, name, getattr(window, name))
    assert isinstance(Partial(), ExtensionHost)
    del Partial.current_item
    assert not isinstance(Partial(), ExtensionHost)


@pytest.mark.parametrize("name", EXTENSIONS)
def test_every_extension_attaches_to_the_contract(name):
    module = importlib.import_module(name)
    assert isinstance(module, Extension), name
    parameters = list(inspect.signature(module.attach).parameters)
    assert parameters == ["window"], name
    assert typing.get_type_hints(module.attach)["window"] is ExtensionHost, name


# ---- the action registry ---------------------------------------------------------------------------------


def menu_texts(menu) -> list[str]:
    return ["|" if action.isSeparator() else action.text() for action in menu.actions()]


def test_rows_are_placed_in_their_menu_sections_in_order(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window, [MenuSpec("file", "&File", ("open", "quit"))])
    called = []
    registry.add_all([
        ActionSpec("open", "Open", handler=lambda: called.append("open"), menu="file", section="open"),
        ActionSpec("quit", "Quit", ["Ctrl+Q"], "Close", handler=lambda: None, menu="file", section="quit"),
    ])
    registry.fill_menus(window.menuBar())
    registry.add(ActionSpec("first", "First", handler=lambda: None, menu="file", section="open", before="open"))
    registry.add(ActionSpec("after", "After", handler=lambda: None, menu="file", section="open", after="open"))
    registry.add(ActionSpec("last", "Last", handler=lambda: None, menu="file"))
    assert menu_texts(registry.menu("file")) == ["First", "Open", "After", "|", "Quit", "Last"]
    assert list(registry) == ["open", "quit", "first", "after", "last"]
    quit_action = registry.action("quit")
    assert quit_action.shortcut().toString() == "Ctrl+Q" and quit_action.statusTip() == "Close"
    assert quit_action in window.actions()  # its shortcut works wherever the focus is
    registry.action("open").trigger()
    assert called == ["open"]
    with pytest.raises(ValueError):
        registry.add(ActionSpec("open", "Open again"))


def test_a_row_without_a_handler_waits_disabled_for_one(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    registry = ActionRegistry(window, [])
    plain = registry.add(ActionSpec("print", "Print"))
    toggle = registry.add(ActionSpec("toggle", "Toggle", checkable=True))
    assert not plain.isEnabled() and not toggle.isEnabled()
    given = []
    registry.provide("print", lambda: given.append("print"))  # given no arguments
    registry.provide("toggle", lambda checked: given.append(checked))  # checkable: given ``checked``
    plain.trigger()
    toggle.trigger()
    assert plain.isEnabled() and toggle.isEnabled()
    assert given == ["print", True]


def test_the_guard_stays_up_until_the_outermost_block_ends():
    guard = Guard()
    assert not guard.active
    with guard():
        with guard():
            assert guard.active
        assert guard.active
    assert not guard.active
    with pytest.raises(RuntimeError), guard():
        raise RuntimeError
    assert not guard.active


def test_texts_that_name_a_shortcut_take_it_from_the_actions_row(make_window, monkeypatch):
    """Each shortcut has one home, its row: change it there and every text that names it follows."""
    from dataclasses import replace

    from PySide6.QtWidgets import QLabel

    from briefing_app.views import main_window

    keys = {"add_to_brief": "Ctrl+Shift+F2", "toggle_chart_table": "Ctrl+Shift+F3", "enlarge_tabs": "Ctrl+Shift+F4",
            "next_pane": "F7", "back": "Ctrl+Shift+F5"}
    rows = main_window.window_actions
    monkeypatch.setattr(main_window, "window_actions",
                        lambda w: [replace(row, shortcuts=[keys[row.id]]) if row.id in keys else row for row in rows(w)])
    window = make_window(extensions=["briefing_app.charts.integration", "briefing_app.sheets.integration"])
    assert window.action("add_to_brief").toolTip().endswith("briefing pack (Ctrl+Shift+F2)")
    assert window.charts.table_button.toolTip().endswith("values it draws (Ctrl+Shift+F3)")
    assert window.charts.enlarge_button.toolTip().endswith("(Ctrl+Shift+F4)")
    assert "F7 moves between panes" in window.accessibleDescription()
    assert "Ctrl+Shift+F5 goes back" in window.pane_layout.detail.accessibleDescription()
    labels = [label.text() for label in window.sheets.panel.findChildren(QLabel)]
    assert "&Items (Add to brief: Ctrl+Shift+F2 on any finding or recommendation):" in labels
    window.action("enlarge_tabs").trigger()
    assert "; Ctrl+Shift+F4 gives the other panes back" in window.statusBar().currentMessage()
    window.action("enlarge_tabs").trigger()
    window.sheets.add_to_brief()
    assert window.statusBar().currentMessage().endswith("then press Ctrl+Shift+F2.")
