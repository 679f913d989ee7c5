"""Blocks for findings and recommendations printed in full."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFontMetricsF

from ..domain.wording import QUALITATIVE, RELATED_FINDINGS, noun
from . import model as m
from .blocks import FindingBlock, TextBlock
from .page import (
    ACCENT,
    BODY,
    COLUMN_GAP,
    ITEM_PAD,
    SMALL,
    SMALL_BOLD,
    SMALL_SIZE,
    SMALL_STRONG,
    VALUE_COLUMN,
    WARN,
    RichText,
    Run,
    char_format,
    note_paragraph,
    sheet_font,
)


def _headline_size(text: str, largest: float = 14.0, smallest: float = 7.0) -> float:
    """The largest bold point size at which a headline value fits its column on one line (">4,000,000")."""
    size = largest
    while size > smallest and QFontMetricsF(sheet_font(size, True, False)).horizontalAdvance(text) > VALUE_COLUMN - 4:
        size -= 0.5
    return size


def finding_block(item: m.FindingItem, width: float, show_sector: bool = False) -> FindingBlock:
    value = RichText(VALUE_COLUMN)
    is_qualitative = item.headline == QUALITATIVE
    size = 9.0 if is_qualitative else _headline_size(item.headline)
    value.paragraph([(item.headline, char_format(size, bold=not is_qualitative, italic=is_qualitative, colour=ACCENT))])
    value.paragraph([(f"finding {item.finding_id}", SMALL)], space_before=1)
    if item.figure_label:  # a pack's figure kept from another edition (sheets/pack_figures.py)
        value.paragraph([(item.figure_label, char_format(SMALL_SIZE, bold=True, colour=WARN))])
    if show_sector:
        value.paragraph([(item.sector, SMALL_BOLD)])

    body = RichText(width - VALUE_COLUMN - COLUMN_GAP)
    body.paragraph([(item.statement, BODY)], space_after=2)
    details: list[Run] = []
    if item.base:
        details += [("Base: ", SMALL_BOLD), (item.base + ". ", SMALL)]
    details += [("Period: ", SMALL_BOLD), (item.period + ".", SMALL)]
    if item.headline_confidence:
        details += [(" This figure: ", SMALL_BOLD), (item.headline_confidence.lower() + ".", SMALL)]
    body.paragraph(details)
    for measure in item.other_measures:
        runs: list[Run] = [("Also: ", SMALL_BOLD), (f"{measure.value} ", SMALL_STRONG),
                           (f"{measure.label}; base: {measure.base}", SMALL)]
        if measure.period:
            runs.append((f"; period: {measure.period}", SMALL))
        if measure.confidence:
            runs.append((f"; confidence: {measure.confidence.lower()}", SMALL))
        runs.append((".", SMALL))
        body.paragraph(runs)
    runs = [("Confidence: ", SMALL_BOLD), (item.confidence, SMALL_STRONG)]
    runs.append((f" ({item.confidence_note.rstrip('.')}). " if item.confidence_note else ". ", SMALL))
    runs += [("Sources: " if len(item.sources) > 1 else "Source: ", SMALL_BOLD),
             (m.source_marks(item.sources, item.source_shorts) + ".", SMALL)]
    if item.caveats:
        runs += [(" Caveats: ", SMALL_BOLD), (m.caveat_marks(item.caveats) + " in the notes.", SMALL)]
    body.paragraph(runs)
    note_paragraph(body, item.note)
    height = max(value.height, body.height) + 2 * ITEM_PAD
    return FindingBlock("finding", height, item_id=item.finding_id, value_doc=value.doc, body_doc=body.doc)


def _refs(refs: Sequence[m.FindingRef], elsewhere: str) -> list[Run]:
    """The findings a recommendation rests on: id, value and source marker; the measure too for those
    not printed on the sheet (the reader cannot look them up above)."""
    runs: list[Run] = []
    for i, ref in enumerate(refs):
        if i:
            runs.append(("; ", SMALL))
        runs.append((f"{ref.finding_id}", SMALL_BOLD))
        runs.append((m.ref_tail(ref, elsewhere), SMALL))
    runs.append((".", SMALL))
    return runs


def recommendation_block(item: m.RecommendationItem, width: float, elsewhere: str) -> TextBlock:
    pad = 4.0
    text = RichText(width - 8.0 - 2 * pad)
    text.paragraph([(item.title, char_format(10.0, bold=True)), (f"   recommendation {item.rec_id}", SMALL)],
                   space_after=1)
    text.paragraph([("To: ", char_format(8.3, bold=True)), (item.target_body, char_format(8.3, bold=True))])
    if item.target_status:
        text.paragraph([("Status: ", char_format(8.3, bold=True, colour=WARN)),
                        (item.target_status, char_format(8.3, colour=WARN))])
    text.paragraph([(item.summary, BODY)], space_before=1, space_after=1)
    if item.rests_on:
        text.paragraph([(f"{RELATED_FINDINGS}: ", SMALL_BOLD), *_refs(item.rests_on, elsewhere)])
    confidence: list[Run] = [("Confidence: ", SMALL_BOLD), (item.confidence, SMALL_STRONG)]
    note = item.confidence_note.rstrip(".") if item.confidence_note else ""
    confidence.append((f" ({note})." if note else ".", SMALL))
    confidence += [(f"  {noun(len(item.sources), 'Source')}: ", SMALL_BOLD),
                   (m.source_marks(item.sources, item.source_shorts) + ".", SMALL)]
    if item.caveats:
        confidence += [("  Caveats: ", SMALL_BOLD), (m.caveat_marks(item.caveats) + " in the notes.", SMALL)]
    text.paragraph(confidence)
    note_paragraph(text, item.note)
    return TextBlock("recommendation", text.height + 2 * pad, item_id=item.rec_id, doc=text.doc, pad=pad,
                     left_rule=ACCENT)
