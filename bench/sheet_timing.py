"""Time writing briefing-sheet PDFs after start-up; prints one JSON object.

    python bench/sheet_timing.py [--repeat N]

In one process, with the QApplication and the catalogue already made (not timed), as the ``sheet``
command does after its start-up:

* health sheet, first: the first health sheet of the process, including importing the sheet and chart
  modules (pyqtgraph among them), as the ``sheet`` command pays once;
* health sheet: the same again, warm (N times);
* sheet --all: every sector's sheet and the overview, one PDF each (N times), as ``sheet --all`` writes them;
* baseline: a one-page QPdfWriter PDF with a single line of text, written the same way (N times);
* large sector: the health sheet of a generated edition with about 1,000 findings per sector (bench/generate.py,
  4,000 findings), which keeps to its page budget by capping its compact tables (N times).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    from briefing_app.domain import load_catalogue

    app = QApplication.instance() or QApplication(["briefing-app"])  # noqa: F841 (kept alive)
    catalogue = load_catalogue()
    folder = Path(tempfile.mkdtemp(prefix="bench-sheets-"))

    def baseline_pdf(path: Path) -> None:
        writer = QPdfWriter(str(path))
        writer.setResolution(96)
        writer.setPageSize(QPageLayout().pageSize())  # A4, Qt's default page
        painter = QPainter(writer)
        try:
            painter.drawText(QRectF(96, 96, 600, 40), "Briefing sheet benchmark: one line of text.")
        finally:
            painter.end()

    def health_sheet(path: Path) -> None:
        from briefing_app.sheets import build
        from briefing_app.sheets.model import SheetOptions
        from briefing_app.sheets.page import page_layout_for
        from briefing_app.sheets.pdf import write_pdf

        page_layout = page_layout_for("a4")
        sheet = build.sector_sheet(catalogue, "health", SheetOptions(), page_layout)[0]
        write_pdf(sheet, catalogue, path, page_layout)

    def all_sheets(out: Path) -> int:
        """What ``sheet --all`` writes after loading: one PDF per sector, then the overview."""
        from briefing_app.sheets import build
        from briefing_app.sheets.model import SheetOptions
        from briefing_app.sheets.page import page_layout_for
        from briefing_app.sheets.pdf import write_pdf

        page_layout = page_layout_for("a4")
        options = SheetOptions()
        count = 0
        for sector in catalogue.dataset.sectors:
            sheet = build.sector_sheet(catalogue, sector.id, options, page_layout)[0]
            write_pdf(sheet, catalogue, out / f"sheet-{sector.id}.pdf", page_layout)
            count += 1
        write_pdf(build.overview_sheet(catalogue, options, page_layout)[0], catalogue, out / "sheet-overview.pdf", page_layout)
        return count + 1

    def timed(func, *func_args) -> float:
        start = time.perf_counter()
        func(*func_args)
        return time.perf_counter() - start

    result: dict = {"first_health_seconds": timed(health_sheet, folder / "first.pdf")}
    baseline, health, every = [], [], []
    sheets = 0
    for index in range(args.repeat):  # interleaved, so that machine noise hits each alike
        baseline.append(timed(baseline_pdf, folder / f"baseline-{index}.pdf"))
        health.append(timed(health_sheet, folder / f"health-{index}.pdf"))
        start = time.perf_counter()
        sheets = all_sheets(folder)
        every.append(time.perf_counter() - start)
    from briefing_app.domain import Catalogue
    from briefing_app.domain.loading import parse_dataset
    from briefing_app.sheets import build
    from briefing_app.sheets.pdf import write_pdf

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import generate

    large = Catalogue(parse_dataset(generate(4000), "large.json"), "large.json")
    large_seconds, large_pages = [], 0
    for index in range(args.repeat):
        start = time.perf_counter()
        sheet, layout = build.sector_sheet(large, "health")
        write_pdf(sheet, large, folder / f"large-{index}.pdf")
        large_seconds.append(time.perf_counter() - start)
        large_pages = layout.page_count
    result.update(
        large_sector_seconds=large_seconds,
        large_sector_findings=len(large.findings_in("health")),
        large_sector_pages=large_pages,
        baseline_seconds=baseline,
        health_seconds=health,
        all_seconds=every,
        all_sheet_count=sheets,
        pdf_bytes=(folder / "health-0.pdf").stat().st_size,
    )
    print(json.dumps(result), flush=True)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
