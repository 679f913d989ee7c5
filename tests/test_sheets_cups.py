"""Printing through a real CUPS print queue (platform notes section 7).

The fixture starts a CUPS scheduler if none is running, adds a cups-pdf printer with lpadmin whose output
goes to a temporary folder (a cups-pdf instance configuration), and removes both afterwards. A sheet is
printed through QPrinter exactly as the Print action does; the PDF that comes out of the queue is checked
for its page count and page size (CUPS re-encodes the text, so the words are not compared).

Needs Debian's cups and printer-driver-cups-pdf (./bootstrap test installs them) and root, as in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.sheets import build
from briefing_app.sheets import model as m
from briefing_app.sheets.page import page_layout_for
from briefing_app.sheets.printing import PrintError, prepare_printer, print_sheet, printer_named

pytestmark = pytest.mark.slow

CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
CUPS_CONFIG_DIR = Path("/etc/cups")
WAIT_SECONDS = 90


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=check)


def _scheduler_running() -> bool:
    result = _run("lpstat", "-r", check=False)
    return result.returncode == 0 and "is running" in result.stdout and "not running" not in result.stdout


def _wait_for(condition, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"Timed out after {seconds:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def cups_pdf_printer(tmp_path_factory):
    missing = [tool for tool in ("cupsd", "lpadmin", "lpstat") if shutil.which(tool) is None]
    if missing or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        pytest.fail(
            "CUPS with the cups-pdf printer driver is needed (Debian packages cups and printer-driver-cups-pdf; "
            f"./bootstrap test installs them). Missing: {', '.join(missing) or 'the cups-pdf backend'}"
        )
    if os.geteuid() != 0:
        pytest.skip("Adding a printer and starting the CUPS scheduler needs root (CI runs as root)")

    scheduler = None
    if not _scheduler_running():
        scheduler = subprocess.Popen(["cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(_scheduler_running, "the CUPS scheduler to start", 30)

    instance = f"briefingtest{uuid.uuid4().hex[:8]}"
    name = f"Briefing_Test_{instance}"
    out_dir = tmp_path_factory.mktemp("cups-pdf-out")
    out_dir.chmod(0o1777)  # cups-pdf writes as the job's user
    # A cups-pdf instance (URI cups-pdf:/<instance>) reads cups-pdf-<instance>.conf: output to our folder.
    config = CUPS_CONFIG_DIR / f"cups-pdf-{instance}.conf"
    config.write_text(f"Out {out_dir}\nAnonDirName {out_dir}\n", encoding="utf-8")
    try:
        _run("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{instance}", "-m", CUPS_PDF_PPD)
        yield name, out_dir
    finally:
        _run("cancel", "-a", name, check=False)
        _run("lpadmin", "-x", name, check=False)
        config.unlink(missing_ok=True)
        if scheduler is not None:
            scheduler.terminate()
            try:
                scheduler.wait(timeout=30)
            except subprocess.TimeoutExpired:
                scheduler.kill()


def _print_and_collect(qapp, printer_name: str, out_dir: Path, sheet, paper: str) -> Path:
    before = set(out_dir.glob("*.pdf"))
    printer = printer_named(printer_name)
    prepare_printer(printer, sheet, paper)
    print_sheet(sheet, printer)

    def finished_file():
        new = [p for p in out_dir.glob("*.pdf") if p not in before]
        # cups-pdf writes the file in one go when the job ends; wait until it is a complete PDF.
        for path in new:
            data = path.read_bytes()
            if data.rstrip().endswith(b"%%EOF"):
                return path
        return None

    return _wait_for(finished_file, "the cups-pdf output file")


def test_a_sheet_prints_through_cups_with_the_right_pages(qapp, catalogue, cups_pdf_printer):
    name, out_dir = cups_pdf_printer
    from PySide6.QtPrintSupport import QPrinterInfo

    assert name in [info.printerName() for info in QPrinterInfo.availablePrinters()]
    sheet, layout = build.sector_sheet(catalogue, "health", m.SheetOptions())
    path = _print_and_collect(qapp, name, out_dir, sheet, "a4")
    reader = PdfReader(path)
    assert len(reader.pages) == layout.page_count
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_us_letter_through_cups(qapp, catalogue, cups_pdf_printer):
    name, out_dir = cups_pdf_printer
    letter = page_layout_for("letter")
    sheet, layout = build.sector_sheet(catalogue, "education", m.SheetOptions(), letter)
    path = _print_and_collect(qapp, name, out_dir, sheet, "letter")
    reader = PdfReader(path)
    assert len(reader.pages) == layout.page_count
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(612, 792)}


def test_a_stopped_printer_gives_a_clear_message(qapp, catalogue, cups_pdf_printer):
    name, _out_dir = cups_pdf_printer
    sheet, _ = build.sector_sheet(catalogue, "cross-sector")
    printer = printer_named(name)
    _run("cupsdisable", name)
    try:
        with pytest.raises(PrintError, match="is stopped or reports an error"):
            print_sheet(sheet, printer)
    finally:
        _run("cupsenable", name)


def test_a_missing_printer_gives_a_clear_message(qapp, catalogue, cups_pdf_printer):
    name, _out_dir = cups_pdf_printer
    with pytest.raises(PrintError, match="There is no printer called"):
        printer_named(name + "_gone")


def test_a_queue_that_rejects_jobs_is_reported_not_printed(qapp, catalogue, cups_pdf_printer):
    """cupsreject: the queue is up but refuses new jobs. Qt sends the job and ignores the refusal; the
    application asks the queue first and tells the user plainly."""
    from briefing_app.sheets import printing

    name, out_dir = cups_pdf_printer
    sheet, _ = build.sector_sheet(catalogue, "health")
    before = set(out_dir.glob("*.pdf"))
    _run("cupsreject", "-r", "Out of toner", name)
    try:
        printer = printer_named(name)
        prepare_printer(printer, sheet, "a4")
        with pytest.raises(PrintError, match=f"The printer “{name}” is not accepting jobs \\(it says: Out of toner\\)"):
            print_sheet(sheet, printer)
        assert printing.queue_accepting(name) == (False, "Out of toner")
    finally:
        _run("cupsaccept", name)
    assert printing.queue_accepting(name) == (True, "")
    time.sleep(2)
    assert set(out_dir.glob("*.pdf")) == before


def test_a_job_the_queue_refuses_when_it_is_sent_is_reported(qapp, catalogue, cups_pdf_printer, monkeypatch):
    """The queue may start refusing between the check and the job (or lpstat may be missing): the answer
    CUPS gave to the job itself is read too."""
    from briefing_app.sheets import printing

    name, _out_dir = cups_pdf_printer
    monkeypatch.setattr(printing, "queue_accepting", lambda printer_name: None, raising=False)  # no check beforehand
    sheet, _ = build.sector_sheet(catalogue, "health")
    _run("cupsreject", name)
    try:
        printer = printer_named(name)
        prepare_printer(printer, sheet, "a4")
        with pytest.raises(PrintError, match=f"The print system did not accept the job for “{name}”"):
            print_sheet(sheet, printer)
    finally:
        _run("cupsaccept", name)


def test_printing_from_the_preview_to_a_refusing_queue_is_reported(qapp, catalogue, cups_pdf_printer):
    """The preview's own Print button paints through the same checks as the Print action."""
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from briefing_app.sheets.printing import preview_dialog

    name, out_dir = cups_pdf_printer
    sheet, _ = build.sector_sheet(catalogue, "health")
    errors: list[tuple[str, str]] = []
    dialog = preview_dialog(None, sheet, "a4", lambda title, text: errors.append((title, text)))
    try:
        dialog._printer.setPrinterName(name)
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()  # painting the preview itself is no printing
        assert errors == []
        before = set(out_dir.glob("*.pdf"))
        _run("cupsreject", name)
        try:
            preview.print()
        finally:
            _run("cupsaccept", name)
        assert len(errors) == 1 and f"The printer “{name}” is not accepting jobs" in errors[0][1]
        time.sleep(2)
        assert set(out_dir.glob("*.pdf")) == before
    finally:
        dialog.deleteLater()
