"""Printing and print preview through Qt's printer support (CUPS on Linux, the spooler on Windows, macOS).

Both call :func:`.paint.render_sheet`, the same function as the PDF export and the command line. The
printer's own page layout is used, so a paper size chosen in the print dialog is honoured.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPaintEngine
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QWidget

from .layout import SheetLayout
from .model import Sheet
from .page import MARGINS_MM, page_layout_for
from .paint import RenderError, render_sheet


class PrintError(Exception):
    """Printing failed; the message is fit for the user and names the printer."""


# ---- what the print system says (CUPS: Linux and macOS) -----------------------------------------------
# Qt sends the job with libcups' cupsPrintFile and ignores its answer, so a queue that refuses jobs
# (cupsreject) looked like a printed sheet. The queue is asked first whether it accepts jobs, and libcups'
# own status of the request that sent the job is read afterwards.

IPP_OK_LAST = 0x00FF  # IPP status codes up to here are successes; 0x0400 and above are errors


def queue_accepting(name: str) -> tuple[bool, str] | None:
    """(whether the CUPS queue ``name`` accepts jobs, the reason it gives), from ``lpstat -a``.

    None when there is no lpstat (Windows) or it gives no answer for the queue.
    """
    lpstat = shutil.which("lpstat")
    if lpstat is None or not name:
        return None
    try:
        result = subprocess.run([lpstat, "-a", name], capture_output=True, text=True, timeout=15,
                                env={**os.environ, "LC_ALL": "C", "LANG": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or not lines:
        return None
    words = lines[0].split()
    if len(words) < 2 or words[0] != name:
        return None
    reason = " ".join(line.strip() for line in lines[1:] if line.strip())
    return words[1] == "accepting", reason


_libcups: list = []


def _cups_library():
    """libcups as loaded in this process (Qt's print support loads it), or None."""
    if not _libcups:
        library = None
        if sys.platform != "win32":
            name = ctypes.util.find_library("cups") or ("libcups.so.2" if sys.platform.startswith("linux") else None)
            if name:
                try:
                    library = ctypes.CDLL(name)
                    library.cupsLastError.restype = ctypes.c_int
                    library.cupsLastErrorString.restype = ctypes.c_char_p
                except (OSError, AttributeError):
                    library = None
        _libcups.append(library)
    return _libcups[0]


def last_cups_request() -> tuple[int, str] | None:
    """(IPP status, message) of this thread's last CUPS request, or None without libcups."""
    library = _cups_library()
    if library is None:
        return None
    message = library.cupsLastErrorString()
    return library.cupsLastError(), (message or b"").decode("utf-8", "replace")


def installed_printers() -> list[str]:
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def printer_named(name: str | None = None) -> QPrinter:
    """A high-resolution printer for ``name`` (the system default for None). Raises PrintError if missing."""
    if name:
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            known = ", ".join(installed_printers()) or "none"
            raise PrintError(f"There is no printer called “{name}”. Installed printers: {known}.")
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def prepare_printer(printer: QPrinter, sheet: Sheet, paper: str = "a4") -> None:
    """The sheet's defaults: paper size, portrait, margins, and the job's name."""
    layout: QPageLayout = page_layout_for(paper)
    printer.setPageSize(layout.pageSize())
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    # A printer may need wider margins than the sheet's; Qt then keeps the printer's minimum.
    printer.setPageMargins(QMarginsF(MARGINS_MM), QPageLayout.Unit.Millimeter)
    printer.setDocName(sheet.title)
    printer.setCreator(sheet.application)


def print_sheet(sheet: Sheet, printer: QPrinter) -> SheetLayout:
    """Paint the sheet onto ``printer`` (the job is sent when painting ends). Raises PrintError."""
    name = printer.printerName() or "the printer"
    if not printer.isValid():
        raise PrintError(f"“{name}” cannot be used for printing (it is not a valid printer).")
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
        # Qt does not report a job that the print system refuses, so look at the queue first.
        info = QPrinterInfo.printerInfo(printer.printerName())
        if info.isNull():
            known = ", ".join(installed_printers()) or "none"
            raise PrintError(f"The printer “{name}” is no longer installed. Installed printers: {known}.")
        if info.state() == QPrinter.PrinterState.Error:
            raise PrintError(
                f"The printer “{name}” is stopped or reports an error, so nothing was sent. "
                "Check it (or restart its queue) and try again."
            )
        accepting = queue_accepting(printer.printerName())
        if accepting is not None and not accepting[0]:
            why = f" (it says: {accepting[1]})" if accepting[1] else ""
            raise PrintError(
                f"The printer “{name}” is not accepting jobs{why}, so the sheet was not printed. "
                "Ask whoever looks after it to let it accept jobs again (cupsaccept), or choose another printer."
            )
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    try:
        layout = render_sheet(printer, sheet)
    except RenderError as exc:
        raise PrintError(f"Could not print to “{name}”: {exc}") from None
    if native:
        # Read at once: the request that sent the job is this thread's last one to CUPS.
        request = last_cups_request()
        if request is not None and request[0] > IPP_OK_LAST:
            detail = f" (the print system said: {request[1]})" if request[1] else ""
            raise PrintError(f"The print system did not accept the job for “{name}”{detail}; the sheet was not printed.")
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintError(f"“{name}” reported an error and the job may not have printed. Check the printer and try again.")
    if printer.printerState() == QPrinter.PrinterState.Aborted:
        raise PrintError(f"The job on “{name}” was cancelled.")
    return layout


def print_with_dialog(parent: QWidget | None, sheet: Sheet, paper: str = "a4") -> bool:
    """Ask for a printer with QPrintDialog and print; False if the user cancelled. Raises PrintError."""
    printer = printer_named(None)
    prepare_printer(printer, sheet, paper)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print: {sheet.title}")
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_sheet(sheet, printer)
    return True


def preview_dialog(parent: QWidget | None, sheet: Sheet, paper: str = "a4",
                   on_error: Callable[[str, str], None] | None = None) -> QPrintPreviewDialog:
    """A print preview of the sheet; printing from it uses the same painting function."""
    printer = printer_named(None)
    prepare_printer(printer, sheet, paper)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: {sheet.title}")
    dialog.setAccessibleName("Print preview")
    dialog.setAccessibleDescription(f"Preview of {sheet.title}, as it will print")

    def paint(device: QPrinter) -> None:
        engine = device.paintEngine()
        previewing = engine is not None and engine.type() == QPaintEngine.Type.Picture  # Qt's preview engine
        try:
            if previewing:
                render_sheet(device, sheet)
            else:
                # The preview's Print button: the same checks as the Print action (a queue that refuses
                # jobs is reported, never taken as printed).
                print_sheet(sheet, device)
        except RenderError as exc:
            if on_error is not None:
                on_error("Cannot print the briefing sheet", str(exc))
        except PrintError as exc:
            if on_error is not None:
                on_error("Cannot print the briefing sheet", str(exc))

    dialog.paintRequested.connect(paint)
    dialog._printer = printer  # keep the printer alive as long as the dialog
    # Readable at once: most of the window (or screen) and the page as wide as the preview, not a whole page
    # shrunk into a small dialog (Qt's default).
    area = parent.window().geometry() if parent is not None else dialog.screen().availableGeometry()
    dialog.resize(max(640, round(area.width() * 0.85)), max(480, round(area.height() * 0.9)))
    preview = dialog.findChild(QPrintPreviewWidget)
    if preview is not None:
        preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
    return dialog
