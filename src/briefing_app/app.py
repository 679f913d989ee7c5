"""QApplication set-up (names, style sheet, system font and colours, error reporting) and the main window's start."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from . import APP_NAME, __version__

ORGANISATION = "Briefing app developers"
APP_ID = "briefing-app"
# The desktop entry's id (packaging/bundle_contents.py): lets Wayland and GNOME match the window to its icon.
DESKTOP_ID = "io.github.briefingapp.BriefingApp"
LOG_DIR_ENV = "BRIEFING_APP_LOG_DIR"
LOG_FILE_NAME = "briefing-app.log"

log = logging.getLogger(__name__)


# ---- logging and unexpected errors ----------------------------------------------------------------------------


def default_log_dir() -> Path:
    """BRIEFING_APP_LOG_DIR if set, else the platform's user log folder."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_ID, appauthor=False))


def configure_file_logging(log_file: Path) -> logging.Handler | None:
    """Send the application's warnings and errors to ``log_file`` (created only when first written)."""
    logger = logging.getLogger("briefing_app")
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == log_file.resolve():
            return handler
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"Cannot create the log folder {log_file.parent}: {exc}", file=sys.stderr)
        return None
    handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    return handler


class ExceptionReporter:
    """sys.excepthook for the interface: log the traceback, tell the user in a dialog, keep running.

    PySide calls sys.excepthook for an exception raised in a slot or an event handler and then carries on
    with the event loop, so the application keeps running after the report.
    """

    def __init__(self, log_dir: Path | None = None):
        self.log_file = (log_dir or default_log_dir()) / LOG_FILE_NAME
        self.dialog = None
        self.count = 0
        self._previous = None

    def install(self) -> ExceptionReporter:
        configure_file_logging(self.log_file)
        self._previous = sys.excepthook
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous or sys.__excepthook__

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous or sys.__excepthook__)(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            logging.getLogger("briefing_app.errors").error("Unexpected error\n%s", details)
            self.count += 1
            self._show(exc_type, exc, details)
        except Exception:  # noqa: BLE001 - the reporter must never raise; fall back to the default hook
            sys.__excepthook__(exc_type, exc, tb)

    def _show(self, exc_type, exc, details: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        from .views.dialogs import plain_message_box

        if QApplication.instance() is None:
            sys.__stderr__.write(details)
            return
        summary = f"Something went wrong: {exc_type.__name__}: {exc}"
        informative = (
            "The application is still running; your work has not been lost. "
            f"The details were written to the log file:\n{self.log_file}"
        )
        if self.count > 1:
            informative += f"\n({self.count} errors so far in this session.)"
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setText(summary)
            self.dialog.setInformativeText(informative)
            self.dialog.setDetailedText(details)
            return
        parent = QApplication.activeWindow()
        box = plain_message_box(parent, QMessageBox.Icon.Critical, "Unexpected error", summary, informative)
        box.setObjectName("unexpectedErrorDialog")
        box.setDetailedText(details)
        # Shown without a nested event loop (not exec), so an error inside a slot cannot stack loops.
        box.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.NonModal)
        box.show()
        self.dialog = box


# ---- look and feel ------------------------------------------------------------------------------------------------


def style_sheet(high_contrast: bool) -> str:
    """The application style sheet: none normally (views/look.py styles the widgets themselves, which keeps
    start-up quick), resources/style/high-contrast.qss when the system asks for more contrast."""
    if not high_contrast:
        return ""
    from .domain.bundled import resources_dir

    path = resources_dir() / "style" / "high-contrast.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("Style sheet %s not loaded: %s", path, exc)
        return ""


def wants_high_contrast(app) -> bool:
    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)  # QAccessibilityHints: Qt 6.10 and later
    if accessibility is None:
        return False
    from PySide6.QtCore import Qt

    return accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def apply_style(app) -> None:
    """Set the high-contrast style sheet (palette roles only) when the system asks for it, and none otherwise."""
    app.setStyleSheet(style_sheet(wants_high_contrast(app)))


def configure_application(app) -> None:
    """Names, icon and style. The system font and palette are left as the platform gives them, so the
    system font size and light/dark/high-contrast settings apply; the style sheet is re-applied when they change."""
    from PySide6.QtGui import QIcon

    from .domain.bundled import resources_dir

    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName(DESKTOP_ID)
    install_qt_translations(app)
    icons = sorted((resources_dir() / "icons" / "app").glob("*.svg")) + sorted((resources_dir() / "icons" / "app").glob("*.png"))
    if icons:
        app.setWindowIcon(QIcon(str(icons[0])))
    apply_style(app)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda *_: apply_style(app))
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        accessibility().contrastPreferenceChanged.connect(lambda *_: apply_style(app))


# The languages the application's own text is written in. Qt's dialogs (print, file, message boxes) are put
# into the system language only when it is one of these, so that a German desktop does not get a window in
# English with a print dialog in German.
APP_LANGUAGES = ("en",)


def install_qt_translations(app) -> bool:
    """Qt's own translations for its standard dialogs, in the system language if the application speaks it."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if QLocale.system().name().split("_")[0] not in APP_LANGUAGES:
        return False  # Qt's built-in English, like the rest of the window
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale.system(), "qtbase", "_", path):
        app.installTranslator(translator)
        return True
    return False  # English, or no translation shipped for this language: Qt's built-in English text is used


# ---- entry point ------------------------------------------------------------------------------------------------


def run_gui(dataset_path: str | None = None, quit_after_first_paint: bool = False) -> int:
    """Open the main window. ``quit_after_first_paint`` (a hidden command-line option, for installer and
    start-up checks) exits with status 0 once the window has painted and its extensions are attached."""
    from PySide6.QtWidgets import QApplication

    from .domain import DatasetError, load_catalogue
    from .storage.settings import SettingsStore
    from .views.dialogs import DatasetProblemsDialog
    from .views.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)
    reporter = ExceptionReporter().install()
    try:
        catalogue = load_catalogue(dataset_path)
    except DatasetError as exc:
        DatasetProblemsDialog(str(dataset_path or "The bundled dataset"), exc.problems, kept_current=False).exec()
        return 1
    window = MainWindow(catalogue, SettingsStore())
    window.show()
    if quit_after_first_paint:
        from PySide6.QtCore import QTimer

        poll = QTimer(window, interval=20)
        poll.timeout.connect(lambda: window.extensions_attached() and app.quit())
        poll.start()
    try:
        return app.exec()
    finally:
        reporter.uninstall()
