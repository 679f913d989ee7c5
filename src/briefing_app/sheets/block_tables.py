"""Blocks for the compact tables, one row per block: recommendations in brief, the comparison across
sectors, other figures, findings without figures. A header row is kept with the first row and repeated,
marked "(continued)", on every page the table runs on to (see pagination.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.wording import RELATED_FINDINGS, noun
from . import model as m
from .blocks import Block, RowBlock, TextBlock
from .page import (
    ACCENT,
    MUTED,
    REC_COLUMNS,
    ROW_PAD,
    SMALL,
    SMALL_BOLD,
    SMALL_SIZE,
    SMALL_STRONG,
    WARN,
    RichText,
    Run,
    char_format,
)


def _row(kind: str, item_id: str, cells: Sequence[Sequence[Run]], width: float, header: bool = False,
         fractions: Sequence[float] = REC_COLUMNS) -> RowBlock:
    gap = 8.0
    xs, docs, x = [], [], 0.0
    for fraction, runs in zip(fractions, cells, strict=True):
        cell_width = width * fraction - gap
        text = RichText(cell_width)
        text.paragraph(runs)
        xs.append(x + (4.0 if header else 0.0))
        docs.append(text)
        x += width * fraction
    height = max(t.height for t in docs) + 2 * ROW_PAD
    return RowBlock(kind, height, item_id=item_id, docs=tuple(t.doc for t in docs), xs=tuple(xs), header=header,
                    keep_with_next=header)


def _header_row(cells: Sequence[Sequence[Run]], width: float, fractions: Sequence[float] = REC_COLUMNS) -> RowBlock:
    """A table's header row (kept with the first row) and its repeat for each page the table runs on to:
    the same titles, the first followed by "(continued)", or "(cont.)" where the full word would make
    the row taller, or by nothing if even that would (the running header says "continued" anyway): a
    sector sheet's 2-3 page budget has no room to spare."""
    header = _row("table-header", "", cells, width, header=True, fractions=fractions)
    for marker in (" (continued)", " (cont.)", ""):
        continued = _row("continued-header", "", [[*cells[0], (marker, SMALL)], *cells[1:]], width,
                         header=True, fractions=fractions)
        if continued.height <= header.height:
            break
    header.continued = continued
    return header


def recommendation_header_row(width: float) -> RowBlock:
    return _header_row([[("Recommendation", SMALL_BOLD)], [("Addressed to", SMALL_BOLD)],
                        [("Evidence and sources", SMALL_BOLD)]], width)


def recommendation_row(item: m.RecommendationItem, width: float) -> RowBlock:
    """A recommendation in brief: title, target body (and its status), the findings it rests on by id."""
    title: list[Run] = [(item.title, char_format(8.0, bold=True)), (f"  {item.rec_id}, {item.sector.lower()}", SMALL)]
    target: list[Run] = [(item.target_body, char_format(7.6, bold=True))]
    if item.target_status:
        target += [("  Status: ", char_format(SMALL_SIZE, bold=True, colour=WARN)),
                   (item.target_status, char_format(SMALL_SIZE, colour=WARN))]
    evidence: list[Run] = []
    if item.rests_on:
        evidence += [(f"{RELATED_FINDINGS}: ", SMALL_BOLD),
                     (", ".join(r.finding_id for r in item.rests_on) + ". ", SMALL)]
    evidence += [("Confidence: ", SMALL_BOLD), (item.confidence + ". ", SMALL_STRONG),
                 (noun(len(item.sources), "Source") + ": ", SMALL_BOLD),
                 (m.number_marks(item.sources) + ".", SMALL)]
    if item.caveats:
        evidence += [(" Caveats: ", SMALL_BOLD), (m.caveat_marks(item.caveats) + ".", SMALL)]
    return _row("recommendation", item.rec_id, [title, target, evidence], width)


