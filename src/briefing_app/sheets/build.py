"""Sheets ready to paint: the content of :mod:`.content`, trimmed to fit the page budget.

A sector sheet aims at two pages (four at most): it starts with the strongest-sourced findings in full and
moves the weakest into the compact table of other figures until the sheet fits, then gives the
recommendations in brief (the sheet says which rule chose them). Every figure of the sector is on it (the
compact tables hold at most builder.TABLE_ROWS_MAX rows each and say how many more there are), with the
findings without figures and the figures we could not verify in their own places, and every source and
caveat of what is printed. The overview does the same per sector.
A pack is printed whole, however long.
"""

from __future__ import annotations

from PySide6.QtGui import QPageLayout

from ..domain.catalogue import Catalogue
from ..domain.wording import unknown_sector
from . import content as c
from .layout import SheetLayout, fit_pages, layout_sheet
from .model import Sheet, SheetOptions
from .pack import Pack
from .page import page_layout_for

TARGET_SECTOR_PAGES = 2
MAX_SECTOR_PAGES = 4
MAX_OVERVIEW_PAGES = 4
MIN_SECTOR_FINDINGS = 3
SHORTER_TABLES = (20, 10, 5)  # rows per compact table when even the briefest sheet at 40 does not fit


class UnknownSector(KeyError):
    def __init__(self, sector_id: str, known: list[str]):
        super().__init__(sector_id)
        self.sector_id = sector_id
        self.known = known

    def __str__(self) -> str:
        return unknown_sector(self.sector_id, self.known)


def sector_sheet(catalogue: Catalogue, sector_id: str, options: SheetOptions | None = None,
                 page_layout: QPageLayout | None = None) -> tuple[Sheet, SheetLayout]:
    if sector_id not in catalogue.sectors:
        raise UnknownSector(sector_id, list(catalogue.sectors))
    page_layout = page_layout or page_layout_for("a4")
    start = min(c.SECTOR_FINDINGS_START, len(catalogue.findings_in(sector_id)))
    counts = range(start, min(start, MIN_SECTOR_FINDINGS) - 1, -1)
    # Fullest first: recommendations in full with fewer key findings, then recommendations in brief.
    candidates = [
        lambda n=n, brief=brief: c.sector_sheet(catalogue, sector_id, options, n, brief)
        for brief in (False, True) for n in counts
    ]
    # A very large sector, only if nothing else fits on MAX_SECTOR_PAGES: shorter compact tables (each says
    # how many more rows the app and the CSV hold).
    shorter = [
        lambda rows=rows: c.sector_sheet(catalogue, sector_id, options, counts[-1], True, rows)
        for rows in SHORTER_TABLES
    ]
    # Every figure of the sector is printed (key findings in full, the others in tables), so a large
    # sector runs on: if none fits on two pages, keep as much in full as fits on three, then on four.
    result = fit_pages(candidates, page_layout, tuple(range(TARGET_SECTOR_PAGES, MAX_SECTOR_PAGES + 1)))
    if result[1].page_count <= MAX_SECTOR_PAGES:
        return result
    return fit_pages(shorter, page_layout, MAX_SECTOR_PAGES)


def overview_sheet(catalogue: Catalogue, options: SheetOptions | None = None,
                   page_layout: QPageLayout | None = None) -> tuple[Sheet, SheetLayout]:
    page_layout = page_layout or page_layout_for("a4")
    # Fullest first. Every comparison is in the overview's table; the first is also charted.
    steps = [(2, 2), (2, 1), (1, 1)]
    candidates = [lambda n=n, charts=charts: c.overview_sheet(catalogue, options, n, charts) for n, charts in steps]
    result = fit_pages(candidates, page_layout, MAX_OVERVIEW_PAGES)
    if result[1].page_count <= MAX_OVERVIEW_PAGES:
        return result
    shorter = [lambda rows=rows: c.overview_sheet(catalogue, options, 1, 1, rows) for rows in SHORTER_TABLES]
    return fit_pages(shorter, page_layout, MAX_OVERVIEW_PAGES)


def pack_sheet(catalogue: Catalogue, pack: Pack, options: SheetOptions | None = None,
               page_layout: QPageLayout | None = None) -> tuple[Sheet, SheetLayout]:
    page_layout = page_layout or page_layout_for("a4")
    sheet = c.pack_sheet(catalogue, pack, options)
    return sheet, layout_sheet(sheet, page_layout)


def changes_sheet(old: Catalogue, new: Catalogue, options: SheetOptions | None = None,
                  page_layout: QPageLayout | None = None) -> tuple[Sheet, SheetLayout]:
    """"What changed in this edition": from ``old`` to ``new`` (sheets/changes.py), printed whole."""
    from .changes import changes_content

    sheet = changes_content(old, new, options=options)
    return sheet, layout_sheet(sheet, page_layout or page_layout_for("a4"))


def sheet_for(catalogue: Catalogue, sector_id: str | None, options: SheetOptions | None = None,
              page_layout: QPageLayout | None = None) -> Sheet:
    """The sector's sheet, or the overview for None ("All")."""
    if sector_id is None:
        return overview_sheet(catalogue, options, page_layout)[0]
    return sector_sheet(catalogue, sector_id, options, page_layout)[0]
