"""A sheet as a flowing, editable document: the blocks the Word and OpenDocument writers put on paper.

No Qt here. :func:`document` walks the one content model (:class:`model.Sheet`, the sheet that
``build.sector_sheet`` / ``overview_sheet`` / ``pack_sheet`` return) in the order the PDF prints it, and
says the same things in the same words as :mod:`.layout`: header facts, summary, items, numbered sources,
lettered caveats and notes. What differs is only the form an editor wants: headings are real headings
(one title at level 1, sections at 2, sub-sections at 3, never skipping a level), findings and the
compact lists are real tables with a header row, a chart is a picture with its generated description
as alternative text, and a source's URL is a link. :mod:`.docx` and :mod:`.odt` write these blocks.

Every string is plain text: the writers escape it (nothing is ever parsed as markup). Characters that
XML cannot hold at all (C0 controls, lone surrogates) are shown as visible symbols by :func:`plain`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..domain.text import visible_controls
from ..domain.dates import long_date
from ..domain.wording import QUALITATIVE, RELATED_FINDINGS, noun
from . import model as m
from .content import OTHER_FIGURES_HEADING, QUALITATIVE_HEADING

LANGUAGE = "en-GB"
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_NON_CHARACTERS = re.compile(r"[\ufffe\uffff]")


def plain(text: str) -> str:
    """``text`` with what XML 1.0 cannot hold replaced by visible symbols (tab stays a tab)."""
    text = visible_controls(text)
    text = _SURROGATES.sub("\ufffd", text)
    return _NON_CHARACTERS.sub("\ufffd", text)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    small: bool = False  # the notes' smaller size
    link: str = ""  # an external URL: the run is a hyperlink to it


Para = tuple[Run, ...]
Cell = tuple[Para, ...]  # one or more paragraphs


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: the document's title, 2: a section, 3: a sub-section


@dataclass(frozen=True)
class Paragraph:
    runs: Para
    style: str = "body"  # "body", "small", "note" (the user's note on an item), "meta" (header facts)


@dataclass(frozen=True)
class Bullets:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # the header row, repeated on every page the table runs on to
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width
    caption: str = ""  # what the table is, for a screen reader (the table's description)


@dataclass(frozen=True)
class Picture:
    key: str
    spec: object  # charts.spec.ChartSpec
    alt_text: str  # charts.spec.describe(spec): every value drawn
    title: str


Block = Union[Heading, Paragraph, Bullets, Table, Picture]


@dataclass(frozen=True)
class Document:
    title: str
    subject: str
    marking: str  # printed in the header and footer of every page ("" for none)
    footer: str  # edition and print date, beside the page number
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    language: str = LANGUAGE


# ---- the words (as in block_findings.py and block_tables.py) -------------------------------------------


def _r(text: str, **kw) -> Run:
    return Run(plain(text), **kw)


def _note(note: str) -> Para | None:
    return (_r("Note: ", bold=True), _r(note, italic=True)) if note.strip() else None


def _evidence(confidence: str, confidence_note: str, numbers, shorts, caveats) -> Para:
    runs = [_r("Confidence: ", bold=True, small=True), _r(confidence, bold=True, small=True)]
    note = confidence_note.rstrip(".") if confidence_note else ""
    runs.append(_r(f" ({note}). " if note else ". ", small=True))
    runs += [_r("Sources: " if len(numbers) > 1 else "Source: ", bold=True, small=True),
             _r(m.source_marks(numbers, shorts) + ".", small=True)]
    if caveats:
        runs += [_r(" Caveats: ", bold=True, small=True), _r(m.caveat_marks(caveats) + " in the notes.", small=True)]
    return tuple(runs)


def _finding_row(item: m.FindingItem, show_sector: bool) -> tuple[Cell, Cell]:
    qualitative = item.headline == QUALITATIVE
    figure: list[Para] = [(_r(item.headline, bold=not qualitative, italic=qualitative),),
                          (_r(f"finding {item.finding_id}", small=True),)]
    if item.figure_label:  # a pack's figure kept from another edition (sheets/pack_figures.py)
        figure.append((_r(item.figure_label, bold=True, small=True),))
    if show_sector:
        figure.append((_r(item.sector, bold=True, small=True),))
    body: list[Para] = [(_r(item.statement),)]
    details = []
    if item.base:
        details += [_r("Base: ", bold=True, small=True), _r(item.base + ". ", small=True)]
    details += [_r("Period: ", bold=True, small=True), _r(item.period + ".", small=True)]
    if item.headline_confidence:
        details += [_r(" This figure: ", bold=True, small=True), _r(item.headline_confidence.lower() + ".", small=True)]
    body.append(tuple(details))
    for measure in item.other_measures:
        text = f"{measure.label}; base: {measure.base}"
        if measure.period:
            text += f"; period: {measure.period}"
        if measure.confidence:
            text += f"; confidence: {measure.confidence.lower()}"
        body.append((_r("Also: ", bold=True, small=True), _r(f"{measure.value} ", bold=True, small=True),
                     _r(text + ".", small=True)))
    body.append(_evidence(item.confidence, item.confidence_note, item.sources, item.source_shorts, item.caveats))
    if (note := _note(item.note)) is not None:
        body.append(note)
    return tuple(figure), tuple(body)


def _refs_text(refs, elsewhere: str) -> str:
    return "; ".join(f"{ref.finding_id}{m.ref_tail(ref, elsewhere)}" for ref in refs) + "."


def _recommendation(item: m.RecommendationItem, elsewhere: str) -> list[Block]:
    out: list[Block] = [Paragraph((_r(item.title, bold=True), _r(f"   recommendation {item.rec_id}", small=True)))]
    out.append(Paragraph((_r("To: ", bold=True), _r(item.target_body, bold=True))))
    if item.target_status:
        out.append(Paragraph((_r("Status: ", bold=True), _r(item.target_status))))
    out.append(Paragraph((_r(item.summary),)))
    if item.rests_on:
        out.append(Paragraph((_r(f"{RELATED_FINDINGS}: ", bold=True, small=True),
                              _r(_refs_text(item.rests_on, elsewhere), small=True)), "small"))
    out.append(Paragraph(_evidence(item.confidence, item.confidence_note, item.sources, item.source_shorts,
                                   item.caveats), "small"))
    if (note := _note(item.note)) is not None:
        out.append(Paragraph(note, "note"))
    return out


def _compact_recommendation(item: m.RecommendationItem) -> tuple[Cell, ...]:
    title: Cell = ((_r(item.title, bold=True), _r(f"  {item.rec_id}, {item.sector.lower()}", small=True)),)
    target: list[Para] = [(_r(item.target_body, bold=True),)]
    if item.target_status:
        target.append((_r("Status: ", bold=True, small=True), _r(item.target_status, small=True)))
    evidence = []
    if item.rests_on:
        evidence += [_r(f"{RELATED_FINDINGS}: ", bold=True, small=True),
                     _r(", ".join(r.finding_id for r in item.rests_on) + ". ", small=True)]
    evidence += [_r("Confidence: ", bold=True, small=True), _r(item.confidence + ". ", bold=True, small=True),
                 _r(noun(len(item.sources), "Source") + ": ", bold=True, small=True),
                 _r(m.number_marks(item.sources) + ".", small=True)]
    if item.caveats:
        evidence += [_r(" Caveats: ", bold=True, small=True), _r(m.caveat_marks(item.caveats) + ".", small=True)]
    return title, tuple(target), (tuple(evidence),)


def _compact_evidence(row) -> Cell:
    runs = [_r(row.confidence, bold=True, small=True), _r(". " + m.number_marks(row.sources), small=True)]
    if row.caveats:
        runs.append(_r(f"; caveats {m.caveat_marks(row.caveats)}", small=True))
    return (tuple(runs),)


def _more(count: int) -> Paragraph:
    return Paragraph((_r(f"And {count} more, left out to keep this sheet to its length: every one is in the app, "
                         "in the figures CSV (File > Export) and can be printed in a briefing pack.",
                         italic=True, small=True),), "small")


def _comparison(table: m.ComparisonTable) -> Table:
    rows = []
    for row in table.rows:
        first: list[Para] = [(_r(row.title, bold=True),)]
        if row.basis:
            first.append((_r(f"{row.basis[0].upper()}{row.basis[1:]}.", bold=True, small=True),))
        cells: list[Cell] = [tuple(first)]
        for cell in row.cells:
            if cell is None:
                cells.append(((_r("no comparable figure in this dataset", small=True),),))
                continue
            head = [_r(cell.value, bold=True), _r(f"  {cell.finding_id} {m.number_marks(cell.sources)}", small=True)]
            if cell.confidence:
                head.append(_r(f" {cell.confidence}", small=True))
            paras: list[Para] = [tuple(head)]
            if cell.wording:
                paras.append((_r(f"{cell.wording}.", italic=True, small=True),))
            paras.append((_r(f"{cell.base}; {cell.period}.", small=True),))
            cells.append(tuple(paras))
        rows.append(tuple(cells))
    first = 0.34
    widths = (first, *([(1 - first) / len(table.columns)] * len(table.columns)))
    return Table(("Measure", *table.columns), tuple(rows), widths, "Figures measured in several sectors")


def _source_paragraph(note: m.SourceNote) -> Paragraph:
    label = _r(f"[{note.number}]  ", bold=True, small=True)
    citation = plain(note.citation)
    url = plain(note.url)
    if url and url in citation:
        before, _, after = citation.partition(url)
        runs = [label, Run(before, small=True), Run(url, small=True, link=note.url), Run(after, small=True)]
        return Paragraph(tuple(r for r in runs if r.text), "small")
    return Paragraph((label, Run(citation, small=True)), "small")


def document(sheet: m.Sheet) -> Document:
    """The sheet's blocks in the PDF's order, for the Word and OpenDocument writers."""
    blocks: list[Block] = []
    blocks.append(Heading(plain(sheet.title), 1))
    blocks.append(Paragraph((_r(sheet.document_kind, bold=True), _r("   Sector: ", bold=True), _r(sheet.sector_words),
                             _r("   Printed: ", bold=True), _r(long_date(sheet.printed))), "meta"))
    blocks.append(Paragraph((_r("Dataset: ", bold=True), _r(sheet.dataset_words)), "meta"))
    if sheet.edition_status:  # whether the dataset carries its compiler's signature (domain/signing.py)
        blocks.append(Paragraph((_r(sheet.edition_status + ".", bold=True),), "meta"))
    blocks.append(Heading("Summary", 2))
    blocks.append(Bullets(tuple(plain(line) for line in sheet.summary)))

    elsewhere = "not in this pack" if sheet.kind == "pack" else "not among the key findings"
    show_sector = sheet.kind != "sector"
    findings: list[tuple[Cell, Cell]] = []
    compact: list[tuple[Cell, ...]] = []

    def flush() -> None:
        if findings:
            blocks.append(Table(("Figure", "Finding and evidence"), tuple(findings), (0.2, 0.8), "Key findings"))
            findings.clear()
        if compact:
            blocks.append(Table(("Recommendation", "Addressed to", "Evidence and sources"), tuple(compact),
                                (0.36, 0.30, 0.34), "Recommendations in brief"))
            compact.clear()

    for item in sheet.items:
        if isinstance(item, m.FindingItem):
            if compact:
                flush()
            findings.append(_finding_row(item, show_sector))
            continue
        if isinstance(item, m.RecommendationItem) and item.compact:
            if findings:
                flush()
            compact.append(_compact_recommendation(item))
            continue
        flush()
        if isinstance(item, m.Heading):
            blocks.append(Heading(plain(item.text), 2 if item.level == 1 else 3))
        elif isinstance(item, m.Paragraph):
            blocks.append(Paragraph((_r(item.text, italic=True, small=True),), "small"))
        elif isinstance(item, m.RecommendationItem):
            blocks += _recommendation(item, elsewhere)
        elif isinstance(item, m.ChartItem):
            from ..charts.spec import describe

            blocks.append(Picture(item.key, item.spec, plain(describe(item.spec)), plain(item.spec.title)))
            blocks.append(Paragraph((_r("Chart sources in full: ", bold=True, small=True),
                                     _r(m.number_marks(item.sources, ", ") + " in the notes.", small=True)),
                                    "small"))
            if (note := _note(item.note)) is not None:
                blocks.append(Paragraph(note, "note"))
        elif isinstance(item, m.ComparisonTable):
            blocks.append(_comparison(item))
        elif isinstance(item, m.OtherFiguresTable):
            rows = tuple(
                (((_r(row.headline, bold=True),), (_r(row.finding_id, small=True),)),
                 ((_r(row.label, small=True),),),
                 ((_r(f"{row.base}; {row.period}." if row.base else f"{row.period}.", small=True),),),
                 _compact_evidence(row))
                for row in item.rows
            )
            blocks.append(Table(("Figure", "Measure", "Base; period", "Confidence; sources"), rows,
                                (0.13, 0.27, 0.37, 0.23), OTHER_FIGURES_HEADING))
            if item.more:
                blocks.append(_more(item.more))
        elif isinstance(item, m.BriefFindingsTable):
            rows = tuple(
                (((_r(row.statement), _r(f"  finding {row.finding_id}", small=True)),),
                 ((_r(row.period, small=True),),),
                 _compact_evidence(row))
                for row in item.rows
            )
            blocks.append(Table(("Finding", "Period", "Confidence; sources"), rows, (0.62, 0.15, 0.23),
                                QUALITATIVE_HEADING))
            if item.more:
                blocks.append(_more(item.more))
        elif isinstance(item, m.MissingItem):
            blocks.append(Paragraph((_r("Not in this dataset edition: ", bold=True),
                                     _r(f"{item.kind} “{item.item_id}”. "),
                                     _r("The pack file keeps it; open the pack with the dataset edition it was made "
                                        "with to print it.", small=True))))
            if (note := _note(item.note)) is not None:
                blocks.append(Paragraph(note, "note"))
    flush()

    if sheet.sources:
        blocks.append(Heading("Sources", 2))
        blocks += [_source_paragraph(note) for note in sheet.sources]
    if sheet.caveats:
        blocks.append(Heading("Caveats", 2))
        blocks += [Paragraph((_r(f"({x.letter})  ", bold=True, small=True), _r(x.text, small=True)), "small")
                   for x in sheet.caveats]
    if sheet.notes:
        blocks.append(Heading("Notes", 2))
        blocks += [Paragraph((_r("•  ", bold=True, small=True), _r(note, small=True)), "small") for note in sheet.notes]

    footer = f"Dataset edition {sheet.edition_id}; printed {long_date(sheet.printed)}"
    return Document(
        title=plain(sheet.title),
        subject=plain(f"{sheet.document_kind}: {sheet.sector_words}. Dataset edition {sheet.edition_id}."),
        marking=plain(sheet.marking.strip()),
        footer=plain(footer),
        keywords=tuple(plain(k) for k in sheet.keywords),
        blocks=tuple(_ordered_headings(blocks)),
    )


def _ordered_headings(blocks: list[Block]) -> list[Block]:
    """No heading deeper than one below the heading before it (a screen reader's outline has no gaps)."""
    out, last = [], 0
    for block in blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level, last + 1))
            block = Heading(block.text, level)
            last = level
        out.append(block)
    return out


def text_of(doc: Document) -> str:
    """Every word of the document, in order (for tests and for a quick comparison with the PDF)."""
    lines = [doc.marking, doc.title]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            lines.append("".join(r.text for r in block.runs))
        elif isinstance(block, Bullets):
            lines += block.lines
        elif isinstance(block, Table):
            lines.append(" | ".join(block.header))
            for row in block.rows:
                lines.append(" | ".join(" ".join("".join(r.text for r in para) for para in cell) for cell in row))
        elif isinstance(block, Picture):
            lines.append(block.alt_text)
    return "\n".join(lines)
