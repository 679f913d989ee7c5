"""The window's actions, declared as data and built in one place.

Each action is an ``ActionSpec`` row: its id, text, shortcuts, tip, handler, and where it appears (a menu
and a section of it, and the toolbar). ``ActionRegistry`` turns rows into QActions, adds them to the window
(so their shortcuts work wherever the focus is) and places them in the menus, a line between sections.
The window's own rows are in views/window_actions.py; extensions add rows of their own with ``add`` and
give the rows the window declares for them (a handler of None: disabled until then) theirs with ``provide``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QStyle, QWidget

Handler = Callable[..., object]  # no arguments; a checkable action's handler is given ``checked``


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: Sequence[QKeySequence.StandardKey | str] = ()
    tip: str = ""  # the tool tip, and the status tip unless ``status_tip`` says otherwise
    handler: Handler | None = None  # None: disabled until an extension provides one
    menu: str | None = None  # "file", "edit", "view" or "help"
    section: str | None = None  # a section of that menu (None: its last); sections are separated by a line
    before: str | None = None  # the id of an action in the same section to go before (else at its end)
    after: str | None = None  # ... or after
    toolbar: bool = False
    checkable: bool = False
    enabled: bool = True
    icon: QStyle.StandardPixmap | None = None
    menu_role: QAction.MenuRole | None = None
    status_tip: str | None = None  # None: the same as ``tip``
    shortcut_in_tip: bool = False  # the tool tip ends with the first shortcut: "… (Ctrl+B)"


@dataclass(frozen=True)
class MenuSpec:
    name: str
    title: str
    sections: tuple[str, ...]


class ActionRegistry:
    """The QActions of the window, by id, in the order declared; and the menus they are placed in."""

    def __init__(self, window: QWidget, menus: Sequence[MenuSpec]):
        self._window = window
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        self._menu_specs = menus
        self._menus: dict[str, QMenu] = {}  # filled by fill_menus
        self._sections = {spec.name: {section: [] for section in spec.sections} for spec in menus}

    def fill_menus(self, menu_bar: QMenuBar) -> None:
        """Add the menus to the menu bar, each holding the actions placed in it so far."""
        for spec in self._menu_specs:
            self._menus[spec.name] = menu_bar.addMenu(spec.title)
            self._refill(spec.name)

    # ---- reading ---------------------------------------------------------------------------------
    def action(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def actions(self) -> list[QAction]:
        """Every action, in the order added."""
        return list(self._actions.values())

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def toolbar_actions(self) -> list[QAction]:
        return [self._actions[spec.id] for spec in self._specs.values() if spec.toolbar]

    # ---- adding ----------------------------------------------------------------------------------
    def add_all(self, specs: Sequence[ActionSpec]) -> None:
        for spec in specs:
            self.add(spec)

    def add(self, spec: ActionSpec) -> QAction:
        if spec.id in self._actions:
            raise ValueError(f"an action {spec.id!r} is already registered")
        action = self._build(spec)
        self._actions[spec.id] = action
        self._specs[spec.id] = spec
        self._window.addAction(action)  # shortcuts work wherever the focus is in the window
        if spec.menu is not None:
            self._place(spec)
        return action

    def provide(self, action_id: str, handler: Handler) -> QAction:
        """Give a row the window declares for an extension its handler, and enable it. The handler is given
        ``checked`` if the action is checkable (its row says so)."""
        action = self._actions[action_id]
        _connect(action, handler)
        action.setEnabled(True)
        return action

    def _build(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self._window)
        action.setObjectName(f"action_{spec.id}")
        if spec.shortcuts:
            # A standard key and its spelled-out form can be the same sequence on this platform: keep one,
            # or Qt reports the shortcut as ambiguous and does nothing.
            sequences = list(dict.fromkeys(QKeySequence(s).toString() for s in spec.shortcuts))
            action.setShortcuts([QKeySequence(s) for s in sequences if s])
        status_tip = spec.tip if spec.status_tip is None else spec.status_tip
        if status_tip:
            action.setStatusTip(status_tip)
        if spec.tip:
            action.setToolTip(f"{spec.tip} ({shortcut_text(action)})" if spec.shortcut_in_tip else spec.tip)
        if spec.icon is not None:
            action.setIcon(self._window.style().standardIcon(spec.icon))
        if spec.menu_role is not None:
            action.setMenuRole(spec.menu_role)
        action.setCheckable(spec.checkable)
        if spec.handler is not None:
            _connect(action, spec.handler)
        action.setEnabled(spec.enabled and spec.handler is not None)
        return action

    def _place(self, spec: ActionSpec) -> None:
        sections = self._sections[spec.menu]
        ids = sections[spec.section or list(sections)[-1]]
        if spec.before is not None:
            at = ids.index(spec.before)
        elif spec.after is not None:
            at = ids.index(spec.after) + 1
        else:
            at = len(ids)
        ids.insert(at, spec.id)
        if spec.menu in self._menus:
            self._refill(spec.menu)

    def _refill(self, name: str) -> None:
        """Put the menu's actions in it again, in their sections' order, a line between sections."""
        menu = self._menus[name]
        menu.clear()  # the actions belong to the window: only the separators go
        filled = [ids for ids in self._sections[name].values() if ids]
        for i, ids in enumerate(filled):
            if i:
                menu.addSeparator()
            for action_id in ids:
                menu.addAction(self._actions[action_id])


def shortcut_text(action: QAction) -> str:
    """The action's first shortcut as the user reads it ("Ctrl+B"; "⌘B" on a Mac), "" if it has none."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _connect(action: QAction, handler: Handler) -> None:
    if action.isCheckable():
        action.triggered.connect(handler)
    else:
        action.triggered.connect(lambda _checked=False: handler())
