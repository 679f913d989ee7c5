"""Builds a sheet's items from the domain, handing out source numbers and caveat letters. No Qt here.

:class:`SheetBuilder` turns findings, recommendations and charts into the items of :mod:`.model` in
the order they are added; :mod:`.content` decides which items each kind of sheet holds.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..charts import spec as chart_specs
from ..domain.catalogue import Catalogue, format_value
from ..domain.citation import full_citation
from ..domain.models import Confidence, Finding, Recommendation, SourceRef
from ..domain.wording import confidence_key_note, plural
from .model import (
    BriefFinding,
    BriefFindingsTable,
    CaveatNote,
    ChartItem,
    ComparisonCell,
    ComparisonRow,
    ComparisonTable,
    FindingItem,
    FindingRef,
    Item,
    MeasureLine,
    OtherFigure,
    OtherFiguresTable,
    Paragraph,
    RecommendationItem,
    Sheet,
    SheetOptions,
    SourceNote,
    caveat_marks,
)

# The compact tables list at most this many rows each: a sheet keeps to its length however large the
# dataset, and says how many more there are and where to find them.
TABLE_ROWS_MAX = 40
SAME_BASE = "Same base as the row above"


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_lowercase[rest] + out
    return out


class SheetBuilder:
    """Collects items and hands out source numbers and caveat letters in order of first use."""

    def __init__(self, catalogue: Catalogue, table_rows: int = TABLE_ROWS_MAX):
        self.catalogue = catalogue
        self.table_rows = table_rows  # the most rows of any compact table or list on the sheet
        self.items: list[Item] = []
        self._sources: dict[str, int] = {}
        self._caveats: dict[str, str] = {}
        self.finding_ids: list[str] = []
        self.shown_findings: set[str] = set()
        self.planned_findings: set[str] = set()  # findings that will be listed on the sheet
        # Where a chart's reader finds the bases of bars whose findings are not listed on the sheet.
        self.bases_elsewhere = "each bar's base is in the figures CSV attached to the PDF and in the app's table view."

    # markers
    def source_number(self, source_id: str) -> int:
        if source_id not in self._sources:
            self._sources[source_id] = len(self._sources) + 1
        return self._sources[source_id]

    def cite(self, refs: Iterable[SourceRef]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(self.source_number(ref.source) for ref in refs))

    def caveat_letters(self, caveats: Iterable[str]) -> tuple[str, ...]:
        letters = []
        for text in caveats:
            if text not in self._caveats:
                self._caveats[text] = _letters(len(self._caveats))
            letters.append(self._caveats[text])
        return tuple(dict.fromkeys(letters))

    def used_finding(self, finding_id: str) -> None:
        if finding_id not in self.finding_ids:
            self.finding_ids.append(finding_id)

    # items
    def finding(self, finding: Finding, note: str = "") -> FindingItem:
        cat = self.catalogue
        headline = cat.headline(finding)
        others = []
        for measure in finding.measures[1:]:
            confidence = cat.measure_confidence(finding, measure)
            others.append(
                MeasureLine(
                    value=format_value(measure),
                    label=measure.label,
                    base=measure.base,
                    period=measure.period or "",
                    confidence=confidence.label if confidence != finding.confidence else "",
                )
            )
        item = FindingItem(
            finding_id=finding.id,
            sector=cat.sectors[finding.sector].name,
            headline=cat.headline_text(finding),
            statement=finding.statement,
            base=headline.base if headline else "",
            period=(headline.period if headline and headline.period else finding.period),
            other_measures=tuple(others),
            # The finding's own level: a stronger level of its headline figure is said beside that figure.
            confidence=finding.confidence.label,
            headline_confidence=(
                cat.measure_confidence(finding, headline).label
                if headline and cat.measure_confidence(finding, headline) != finding.confidence else ""
            ),
            confidence_note=finding.confidence_note or "",
            sources=self.cite(cat.cited_refs(finding)),
            source_shorts=tuple(cat.sources[ref.source].short for ref in cat.cited_refs(finding)),
            caveats=self.caveat_letters(finding.caveats),
            note=note,
        )
        self.items.append(item)
        self.shown_findings.add(finding.id)
        self.used_finding(finding.id)
        return item

    def other_figures(self, findings: Sequence[Finding]) -> OtherFiguresTable | None:
        """The headline figure of each finding with figures among ``findings``, as compact table rows (at
        most ``table_rows``; the table says how many more)."""
        cat = self.catalogue
        rows = []
        with_figures = [f for f in findings if cat.headline(f) is not None]
        previous_base = None
        for finding in with_figures[: self.table_rows]:
            headline = cat.headline(finding)
            rows.append(OtherFigure(
                finding_id=finding.id,
                headline=cat.headline_text(finding),
                label=headline.label,
                # A base repeated row after row (one survey's respondents) is written once.
                base=SAME_BASE if headline.base == previous_base else headline.base,
                period=headline.period or finding.period,
                confidence=_confidence_words(cat, finding, headline),
                sources=self.cite(cat.cited_refs(finding)),
                caveats=self.caveat_letters(finding.caveats),
            ))
            previous_base = headline.base
            self.shown_findings.add(finding.id)
            self.used_finding(finding.id)
        return self._table(OtherFiguresTable, rows, len(with_figures))

    def brief_findings(self, findings: Sequence[Finding]) -> BriefFindingsTable | None:
        """Findings without figures, briefly: statement, period, confidence, sources (at most ``table_rows``)."""
        cat = self.catalogue
        rows = []
        for finding in findings[: self.table_rows]:
            rows.append(BriefFinding(
                finding_id=finding.id,
                statement=_first_sentences(finding.statement, 300),
                period=finding.period,
                confidence=finding.confidence.label,
                sources=self.cite(cat.cited_refs(finding)),
                caveats=self.caveat_letters(finding.caveats),
            ))
            self.shown_findings.add(finding.id)
            self.used_finding(finding.id)
        return self._table(BriefFindingsTable, rows, len(findings))

    def _table(self, make, rows: list, total: int):
        """A table of ``rows`` (None if there are none), saying how many of ``total`` it leaves out."""
        if not rows:
            return None
        table = make(tuple(rows), more=total - len(rows))
        self.items.append(table)
        return table

    def finding_ref(self, finding_id: str, cite: bool = True) -> FindingRef:
        """A finding a recommendation rests on. ``cite=False`` (the overview's recommendations in brief)
        prints only its id, so neither its value nor its source appears on the sheet."""
        finding = self.catalogue.findings[finding_id]
        headline = self.catalogue.headline(finding)
        label = headline.label if headline else _shorten(finding.statement, 110)
        if cite:
            self.used_finding(finding_id)
        on_sheet = finding_id in self.shown_findings
        ref = FindingRef(
            finding_id=finding_id,
            headline=self.catalogue.headline_text(finding),
            label=label,
            sources=self.cite(self.catalogue.cited_refs(finding)[:1]) if cite else (),
            on_sheet=on_sheet,
        )
        if cite and not on_sheet:
            # The figure's base, period, confidence and caveats travel with it (brief: caveats go everywhere).
            confidence = self.catalogue.measure_confidence(finding, headline) if headline else finding.confidence
            ref = replace(
                ref,
                base=headline.base if headline else "",
                period=(headline.period if headline and headline.period else finding.period) or "",
                confidence=confidence.label,
                caveats=self.caveat_letters(finding.caveats),
            )
        return ref

    def recommendation(self, rec: Recommendation, note: str = "", compact: bool = False) -> RecommendationItem:
        cat = self.catalogue
        sources = self.cite(cat.cited_refs(rec))
        item = RecommendationItem(
            rec_id=rec.id,
            sector=cat.sectors[rec.sector].name,
            title=rec.title,
            summary=rec.summary,
            target_body=rec.target_body,
            target_status=rec.target_status or "",
            confidence=rec.confidence.label,
            confidence_note=rec.confidence_note or "",
            sources=sources,
            source_shorts=tuple(cat.sources[ref.source].short for ref in cat.cited_refs(rec)),
            # In brief (the overview) too: a caveat travels with the recommendation (its text is in the notes).
            caveats=self.caveat_letters(rec.caveats),
            rests_on=tuple(self.finding_ref(fid, cite=not compact) for fid in rec.supporting_findings),
            note=note,
            compact=compact,
        )
        self.items.append(item)
        return item

    def chart(self, key: str, spec: chart_specs.ChartSpec, note: str = "") -> ChartItem:
        numbers = []
        for finding_id in spec.finding_ids:
            finding = self.catalogue.findings[finding_id]
            numbers.append(self.source_number(self.catalogue.cited_refs(finding)[0].source))
            self.used_finding(finding_id)
        # The chart marks bars with caveats by a dagger; on paper the caveats themselves are lettered notes,
        # so the chart's own footer lists only which letters belong to which finding.
        caveated = []
        for finding_id in spec.finding_ids:
            letters = self.caveat_letters(self.catalogue.findings[finding_id].caveats)
            if letters:
                caveated.append(f"{finding_id} {caveat_marks(letters)}")
        notes = (f"{chart_specs.CAVEAT_MARK} Caveats, in the notes at the end: " + "; ".join(caveated) + ".",) if caveated else ()
        all_on_sheet = set(spec.finding_ids) <= self.planned_findings
        # The sheet's header already names the edition, so the chart's own edition line is left out.
        spec = replace(spec, notes=notes, caption=_paper_caption(spec.caption, all_on_sheet, self.bases_elsewhere),
                       edition_line="")
        item = ChartItem(key=key, spec=spec, sources=tuple(dict.fromkeys(numbers)), note=note)
        self.items.append(item)
        return item

    def recommendations(self, recs: Sequence[Recommendation], compact: bool) -> None:
        """The recommendations, at most ``table_rows`` of them, then how many more there are."""
        for rec in recs[: self.table_rows]:
            self.recommendation(rec, compact=compact)
        self.more(len(recs) - self.table_rows, "recommendation")

    def more(self, count: int, what: str) -> None:
        if count > 0:
            self.items.append(Paragraph(
                f"And {plural(count, 'more ' + what)}, left out to keep this sheet to its length: every one is in "
                "the app and the CSV export, and a briefing pack can print any of them."
            ))

    def comparison_table(self) -> ComparisonTable | None:
        cat = self.catalogue
        themes = cat.comparable_themes()
        if not themes:
            return None
        left_out = len(themes) - self.table_rows
        themes = themes[: self.table_rows]
        bars_by_theme = {t.id: cat.comparison(t.id) for t in themes}
        present = {bar.sector.id for bars in bars_by_theme.values() for bar in bars}
        sectors = [s for s in cat.dataset.sectors if s.id in present]
        rows = []
        for theme in themes:
            cells: list[ComparisonCell | None] = []
            for sector in sectors:
                bar = next((b for b in bars_by_theme[theme.id] if b.sector.id == sector.id), None)
                if bar is None:
                    cells.append(None)
                    continue
                confidence = cat.measure_confidence(bar.finding, bar.measure)
                self.used_finding(bar.finding.id)
                self.caveat_letters(bar.finding.caveats)
                cells.append(ComparisonCell(
                    value=format_value(bar.measure),
                    finding_id=bar.finding.id,
                    sources=self.cite(cat.cited_refs(bar.finding)[:1]),
                    confidence="" if confidence == Confidence.PRIMARY else confidence.label.lower(),
                    base=bar.measure.base,
                    period=bar.measure.period or bar.finding.period,
                    wording=bar.measure.label,
                ))
            rows.append(ComparisonRow(theme.comparison_title or theme.name, tuple(cells),
                                      basis=theme.comparison_basis, note=theme.comparison_note or ""))
        table = ComparisonTable(tuple(s.name for s in sectors), tuple(rows))
        self.items.append(table)
        self.more(left_out, "comparison")
        return table

    def source_notes(self) -> list[SourceNote]:
        notes = []
        for source_id, number in sorted(self._sources.items(), key=lambda pair: pair[1]):
            source = self.catalogue.sources[source_id]
            notes.append(SourceNote(number, full_citation(source), tuple(source.publishers), source_id, source.url or ""))
        return notes

    def caveat_notes(self) -> list[CaveatNote]:
        return [CaveatNote(letter, text) for text, letter in self._caveats.items()]

    def sheet(self, kind: str, title: str, subject: str, options: SheetOptions, summary: list[str],
              notes: list[str], selection_rule: str = "") -> Sheet:
        edition = self.catalogue.edition
        return Sheet(
            kind=kind,
            title=title,
            subject=subject,
            edition_title=edition.title,
            edition_id=edition.id,
            edition_compiled=edition.date_compiled,
            edition_published=edition.date_published,
            printed=options.printed_date,
            marking=options.marking,
            summary=summary,
            items=self.items,
            sources=self.source_notes(),
            caveats=self.caveat_notes(),
            notes=notes,
            finding_ids=list(self.finding_ids),
            selection_rule=selection_rule,
            edition_status=self.catalogue.verification.message,
        )


def _confidence_words(catalogue: Catalogue, finding: Finding, measure) -> str:
    """The finding's own level in words, and the figure's where it is stronger or weaker."""
    words = finding.confidence.label
    own = catalogue.measure_confidence(finding, measure)
    return words if own == finding.confidence else f"{words} (this figure: {own.label.lower()})"


def _first_sentences(text: str, limit: int) -> str:
    """The whole sentences of ``text`` that fit in ``limit`` characters (at least the first, shortened if it
    must be), saying that the rest is in the app: a brief entry never stops in mid-sentence unannounced."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return f"{kept or _shorten(text, limit)} (more in the app)"


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def general_notes(catalogue: Catalogue) -> list[str]:
    """The notes at the end of every sheet: what the confidence levels mean, then the edition's own notes."""
    return [confidence_key_note(), *catalogue.edition.notes]


def _paper_caption(caption: str, all_on_sheet: bool, elsewhere: str) -> str:
    """The chart caption for paper: the screen's pointer to its data table becomes a pointer to the sheet."""
    where = "each bar's base is given with its finding on this sheet." if all_on_sheet else elsewhere
    caption = caption.replace(chart_specs.BASES_WHERE, where)
    return caption.replace("findings listed in the findings table", "key findings on this sheet")