def comparison_rows(table: m.ComparisonTable, width: float) -> list[Block]:
    first = 0.34
    fractions = (first, *([(1 - first) / len(table.columns)] * len(table.columns)))
    rows: list[Block] = [_header_row([[("Measure", SMALL_BOLD)], *[[(name, SMALL_BOLD)] for name in table.columns]],
                                     width, fractions)]
    for row in table.rows:
        cells: list[list[Run]] = [[(row.title, char_format(7.6, bold=True))]]
        if row.basis:
            cells[0].append((f"\u2028{row.basis[0].upper()}{row.basis[1:]}.", char_format(6.8, bold=True, colour=WARN)))
        # The row's note (how the wordings differ) is in the chart's caption and the app; here each cell
        # gives its own wording, which says the same in less room.
        for cell in row.cells:
            if cell is None:
                cells.append([("no comparable figure in this dataset", SMALL)])
                continue
            runs: list[Run] = [(cell.value, char_format(9.0, bold=True, colour=ACCENT)),
                               (f"  {cell.finding_id} {m.number_marks(cell.sources)}", SMALL)]
            if cell.confidence:
                runs.append((f" {cell.confidence}", SMALL))
            if cell.wording:
                runs.append((f"\u2028{cell.wording}.", char_format(6.8, italic=True)))
            runs.append((f"\u2028{cell.base}; {cell.period}.", char_format(6.8, colour=MUTED)))
            cells.append(runs)
        rows.append(_row("comparison", row.title, cells, width, fractions=fractions))
    return rows


# Other figures in this sector: figure, measure, base and period, then confidence, sources and caveats.
OTHER_FIGURE_COLUMNS = (0.13, 0.27, 0.37, 0.23)


def other_figures_header_row(width: float) -> RowBlock:
    return _header_row([[("Figure", SMALL_BOLD)], [("Measure", SMALL_BOLD)],
                        [("Base; period", SMALL_BOLD)], [("Confidence; sources", SMALL_BOLD)]],
                       width, OTHER_FIGURE_COLUMNS)


def _evidence_cell(row: m.OtherFigure | m.BriefFinding) -> list[Run]:
    """A compact table's last cell: confidence in words, source markers, caveat letters."""
    evidence: list[Run] = [(row.confidence, SMALL_STRONG), (". " + m.number_marks(row.sources), SMALL)]
    if row.caveats:
        evidence.append((f"; caveats {m.caveat_marks(row.caveats)}", SMALL))
    return evidence


def other_figure_row(row: m.OtherFigure, width: float) -> RowBlock:
    cells: list[list[Run]] = [
        [(row.headline, char_format(8.5, bold=True, colour=ACCENT)), (f"\u2028{row.finding_id}", SMALL)],
        [(row.label, SMALL)],
        [(f"{row.base}; {row.period}." if row.base else f"{row.period}.", SMALL)],
        _evidence_cell(row),
    ]
    return _row("other-figure", row.finding_id, cells, width, fractions=OTHER_FIGURE_COLUMNS)


def more_rows_block(more: int, width: float) -> TextBlock:
    """Under a table cut to its length: how many rows were left out and where to find them."""
    text = RichText(width)
    text.paragraph([(f"And {more} more, left out to keep this sheet to its length: every one is in the app, in "
                     "the figures CSV (File > Export) and can be printed in a briefing pack.",
                     char_format(SMALL_SIZE, italic=True, colour=MUTED))])
    return TextBlock("paragraph", text.height, doc=text.doc)


# Findings without figures: the finding (statement and id), its period, then confidence, sources and caveats.
BRIEF_FINDING_COLUMNS = (0.62, 0.15, 0.23)


def brief_findings_header_row(width: float) -> RowBlock:
    return _header_row([[("Finding", SMALL_BOLD)], [("Period", SMALL_BOLD)], [("Confidence; sources", SMALL_BOLD)]],
                       width, BRIEF_FINDING_COLUMNS)


def brief_finding_row(row: m.BriefFinding, width: float) -> RowBlock:
    cells: list[list[Run]] = [
        [(row.statement, char_format(7.8)), (f"  finding {row.finding_id}", SMALL)],
        [(row.period, SMALL)],
        _evidence_cell(row),
    ]
    return _row("brief-finding", row.finding_id, cells, width, fractions=BRIEF_FINDING_COLUMNS)
