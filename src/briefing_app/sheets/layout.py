"""A sheet's blocks in reading order, laid out on pages: the first candidate sheet that fits.

:mod:`.page` holds the page, fonts and rich text; :mod:`.blocks` the block classes; :mod:`.block_text`,
:mod:`.block_findings` and :mod:`.block_tables` make the blocks of each kind of item; :mod:`.pagination`
places them on pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QPageLayout

from . import model as m
from .block_findings import finding_block, recommendation_block
from .block_tables import (
    brief_finding_row,
    brief_findings_header_row,
    comparison_rows,
    more_rows_block,
    other_figure_row,
    other_figures_header_row,
    recommendation_header_row,
    recommendation_row,
)
from .block_text import (
    chart_block,
    header_block,
    heading_block,
    missing_block,
    note_row,
    pairs,
    paragraph_block,
    summary_block,
)
from .blocks import Block, RowBlock
from .pagination import PageFrame, Placed, page_frame, paginate


def build_blocks(sheet: m.Sheet, width: float) -> list[Block]:
    """Every block of the sheet in reading order."""
    cache = sheet.measured_blocks

    def measured(make: Callable, *args, key: tuple = ()):
        # Measuring (QTextDocument layout) is the slow part, so each block is made once per builder and
        # arguments (frozen items, the width; ``key`` stands in for a Sheet, which is not hashable) and
        # reused by later layouts of this sheet and of the other candidates of fit_pages.
        key = (make, *(key or args))
        if key not in cache:
            cache[key] = make(*args)
        return cache[key]

    elsewhere = "not in this pack" if sheet.kind == "pack" else "not among the key findings"
    header_key = (sheet.kind, sheet.title, sheet.subject, sheet.printed, sheet.edition_title, sheet.edition_id,
                  sheet.edition_compiled, sheet.edition_published, sheet.edition_status)
    blocks: list[Block] = [measured(header_block, sheet, width, key=(header_key, width)),
                           measured(summary_block, sheet, width, key=(tuple(sheet.summary), width))]
    for item in sheet.items:
        if isinstance(item, m.Heading):
            blocks.append(measured(heading_block, item, width))
        elif isinstance(item, m.FindingItem):
            blocks.append(measured(finding_block, item, width, sheet.kind != "sector"))
        elif isinstance(item, m.RecommendationItem) and item.compact:
            if not isinstance(blocks[-1], RowBlock):
                blocks.append(measured(recommendation_header_row, width))
            blocks.append(measured(recommendation_row, item, width))
        elif isinstance(item, m.RecommendationItem):
            blocks.append(measured(recommendation_block, item, width, elsewhere))
        elif isinstance(item, m.ChartItem):
            blocks.append(measured(chart_block, item, width))
        elif isinstance(item, m.ComparisonTable):
            blocks += measured(comparison_rows, item, width)
        elif isinstance(item, m.OtherFiguresTable):
            blocks.append(measured(other_figures_header_row, width))
            blocks += [measured(other_figure_row, row, width) for row in item.rows]
            if item.more:
                blocks.append(measured(more_rows_block, item.more, width))
        elif isinstance(item, m.BriefFindingsTable):
            blocks.append(measured(brief_findings_header_row, width))
            blocks += [measured(brief_finding_row, row, width) for row in item.rows]
            if item.more:
                blocks.append(measured(more_rows_block, item.more, width))
        elif isinstance(item, m.MissingItem):
            blocks.append(measured(missing_block, item, width))
        elif isinstance(item, m.Paragraph):
            blocks.append(measured(paragraph_block, item, width))
    notes = [
        ("Sources", [(f"[{n.number}]  ", n.citation, f"source:{n.number}") for n in sheet.sources]),
        ("Caveats", [(f"({x.letter})  ", x.text, f"caveat:{x.letter}") for x in sheet.caveats]),
        ("Notes", [("•  ", note, f"note:{i}") for i, note in enumerate(sheet.notes, 1)]),
    ]
    for heading, entries in notes:
        if entries:
            blocks.append(measured(heading_block, m.Heading(heading, 2), width))
            blocks += [measured(note_row, pair, width) for pair in pairs(entries)]
    return blocks


@dataclass
class SheetLayout:
    sheet: m.Sheet
    frame: PageFrame
    pages: list[list[Placed]] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_of(self, kind: str, item_id: str) -> list[int]:
        """Pages (0-based) holding the block of this kind and id: exactly one for a placed item."""
        return [
            index for index, page in enumerate(self.pages)
            for placed in page if placed.block.kind == kind and placed.block.item_id == item_id
        ]


def layout_sheet(sheet: m.Sheet, page_layout: QPageLayout) -> SheetLayout:
    frame = page_frame(page_layout, sheet.marking)
    blocks = build_blocks(sheet, frame.width)
    return SheetLayout(sheet, frame, paginate(blocks, frame.body_of(1).height(), first_body_height=frame.body_of(0).height()))


def fit_pages(candidates: Iterable[Callable[[], m.Sheet]], page_layout: QPageLayout,
              max_pages: int | Sequence[int] = 2) -> tuple[m.Sheet, SheetLayout]:
    """The first candidate sheet (fullest first) that fits on ``max_pages`` pages; the last one if none
    does (it then runs longer rather than dropping everything).

    ``max_pages`` may be several limits, tried in turn (say 2, then 3 if no candidate fits on 2): each
    candidate is built and laid out once, however many limits are tried.
    """
    limits = [max_pages] if isinstance(max_pages, int) else list(max_pages)
    remaining = iter(candidates)
    laid_out: list[tuple[m.Sheet, SheetLayout]] = []  # the candidates tried so far, in order
    measured_blocks: dict = {}  # shared: the candidates have most of their blocks in common

    def candidate(index: int) -> tuple[m.Sheet, SheetLayout] | None:
        while len(laid_out) <= index:
            build = next(remaining, None)
            if build is None:
                return None
            sheet = build()
            sheet.measured_blocks = measured_blocks
            laid_out.append((sheet, layout_sheet(sheet, page_layout)))
        return laid_out[index]

    for limit in limits:
        index = 0
        while (result := candidate(index)) is not None:
            if result[1].page_count <= limit:
                return result
            index += 1
    if not laid_out:
        raise ValueError("no candidate sheet")
    return laid_out[-1]
