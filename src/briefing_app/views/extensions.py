"""Features built beside the main window (charts, briefing sheets and packs, editions) and how they attach.

The contract, both ways:

- An extension is a module named in ``EXTENSIONS`` with ``attach(window: ExtensionHost) -> object``. The
  window calls it once, after its first paint (so the panes show before pyqtgraph and the printing modules
  are imported), in the order of ``EXTENSIONS``, one per turn of the event loop. It returns its controller
  (or None); an extension that others use keeps it on the window under a name ``ExtensionHost`` declares
  (``window.charts``, which the sheets use; ``window.sheets``, which sheets/export_actions.py and
  sheets/edition_actions.py use), None until it is attached. (``window.export_actions`` and
  ``window.edition_status`` are kept there too, for the tests only: no extension reads them.)
- An extension uses only what ``ExtensionHost`` lists. Its actions go through the window's action registry
  (views/actions.py): it adds rows of its own (``action_registry.add(ActionSpec(...))``, placed in a menu by
  the row) or provides the handler of a row the window declares for it (``action_registry.provide(id,
  handler)``; views/window_actions.py lists those rows, disabled until then).

A module that does not exist in this build is skipped; any other import error surfaces.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from ..domain.catalogue import Catalogue
    from ..storage.settings import Settings
    from .actions import ActionRegistry

EXTENSIONS: list[str] = [
    "briefing_app.charts.integration",
    "briefing_app.sheets.integration",
    "briefing_app.sheets.export_actions",  # Word, OpenDocument, RIS, BibTeX; citation styles
    "briefing_app.sheets.edition_actions",
]


class ChartsPart(Protocol):
    """What the charts extension keeps on the window as ``window.charts`` (its panel)."""

    @property
    def spec(self) -> object | None:
        """The chart shown (a charts/spec.py ChartSpec: ``kind``, ``subject_id``, ``bars``), None before one is."""


class SheetsPart(Protocol):
    """What the sheets extension keeps on the window as ``window.sheets`` (its controller)."""

    @property
    def marking(self) -> str:
        """The protective marking printed on every page."""

    @property
    def paper(self) -> str:
        """The paper size: "a4" or "letter"."""


@runtime_checkable
class ExtensionHost(Protocol):
    """What of the main window an extension may use. The window is also a QWidget: the parent of the
    extension's dialogs, labels and actions, and what ``isVisibleTo`` is asked about."""

    datasetChanged: SignalInstance  # another dataset is shown (File > Open)
    currentItemChanged: SignalInstance  # (kind, id): an ItemKind ("finding", "recommendation"), or "" for none
    visibleFindingsChanged: SignalInstance  # the sector, filters, search or sort changed what the tables show
    hostTabChanged: SignalInstance  # another tab is in front: see ``shown_host``
    chart_host: QWidget  # an empty widget with a QVBoxLayout, in the "Chart" tab, for the chart
    pack_host: QWidget  # ... in the "Briefing pack" tab, for the pack
    charts: ChartsPart | None  # set by the charts extension; None until it is attached
    sheets: SheetsPart | None  # set by the sheets extension; None until it is attached
    action_registry: ActionRegistry
    close_guards: list[Callable[[], bool]]  # each returns False to keep the window open (an unsaved pack)
    file_openers: list[Callable[[str], bool]]  # each is given a file from File > Open; True when it opened it

    @property
    def catalogue(self) -> Catalogue: ...

    def settings(self) -> Settings:
        """The user's settings; an extension keeps its own in ``settings().extensions[its key]``."""

    def action(self, action_id: str) -> QAction: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt name)

    def show_host(self, host: QWidget) -> None:
        """Bring the tab holding ``host`` (``chart_host`` or ``pack_host``) to the front."""

    def shown_host(self) -> QWidget | None:
        """``chart_host`` or ``pack_host``, whichever tab is in front; None when it is the detail's."""

    def current_sector(self) -> str | None: ...

    def visible_finding_ids(self) -> Sequence[str]: ...

    def current_item(self) -> tuple[str, str] | None: ...

    def select_finding(self, finding_id: str) -> None: ...

    def show_error(self, title: str, text: str) -> None: ...


