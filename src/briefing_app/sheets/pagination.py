"""Where the blocks go: the frame of every page (bands for the marking, running header and footer) and
the placing of blocks page by page, an item never split across pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout

from .blocks import Block, RowBlock
from .page import BLOCK_GAP, LOGICAL_DPI, layout_device, sheet_font


@dataclass(frozen=True)
class PageFrame:
    """Where things go on every page, in 96-dpi pixels relative to the printable area's top-left."""

    width: float
    height: float
    top_band: float  # marking line and running header (pages after the first)
    bottom_band: float  # footer and marking line
    running_header: float = 0.0  # the part of top_band that page 1 does not need (its header is in the flow)

    def body_of(self, page: int) -> QRectF:
        top = self.top_band - (self.running_header if page == 0 else 0.0)
        return QRectF(0, top, self.width, self.height - top - self.bottom_band)

    @property
    def body(self) -> QRectF:
        return self.body_of(1)


def band_font(point_size: float, bold: bool = False) -> QFont:
    """A font for the bands painted directly (marking, running header, footer), sized in 96-dpi pixels.

    The painter is already scaled from 96-dpi units to the device (paint.render_sheet); a point size
    would be converted at the device's own resolution too (1200 dpi on a printer) and so scaled twice.
    """
    font = sheet_font(point_size, bold=bold)
    font.setPixelSize(round(point_size * LOGICAL_DPI / 72))
    return font


def marking_font() -> QFont:
    return band_font(9.0, bold=True)


def footer_font() -> QFont:
    return band_font(7.5)


def _line_height(font: QFont) -> float:
    return QFontMetricsF(font, layout_device()).height()


def page_frame(page_layout: QPageLayout, marking: str) -> PageFrame:
    rect = page_layout.paintRectPixels(LOGICAL_DPI)
    marking_line = _line_height(marking_font()) + 4.0 if marking.strip() else 0.0
    running = _line_height(footer_font()) + 8.0
    top = marking_line + running
    bottom = running + marking_line + 2.0
    return PageFrame(rect.width(), rect.height(), top, bottom, running)


@dataclass(frozen=True)
class Placed:
    block: Block
    top: float  # within the body
    # A block taller than a whole page body runs across pages in slices (never shrunk): this slice
    # starts ``offset`` into the block and is ``slice_height`` high (None: the whole block).
    offset: float = 0.0
    slice_height: float | None = None
    # Below 1 only for a block taller than a page that cannot be cut (a chart): drawn slightly smaller.
    scale: float = 1.0

    @property
    def height(self) -> float:
        """The height this placement takes on its page."""
        return self.block.height * self.scale if self.slice_height is None else self.slice_height

    @property
    def is_slice(self) -> bool:
        return self.slice_height is not None


MIN_SLICE = 60.0  # a block taller than a page starts on a new page rather than in less room than this


def _chain_height(blocks: Sequence[Block], index: int, room: float, gap: float) -> float:
    """The room block ``index`` needs: itself, every keep-with-next block after it (a heading, an intro
    line, a table's header row) and as much of the first block after them as fits on a page."""
    need = blocks[index].height
    while blocks[index].keep_with_next and index + 1 < len(blocks):
        index += 1
        if blocks[index].keep_with_next:
            need += gap + blocks[index].height
        else:
            need += gap + min(blocks[index].height, room)
    return need


def _is_table_row(block: Block) -> bool:
    return isinstance(block, RowBlock) and not block.header


def paginate(blocks: Sequence[Block], body_height: float, gap: float = BLOCK_GAP,
             first_body_height: float | None = None) -> list[list[Placed]]:
    """Place blocks top to bottom; a block that does not fit starts a new page (never split).

    A heading (or any keep-with-next block, such as a table's header row) stays with the blocks after it.
    A table whose rows run on to a new page repeats its header row (marked "(continued)") at the top of
    that page, right above the row that starts it, so no page starts with a lone header. The one
    exception to "never split": a block taller than a whole page body (a pathological pack note, say) is
    not shrunk to an unreadable size but runs on across pages, cut between text lines; it starts right
    under its heading.
    """
    pages: list[list[Placed]] = [[]]
    y = 0.0
    repeat: RowBlock | None = None  # the header repeat of the table whose rows are being placed

    def room() -> float:
        return first_body_height if (len(pages) == 1 and first_body_height is not None) else body_height

    def new_page(block: Block) -> None:
        nonlocal y
        pages.append([])
        y = 0.0
        if repeat is not None and _is_table_row(block):
            pages[-1].append(Placed(repeat, y))
            y += repeat.height + gap

    for index, block in enumerate(blocks):
        if isinstance(block, RowBlock) and block.header:
            repeat = block.continued
        elif not _is_table_row(block):
            repeat = None
        # A table row must fit on a page under its repeated header.
        reserved = repeat.height + gap if repeat is not None and _is_table_row(block) else 0.0
        oversized = block.height > body_height - reserved
        if oversized and not block.break_points():
            # A chart taller than a page cannot be cut: it gets a page of its own, drawn to fit (its
            # labels stay near 7 pt; no chart in the dataset is much taller than a page).
            if pages[-1] and not (pages[-1][-1].block.keep_with_next):
                new_page(block)
            scale = (room() - y) / block.height
            pages[-1].append(Placed(block, y, scale=scale))
            y = room()  # the page is full
            continue
        after_keep = bool(pages[-1]) and pages[-1][-1].block.keep_with_next
        if pages[-1] and (y + _chain_height(blocks, index, room(), gap) > room() if not oversized else not after_keep):
            new_page(block)
        if not oversized:
            pages[-1].append(Placed(block, y))
            y += block.height + gap
            continue
        if pages[-1] and room() - y < MIN_SLICE:
            new_page(block)
        offset = 0.0
        while block.height - offset > room() - y:
            end = offset + room() - y
            cuts = [b for b in block.break_points() if offset < b <= end]
            cut = max(cuts) if cuts else end
            pages[-1].append(Placed(block, y, offset, cut - offset))
            new_page(block)
            offset = cut
        pages[-1].append(Placed(block, y, offset, block.height - offset))
        y += block.height - offset + gap
    return pages
