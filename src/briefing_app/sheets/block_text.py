"""Blocks for the sheet's own text: header, summary, headings, paragraphs, charts, missing items, notes."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.dates import long_date
from . import model as m
from .blocks import ChartBlock, ColumnsBlock, TextBlock
from .page import (
    ACCENT,
    BODY,
    CHART_SCALE,
    MUTED,
    NOTE_COLUMN_GAP,
    SHADE,
    SMALL,
    SMALL_BOLD,
    SMALL_SIZE,
    WARN,
    RichText,
    char_format,
    note_paragraph,
)


def header_block(sheet: m.Sheet, width: float) -> TextBlock:
    text = RichText(width)
    text.paragraph([(sheet.title, char_format(15.0, bold=True, colour=ACCENT))], space_after=2)
    text.paragraph([(f"{sheet.document_kind}   ", char_format(SMALL_SIZE, bold=True, colour=ACCENT)),
                    ("Sector: ", SMALL_BOLD), (sheet.sector_words, SMALL),
                    ("   Printed: ", SMALL_BOLD), (long_date(sheet.printed), SMALL)])
    text.paragraph([
        ("Dataset: ", SMALL_BOLD),
        (sheet.dataset_words, SMALL),
    ], space_after=0 if sheet.edition_status else 3)
    if sheet.edition_status:  # whether the dataset carries its compiler's signature (domain/signing.py)
        colour = ACCENT if sheet.edition_verified else WARN
        text.paragraph([(sheet.edition_status + ".", char_format(SMALL_SIZE, bold=True, colour=colour))],
                       space_after=3)
    return TextBlock("header", text.height + 2, doc=text.doc, bottom_rule=True)


def summary_block(sheet: m.Sheet, width: float) -> TextBlock:
    pad = 7.0
    text = RichText(width - 2 * pad)
    text.paragraph([("Summary", char_format(9.5, bold=True, colour=ACCENT))], space_after=1)
    text.bullets(sheet.summary, char_format(8.3))
    return TextBlock("summary", text.height + 2 * pad, doc=text.doc, pad=pad, background=SHADE)


def heading_block(heading: m.Heading, width: float) -> TextBlock:
    text = RichText(width)
    size = 11.5 if heading.level == 1 else 10.0
    text.paragraph([(heading.text, char_format(size, bold=True, colour=ACCENT))], space_before=5)
    return TextBlock("heading", text.height + 1, doc=text.doc, keep_with_next=True)


def chart_block(item: m.ChartItem, width: float) -> ChartBlock:
    from ..charts.render import preferred_height

    chart_height = preferred_height(item.spec, width / CHART_SCALE) * CHART_SCALE
    caption = RichText(width)
    caption.paragraph([("Chart sources in full: ", SMALL_BOLD),
                       (m.number_marks(item.sources, ", ") + " in the notes.", SMALL)])
    note_paragraph(caption, item.note)
    return ChartBlock("chart", chart_height + 3.0 + caption.height, item_id=item.key, spec=item.spec,
                      chart_height=chart_height, caption_doc=caption.doc)


def missing_block(item: m.MissingItem, width: float) -> TextBlock:
    pad = 6.0
    text = RichText(width - 2 * pad)
    text.paragraph([("Not in this dataset edition: ", char_format(9.0, bold=True, colour=WARN)),
                    (f"{item.kind} “{item.item_id}”. ", BODY),
                    ("The pack file keeps it; open the pack with the dataset edition it was made with to print it.", SMALL)])
    note_paragraph(text, item.note)
    return TextBlock("missing", text.height + 2 * pad, item_id=f"{item.kind}:{item.item_id}", doc=text.doc, pad=pad,
                     dashed_border=True)


def _note_doc(label: str, body: str, width: float) -> RichText:
    text = RichText(width)
    text.paragraph([(label, SMALL_BOLD), (body, SMALL)], hanging=20.0)
    return text


def note_row(pair: Sequence[tuple[str, str, str]], width: float) -> ColumnsBlock:
    """One or two (label, text, id) notes side by side, placed whole."""
    column = (width - NOTE_COLUMN_GAP) / 2
    texts = [_note_doc(label, body, column) for label, body, _ in pair]
    return ColumnsBlock("note", max(t.height for t in texts), item_id="+".join(i for *_, i in pair),
                        docs=tuple(t.doc for t in texts), column_width=column)


def pairs(entries: Sequence[tuple[str, str, str]]) -> list[tuple[tuple[str, str, str], ...]]:
    """(label, text, id) notes two to a row (see note_row)."""
    return [tuple(entries[start:start + 2]) for start in range(0, len(entries), 2)]


def paragraph_block(item: m.Paragraph, width: float) -> TextBlock:
    text = RichText(width)
    text.paragraph([(item.text, char_format(SMALL_SIZE, italic=True, colour=MUTED))])
    return TextBlock("paragraph", text.height, doc=text.doc, keep_with_next=True)