@runtime_checkable
class Extension(Protocol):
    """A module named in ``EXTENSIONS``."""

    def attach(self, window: ExtensionHost) -> object: ...


def _is_missing(error: ModuleNotFoundError, name: str) -> bool:
    """True when the module ``name`` itself (or its own package) does not exist yet.

    A ModuleNotFoundError about anything else (a dependency the extension imports) is a bug and must surface.
    """
    missing = error.name or ""
    parts = name.split(".")
    own_packages = {".".join(parts[:i]) for i in range(2, len(parts) + 1)}  # never the top package itself
    return missing in own_packages


def import_extension(name: str) -> Extension | None:
    """The extension module, or None if it is not part of this build yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if _is_missing(error, name):
            return None
        raise


def attach_all(window: ExtensionHost, names: list[str] | None = None) -> list[str]:
    """Import and attach every extension; return the names of those attached."""
    attached = []
    for name in EXTENSIONS if names is None else names:
        module = import_extension(name)
        if module is None:
            continue
        module.attach(window)
        attached.append(name)
    return attached


class Attacher:
    """Attaches the extensions to ``window`` one at a time once it has painted, or all at once when asked."""

    def __init__(self, window: QWidget):
        self._window = window
        self._scheduled = False
        self._pending: list[str] | None = None  # names still to attach; None before the first

    def done(self) -> bool:
        return self._pending == []

    def painted(self) -> None:
        if not self._scheduled:
            # The first paint has happened: attach the extensions on the next turn of the event loop.
            self._scheduled = True
            QTimer.singleShot(0, self._window, self.attach_next)  # the window as context: no call once it is gone

    def attach_now(self) -> list[str]:
        """Attach the extensions not attached yet, now; returns the names attached."""
        attached = []
        while self._pending is None or self._pending:
            attached += self.attach_next(schedule_rest=False)
        return attached

    def attach_next(self, schedule_rest: bool = True) -> list[str]:
        """Attach one extension; with ``schedule_rest``, the next one on a later turn of the event loop, so the
        chart (the first extension) is drawn before the printing modules are imported."""
        if self._pending is None:
            self._pending = list(EXTENSIONS)
        if not self._pending:
            return []
        name = self._pending.pop(0)
        attached = attach_all(self._window, [name])
        if self._pending and schedule_rest:
            _AfterRepaintsSettle(self._window, self.attach_next)
        return attached


class _AfterRepaintsSettle(QObject):
    """Calls ``callback`` once ``window`` has repainted and then gone QUIET_MS without asking to repaint again
    (Qt repaints a window's dirty widgets on an UpdateRequest; a pyqtgraph chart asks for its own repaint
    some milliseconds after the layout's), or after a second whatever happens (a hidden window)."""

    QUIET_MS = 20

    def __init__(self, window: QWidget, callback):
        super().__init__(window)
        self._callback = callback
        self._repaints = 0  # UpdateRequests seen since the last check
        self._seen_any = False
        self._deadline = QTimer(self, singleShot=True, interval=1000)
        self._deadline.timeout.connect(self._fire)
        self._deadline.start()
        window.installEventFilter(self)
        QTimer.singleShot(self.QUIET_MS, self, self._check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.UpdateRequest:
            self._repaints += 1
            self._seen_any = True
        return False

    def _check(self) -> None:
        if self._seen_any and self._repaints == 0:
            self._fire()
            return
        self._repaints = 0
        if self._callback is not None:
            QTimer.singleShot(self.QUIET_MS, self, self._check)

    def _fire(self) -> None:
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._deadline.stop()
        self.parent().removeEventFilter(self)
        callback()
        self.deleteLater()
