"""What goes on a briefing sheet, built from the domain. No Qt here.

A :class:`Sheet` is plain data: the header facts, a generated summary, the items in reading order
(headings, charts, findings, recommendations, items missing from the dataset), the numbered source
footnotes, the lettered caveat notes and the general notes. :mod:`.layout` measures and paginates it,
:mod:`.paint` draws it. Every sentence about the data is generated from the data.

Markers: a source cited on the sheet gets a number, [1], [2]... in order of first citation, and each
distinct caveat gets a letter, (a), (b)...; items carry the markers, the notes at the end give the
sources in full and the caveats word for word, so a caveat shared by ten findings is printed once.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .. import APP_NAME, __version__
from ..charts import spec as chart_specs
from ..domain import dates
from ..domain.catalogue import Catalogue, format_value
from ..domain.citation import full_citation
from ..domain.models import (
    COMPARISON_JUDGEMENT,
    SIMILAR_QUESTIONS,
    Confidence,
    Finding,
    Recommendation,
    SourceRef,
)
from . import pack_figures
from .pack import Pack

DEFAULT_MARKING = "OFFICIAL"
SECTOR_CHART = "sector"
COMPARISON_CHART = "comparison"
# A sector sheet starts with at most this many key findings in full; build.sector_sheet moves the
# weakest-sourced ones into the table of other figures until the sheet fits (see build.py).
SECTOR_FINDINGS_START = 10
OVERVIEW_FINDINGS_START = 3
OTHER_FIGURES_HEADING = "Other figures in this sector"
UNVERIFIED_HEADING = "Figures we could not verify"
UNVERIFIED_INTRO = (
    "These figures appear on the compendium web page but in no source text that was retrieved, so they are "
    "kept apart from the figures above. Do not quote them without checking the full report."
)
QUALITATIVE_HEADING = "Other findings without figures"
RELATED_FINDINGS = "Related findings (our judgement)"
# The compact tables list at most this many rows each: a sheet keeps to its length however large the
# dataset, and says how many more there are and where to find them.
TABLE_ROWS_MAX = 40
SAME_BASE = "Same base as the row above"


@dataclass(frozen=True)
class SheetOptions:
    marking: str = DEFAULT_MARKING
    printed: date | None = None  # None: today

    @property
    def printed_date(self) -> date:
        return self.printed or date.today()


# ---- the items -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: section, 2: sub-section (a sector within the overview)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class MeasureLine:
    value: str
    label: str
    base: str
    period: str
    confidence: str  # in words, only when it differs from the finding's


@dataclass(frozen=True)
class FindingItem:
    finding_id: str
    sector: str
    headline: str  # Catalogue.headline_text: exactly what the app shows
    statement: str
    headline_label: str
    base: str
    period: str
    other_measures: tuple[MeasureLine, ...]
    confidence: str  # the finding's own level, in words
    confidence_note: str
    sources: tuple[int, ...]
    source_shorts: tuple[str, ...]
    caveats: tuple[str, ...]  # letters of the caveat notes
    note: str = ""
    headline_confidence: str = ""  # in words, only when the headline figure's differs from the finding's
    figure_label: str = ""  # under the figure: where it is not this edition's ("edition X, kept"; pack_figures.py)


@dataclass(frozen=True)
class FindingRef:
    finding_id: str
    headline: str
    label: str
    sources: tuple[int, ...]
    on_sheet: bool
    # Filled only for a finding not printed elsewhere on the sheet (the reader cannot look it up there):
    base: str = ""
    period: str = ""
    confidence: str = ""  # in words
    caveats: tuple[str, ...] = ()  # letters of the caveat notes


@dataclass(frozen=True)
class RecommendationItem:
    rec_id: str
    sector: str
    title: str
    summary: str
    target_body: str
    target_status: str
    confidence: str
    confidence_note: str
    sources: tuple[int, ...]
    source_shorts: tuple[str, ...]
    caveats: tuple[str, ...]
    rests_on: tuple[FindingRef, ...]
    note: str = ""
    compact: bool = False  # the overview's "recommendations in brief": a table row, findings by id only


@dataclass(frozen=True)
class ChartItem:
    key: str
    spec: chart_specs.ChartSpec
    sources: tuple[int, ...]
    note: str = ""

    @property
    def title(self) -> str:
        return self.spec.title


@dataclass(frozen=True)
class MissingItem:
    kind: str
    item_id: str
    note: str = ""


@dataclass(frozen=True)
class ComparisonCell:
    value: str
    finding_id: str
    sources: tuple[int, ...]
    confidence: str  # "" when seen in the publisher's own text, else the confidence in words
    base: str = ""
    period: str = ""
    wording: str = ""  # the measure's own wording (its label): the questions compared may differ


@dataclass(frozen=True)
class ComparisonRow:
    title: str
    cells: tuple[ComparisonCell | None, ...]  # one per column of the table
    basis: str = ""  # "similar questions, worded differently" or "the same question in each sector"
    note: str = ""  # how the questions differ, as far as the sources show


@dataclass(frozen=True)
class ComparisonTable:
    """Every theme measured in several sectors: a row per theme, a column per sector."""

    columns: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class OtherFigure:
    """A finding with figures that is not a key finding: its headline figure in one compact table row."""

    finding_id: str
    headline: str  # Catalogue.headline_text: exactly what the app shows
    label: str  # the headline measure's label
    base: str
    period: str
    confidence: str  # in words
    sources: tuple[int, ...]
    caveats: tuple[str, ...]  # letters of the caveat notes


@dataclass(frozen=True)
class OtherFiguresTable:
    rows: tuple[OtherFigure, ...]
    more: int = 0  # rows left out to keep the sheet to its length (they are in the app and the CSV)


@dataclass(frozen=True)
class BriefFinding:
    """A finding without figures in one table row: its statement, shortened, with its evidence."""

    finding_id: str
    statement: str
    period: str
    confidence: str  # in words
    sources: tuple[int, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class BriefFindingsTable:
    rows: tuple[BriefFinding, ...]
    more: int = 0


Item = (Heading | Paragraph | FindingItem | RecommendationItem | ChartItem | MissingItem | ComparisonTable
        | OtherFiguresTable | BriefFindingsTable)


@dataclass(frozen=True)
class SourceNote:
    number: int
    citation: str  # publisher(s) (date). Title. URL.
    publishers: tuple[str, ...]
    source_id: str = ""  # for the editable exports: the URL as a link, the citation formats
    url: str = ""


@dataclass(frozen=True)
class CaveatNote:
    letter: str
    text: str


@dataclass
class Sheet:
    kind: str  # "sector", "overview" or "pack"
    title: str
    subject: str  # the sector name, "All sectors" or "Briefing pack"
    edition_title: str
    edition_id: str
    edition_compiled: date
    edition_published: date
    printed: date
    marking: str
    summary: list[str]
    items: list[Item]
    sources: list[SourceNote]
    caveats: list[CaveatNote]
    notes: list[str]
    finding_ids: list[str] = field(default_factory=list)  # every finding whose figures appear: the CSV
    application: str = f"{APP_NAME} {__version__}"
    selection_rule: str = ""
    # "Verified edition …, compiled … by …" or "Not verified: why" (domain/signing.py), on every sheet.
    edition_status: str = ""
    # A pack's findings printed with figures kept from another edition: id -> (edition, KeptFigure, ...).
    kept_figures: dict = field(default_factory=dict)
    # Blocks already measured for this sheet, keyed by their content (filled and read by layout.py), so
    # laying the same sheet out again (to paint it, or for the next candidate of build.fit_pages) is cheap.
    measured_blocks: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def edition_line(self) -> str:
        line = f"{self.edition_title} (edition {self.edition_id}, compiled {long_date(self.edition_compiled)})"
        return f"{line}. {self.edition_status}." if self.edition_status else line

    @property
    def edition_verified(self) -> bool:
        return self.edition_status.startswith("Verified edition")

    @property
    def keywords(self) -> list[str]:
        words = ["briefing", "leadership", "management", "public services", self.subject, self.edition_id]
        return list(dict.fromkeys(w for w in words if w))

    def findings(self) -> list[FindingItem]:
        return [item for item in self.items if isinstance(item, FindingItem)]

    def recommendations(self) -> list[RecommendationItem]:
        return [item for item in self.items if isinstance(item, RecommendationItem)]

    def charts(self) -> list[ChartItem]:
        return [item for item in self.items if isinstance(item, ChartItem)]


def caveat_marks(letters: Sequence[str]) -> str:
    """"(a), (c)": the letters of the caveat notes an item carries, as every sheet format prints them."""
    return ", ".join(f"({x})" for x in letters)


def ref_tail(ref: FindingRef, elsewhere: str) -> str:
    """What follows a related finding's id: its value and source markers, and for a finding not printed
    elsewhere on the sheet its measure, base, period, confidence and caveats (PDF, Word and OpenDocument)."""
    value = "" if ref.headline == "Qualitative" else f" {ref.headline}"
    marks = "".join(f" [{n}]" for n in ref.sources)
    if ref.on_sheet:
        return f"{value}{marks}"
    label = f" {ref.label}," if value else f" {ref.label}"
    details = [f"base: {ref.base}"] if ref.base else []
    if ref.period:
        details.append(f"period: {ref.period}")
    if ref.confidence:
        details.append(f"confidence: {ref.confidence.lower()}")
    if ref.caveats:
        details.append(f"caveats {caveat_marks(ref.caveats)} in the notes")
    details.append(elsewhere)
    return f"{label}{value}{marks} ({'; '.join(details)})"


def long_date(value: date) -> str:
    return dates.long_date(value)  # en-GB whatever the system locale


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_lowercase[rest] + out
    return out


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# ---- building -----------------------------------------------------------------------------------


class _Builder:
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
            headline_label=headline.label if headline else "",
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
        if not rows:
            return None
        table = OtherFiguresTable(tuple(rows), more=len(with_figures) - len(rows))
        self.items.append(table)
        return table

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
        if not rows:
            return None
        table = BriefFindingsTable(tuple(rows), more=len(findings) - len(rows))
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
                caveated.append(f"{finding_id} {', '.join(f'({x})' for x in letters)}")
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
                f"And {_plural(count, 'more ' + what)}, left out to keep this sheet to its length: every one is in "
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


def rank_findings(findings: Iterable[Finding], catalogue: Catalogue) -> list[Finding]:
    """Key-finding order: by confidence (the publisher's own text first), then by how many
    recommendations rest on the finding, then figures before qualitative findings, then dataset order
    (sorted() is stable)."""
    return sorted(
        findings,
        key=lambda f: (-f.confidence.rank, -len(catalogue.recommendations_supported_by(f)), 0 if f.measures else 1),
    )


SELECTION_RULE = (
    "chosen by strength of source (figures seen in the publisher's own text first), then by how many "
    "recommendations are linked to them (our judgement)"
)


def _confidence_mix(findings: Sequence[Finding]) -> str:
    counts = Counter(f.confidence for f in findings)
    parts = [f"{counts[c]} {c.label[0].lower() + c.label[1:]}" for c in Confidence if counts[c]]
    return _join(parts)


def _headline_phrases(catalogue: Catalogue, findings: Sequence[Finding], limit: int = 3,
                      overrides: dict[str, str] | None = None) -> list[str]:
    phrases = []
    for finding in findings:
        measure = catalogue.headline(finding)
        if measure is None:
            continue
        if overrides and finding.id in overrides:
            phrases.append(f"{overrides[finding.id]} ({finding.id})")
        else:
            phrases.append(f"{measure.label}: {format_value(measure)} ({finding.id})")
        if len(phrases) == limit:
            break
    return phrases


def _period_range(findings: Sequence[Finding]) -> str:
    """From the earliest year any finding's period starts in (its first four-digit year) to the latest."""
    starts = {int(y) for f in findings for y in re.findall(r"\b(?:19|20)\d\d\b", f.period)[:1]}
    years = sorted({f.year for f in findings} | starts)
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _general_notes(catalogue: Catalogue) -> list[str]:
    notes = [
        "Confidence, as used on this sheet: "
        + " ".join(f"“{c.label}”: {c.explanation}" for c in Confidence)
    ]
    notes += list(catalogue.edition.notes)
    return notes


def _paper_caption(caption: str, all_on_sheet: bool, elsewhere: str) -> str:
    """The chart caption for paper: the screen's pointer to its data table becomes a pointer to the sheet."""
    where = "each bar's base is given with its finding on this sheet." if all_on_sheet else elsewhere
    caption = caption.replace(chart_specs.BASES_WHERE, where)
    return caption.replace("findings listed in the findings table", "key findings on this sheet")


def _sector_chart_spec(catalogue: Catalogue, sector_id: str, finding_ids: Sequence[str] | None) -> chart_specs.ChartSpec:
    return chart_specs.sector_spec(catalogue, sector_id, finding_ids)


# ---- the three kinds of sheet -----------------------------------------------------------------------


def sector_sheet(catalogue: Catalogue, sector_id: str, options: SheetOptions | None = None,
                 max_findings: int | None = SECTOR_FINDINGS_START, compact_recommendations: bool = False,
                 table_rows: int = TABLE_ROWS_MAX) -> Sheet:
    """One sector: summary, chart of the key findings' figures, key findings, the other findings briefly,
    the figures we could not verify apart, recommendations (in full, or in brief when space is short), notes."""
    options = options or SheetOptions()
    if sector_id not in catalogue.sectors:
        raise KeyError(sector_id)
    sector = catalogue.sectors[sector_id]
    findings = catalogue.findings_in(sector_id)
    recs = catalogue.recommendations_in(sector_id)
    # Unverified figures never stand among the others: they get their own, clearly headed place.
    unverified = [f for f in findings if f.confidence == Confidence.UNVERIFIED]
    verified = [f for f in findings if f.confidence != Confidence.UNVERIFIED]
    ranked = rank_findings(verified, catalogue)
    chosen_ids = {f.id for f in ranked[: max_findings if max_findings is not None else len(ranked)]}
    key = [f for f in verified if f.id in chosen_ids]  # dataset order reads naturally
    sources = {ref.source for item in [*findings, *recs] for ref in catalogue.cited_refs(item)}
    quantitative = sum(1 for f in findings if f.measures)

    left_out = len(findings) - len(key)
    others = [f for f in verified if f.id not in chosen_ids]
    other_figures = [f for f in others if f.measures]
    other_qualitative = [f for f in others if not f.measures]
    elsewhere = []
    if other_figures:
        elsewhere.append(f"{len(other_figures)} more in “{OTHER_FIGURES_HEADING}”")
    if other_qualitative:
        elsewhere.append(f"{len(other_qualitative)} in “{QUALITATIVE_HEADING}”")
    if unverified:
        elsewhere.append(f"{len(unverified)} in “{UNVERIFIED_HEADING}”")
    if left_out:
        rule = (
            f"Key findings: {len(key)} of the {len(findings)} {sector.name.lower()} findings, {SELECTION_RULE}"
            + (f"; {_join(elsewhere)}." if elsewhere else ".")
            + " A briefing pack can print any finding in full."
        )
    else:
        rule = f"Key findings: all {len(findings)} {sector.name.lower()} findings in this edition."

    period = _period_range(findings)
    summary = [
        f"{sector.name}: {_plural(len(findings), 'finding')} in this edition ({quantitative} with figures"
        + (f", referring to {period}" if period else "")
        + f") and {_plural(len(recs), 'recommendation')}, from {_plural(len(sources), 'source')}; "
        + (f"this sheet gives {len(key)} key findings in full and the others briefly." if left_out
           else "this sheet gives them all."),
    ]
    phrases = _headline_phrases(catalogue, rank_findings(key, catalogue))
    if phrases:
        summary.append("Headline figures: " + "; ".join(phrases) + ".")
    if findings:
        summary.append(f"Confidence of the {_plural(len(findings), 'finding')}: {_confidence_mix(findings)}.")
    if recs:
        bodies = list(dict.fromkeys(r.target_body for r in recs))
        changed = sum(1 for r in recs if r.target_status)
        line = f"Recommendations are addressed to {_join(bodies)}"
        line += (
            f"; the target body of {changed} has changed since publication (see each recommendation)."
            if changed else "."
        )
        summary.append(line)

    builder = _Builder(catalogue, table_rows)
    key_ids = [f.id for f in key]
    builder.planned_findings = set(key_ids)
    if catalogue.percent_measures(sector_id):
        builder.chart(f"{SECTOR_CHART}:{sector_id}", _sector_chart_spec(catalogue, sector_id, key_ids if left_out else None))
    if key:
        builder.items.append(Heading("Key findings"))
        builder.items.append(Paragraph(rule))
        for finding in key:
            builder.finding(finding)
    if other_figures:
        builder.items.append(Heading(OTHER_FIGURES_HEADING, 2))
        builder.other_figures(other_figures)
    if other_qualitative:
        builder.items.append(Heading(QUALITATIVE_HEADING, 2))
        builder.brief_findings(other_qualitative)
    if unverified:
        builder.items.append(Heading(UNVERIFIED_HEADING, 2))
        builder.items.append(Paragraph(UNVERIFIED_INTRO))
        builder.other_figures(unverified)
        builder.brief_findings([f for f in unverified if not f.measures])
    if recs:
        builder.items.append(Heading("Recommendations" if not compact_recommendations else "Recommendations in brief"))
        builder.recommendations(recs, compact_recommendations)
    notes = _general_notes(catalogue)
    return builder.sheet("sector", f"{sector.name}: leadership and management", sector.name, options, summary[:5], notes, rule)


def overview_sheet(catalogue: Catalogue, options: SheetOptions | None = None,
                   per_sector: int = OVERVIEW_FINDINGS_START, max_charts: int | None = None,
                   table_rows: int = TABLE_ROWS_MAX) -> Sheet:
    """All sectors: cross-sector comparison charts, the strongest findings of each sector, every
    recommendation."""
    options = options or SheetOptions()
    findings = catalogue.dataset.findings
    recs = catalogue.dataset.recommendations
    themes = catalogue.comparable_themes()
    quantitative = sum(1 for f in findings if f.measures)
    by_sector = [
        f"{s.name} {len(catalogue.findings_in(s.id))} findings, {len(catalogue.recommendations_in(s.id))} "
        f"recommendation{'s' if len(catalogue.recommendations_in(s.id)) != 1 else ''}"
        for s in catalogue.dataset.sectors
    ]
    summary = [
        f"This edition holds {_plural(len(findings), 'finding')} ({quantitative} with figures) and "
        f"{_plural(len(recs), 'recommendation')} across {_plural(len(catalogue.sectors), 'sector')}, "
        f"from {_plural(len(catalogue.sources), 'source')}.",
        "By sector: " + "; ".join(by_sector) + ".",
    ]
    if findings:
        summary.append(f"Confidence of the {_plural(len(findings), 'finding')}: {_confidence_mix(findings)}.")
    changed = sum(1 for r in recs if r.target_status)
    if changed:
        summary.append(
            f"The target body of {changed} of the {len(recs)} recommendations has changed since publication "
            "(see each recommendation)."
        )

    builder = _Builder(catalogue, table_rows)
    key_by_sector = {
        s.id: rank_findings(
            [f for f in catalogue.findings_in(s.id) if f.confidence != Confidence.UNVERIFIED], catalogue
        )[:per_sector]
        for s in catalogue.dataset.sectors
    }
    builder.planned_findings = {f.id for key in key_by_sector.values() for f in key}
    charted = themes[:max_charts] if max_charts is not None else themes
    builder.bases_elsewhere = "each bar's base is given in the table below."
    if themes:
        builder.items.append(Heading("Compared across sectors"))
        for theme in charted:
            builder.chart(f"{COMPARISON_CHART}:{theme.id}", chart_specs.comparison_spec(catalogue, theme.id))
        similar = [t for t in themes if not t.same_question]
        basis = (
            "Measures found in several sectors. "
            + (f"{_plural(len(similar), 'row compares', 'rows compare')} {SIMILAR_QUESTIONS}: each figure is "
               "given with its own wording, so read them side by side with care. " if similar else "")
            + f"{COMPARISON_JUDGEMENT} "
        )
        builder.items.append(Paragraph(
            basis + "Each figure has its own base (a separate sub-sample or source), so small differences may not "
            "be meaningful; the finding id leads to it in the app."
        ))
        builder.comparison_table()
    shown = len(builder.planned_findings)
    rule = (
        f"Key findings: up to {per_sector} per sector ({shown} of {len(findings)}), {SELECTION_RULE}. "
        "Each sector sheet gives more; the app has them all."
    )
    if builder.planned_findings:
        builder.items.append(Heading("Key findings by sector"))
        builder.items.append(Paragraph(rule))
    for sector in catalogue.dataset.sectors:
        key = key_by_sector[sector.id]
        for finding in [f for f in catalogue.findings_in(sector.id) if f in key]:
            builder.finding(finding)
    if recs:
        builder.items.append(Heading("Recommendations in brief"))
        builder.items.append(Paragraph(
            "Each sector sheet gives the recommendations in full, with the related findings (our judgement) and "
            "their sources."
        ))
        builder.recommendations(recs, compact=True)
    notes = _general_notes(catalogue)
    return builder.sheet("overview", "Overview: leadership and management across public services",
                         "All sectors", options, summary[:5], notes, rule)


def pack_sheet(catalogue: Catalogue, pack: Pack, options: SheetOptions | None = None) -> Sheet:
    """The user's pack, item by item in the user's order, each with its note; missing items marked."""
    options = options or SheetOptions()
    builder = _Builder(catalogue)
    present_findings: list[Finding] = []
    counts: Counter[str] = Counter()
    missing = 0
    for item in pack.items:
        if item.kind == "finding" and item.id in catalogue.findings:
            finding = catalogue.findings[item.id]
            # With what became of the figures recorded when it was added (changed, kept, vanished).
            pack_figures.pack_finding(builder, catalogue, item, finding)
            present_findings.append(finding)
        elif item.kind == "recommendation" and item.id in catalogue.recommendations:
            builder.recommendation(catalogue.recommendations[item.id], item.note)
        elif item.kind == "chart" and chart_exists(catalogue, item.id):
            builder.chart(item.id, chart_spec(catalogue, item.id), item.note)
        else:
            if pack_figures.missing_finding_note(item):
                builder.items.append(Paragraph(pack_figures.missing_finding_note(item)))
            builder.items.append(MissingItem(item.kind, item.id, item.note))
            missing += 1
            continue
        counts[item.kind] += 1

    sectors = {
        catalogue.sectors[x.sector].name
        for x in [*present_findings]
    } | {
        catalogue.sectors[catalogue.recommendations[i.id].sector].name
        for i in pack.items
        if i.kind == "recommendation" and i.id in catalogue.recommendations
    }
    parts = [
        _plural(counts["finding"], "finding"),
        _plural(counts["recommendation"], "recommendation"),
        _plural(counts["chart"], "chart"),
    ]
    summary = [
        f"This pack holds {_plural(len(pack.items), 'item')}: {_join(parts)}"
        + (f", from {_plural(len(sectors), 'sector')} ({_join(sorted(sectors))})." if sectors else ".")
    ]
    # A pack's figures as it prints them: a kept figure with its edition, a changed one with what it was.
    phrases = _headline_phrases(catalogue, present_findings, overrides=pack_figures.headline_phrases(pack, catalogue))
    if phrases:
        summary.append("Headline figures: " + "; ".join(phrases) + ".")
    if present_findings:
        summary.append(
            f"Confidence of the {_plural(len(present_findings), 'finding')}: {_confidence_mix(present_findings)}."
        )
    if missing:
        summary.append(
            f"{_plural(missing, 'item')} of this pack {'is' if missing == 1 else 'are'} not in this dataset edition "
            "and marked below; the pack file keeps them."
        )
    if not pack.items:
        summary = ["This pack is empty: add findings, recommendations or charts with “Add to brief”."]
    notes = _general_notes(catalogue)
    title = pack.title.strip() or "Briefing pack"
    sheet = builder.sheet("pack", title, "Briefing pack", options, summary[:5], notes)
    sheet.kept_figures = pack_figures.kept_on_sheet(pack, catalogue)
    return sheet


# ---- charts a pack can hold -------------------------------------------------------------------------


def chart_key(kind: str, subject_id: str) -> str:
    return f"{kind}:{subject_id}"


def chart_exists(catalogue: Catalogue, key: str) -> bool:
    kind, _, subject = key.partition(":")
    if kind == SECTOR_CHART:
        return subject in catalogue.sectors and bool(catalogue.percent_measures(subject))
    if kind == COMPARISON_CHART:
        return any(t.id == subject for t in catalogue.comparable_themes())
    return False


def chart_spec(catalogue: Catalogue, key: str) -> chart_specs.ChartSpec:
    kind, _, subject = key.partition(":")
    if kind == SECTOR_CHART:
        return chart_specs.sector_spec(catalogue, subject)
    if kind == COMPARISON_CHART:
        return chart_specs.comparison_spec(catalogue, subject)
    raise chart_specs.UnknownChartSubject(f"Unknown chart {key!r}")


def available_charts(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(key, title) of every chart a pack can hold."""
    out = [
        (chart_key(SECTOR_CHART, s.id), f"{s.name}: percentage figures")
        for s in catalogue.dataset.sectors
        if catalogue.percent_measures(s.id)
    ]
    out += [
        (chart_key(COMPARISON_CHART, t.id), t.comparison_heading) for t in catalogue.comparable_themes()
    ]
    return out


def item_title(catalogue: Catalogue, kind: str, item_id: str) -> str:
    """A one-line description of a pack item for lists; marks items the dataset lacks."""
    if kind == "finding" and item_id in catalogue.findings:
        finding = catalogue.findings[item_id]
        return f"{catalogue.headline_text(finding)} — {finding.statement}"
    if kind == "recommendation" and item_id in catalogue.recommendations:
        rec = catalogue.recommendations[item_id]
        return f"{rec.title} (to {rec.target_body})"
    if kind == "chart" and chart_exists(catalogue, item_id):
        return dict(available_charts(catalogue)).get(item_id, item_id)
    return f"Not in this dataset edition: {kind} {item_id!r}"


def figures_csv(catalogue: Catalogue, sheet: Sheet) -> str:
    """Every figure on the sheet (findings listed, charted or cited by a recommendation), one row per
    measure with its base, period, source and confidence: the CSV attached to the PDF."""
    from ..domain.export import CSV_COLUMNS, csv_text, findings_csv, measure_rows

    findings = [catalogue.findings[fid] for fid in sheet.finding_ids if fid in catalogue.findings]
    if not sheet.kept_figures:
        return findings_csv(catalogue, findings)
    # A pack's figures kept from another edition travel as the sheet prints them (pack_figures.py).
    return csv_text(CSV_COLUMNS, pack_figures.kept_rows(measure_rows(catalogue, findings), sheet.kept_figures))
