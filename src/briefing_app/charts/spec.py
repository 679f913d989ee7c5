"""What a chart shows, built from the domain. No Qt here.

A :class:`ChartSpec` holds everything one chart draws (title, bars, caption, sources, edition) as plain
data. The screen, the exports, the accessible description, the table alternative and the printed sheet all
read the same spec, so they cannot disagree about a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import compress
from weakref import WeakKeyDictionary

from ..domain.catalogue import Catalogue, format_value
from ..domain.citation import full_citation
from ..domain.dates import long_date
from ..domain.export import csv_text
from ..domain.models import COMPARISON_JUDGEMENT, Confidence, Edition, Finding, Measure, Unit
from ..domain.search import RowIds
from ..domain.wording import ALL_SECTORS, CONFIDENCE_BAR_MARKS, noun, plural, unknown_sector

AXIS_MAX = 100.0
DEFAULT_EXPORT_WIDTH = 760.0  # logical (96-dpi) pixels, about 20 cm: exports and the command line

CAVEAT_MARK = "†"
BASES_WHERE = "each bar's base is given in the chart's data table (table view and CSV download)."


class ChartKind(StrEnum):
    """The two kinds of chart. A chart's key, "sector:health" or "comparison:pay", is saved in packs and settings."""

    SECTOR = "sector"  # one sector's percentage figures (or every sector's)
    COMPARISON = "comparison"  # one theme measured in several sectors


class UnknownChartSubject(ValueError):
    """A sector or theme that cannot be charted; the message lists what can."""


@dataclass(frozen=True)
class ChartBar:
    """One bar: one percentage measure of one finding, with everything needed to cite it."""

    finding_id: str
    measure_index: int
    measure_label: str
    display_label: str
    value: float
    display_value: str
    base: str
    period: str
    statement: str
    sector_id: str
    sector_name: str
    source_short: str
    source_citation: str
    source_url: str
    confidence: Confidence
    caveats: tuple[str, ...]

    @property
    def key(self) -> str:
        """Unique within a chart: a finding may have several percentage measures."""
        return f"{self.finding_id}#{self.measure_index}"

    @property
    def confidence_mark(self) -> str:
        return CONFIDENCE_BAR_MARKS[self.confidence]

    @property
    def hatched(self) -> bool:
        return self.confidence != Confidence.PRIMARY


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    subject_id: str  # the sector id ("" for all sectors) or the theme id
    title: str
    caption: str
    source_line: str
    edition_line: str
    bars: tuple[ChartBar, ...]
    notes: tuple[str, ...] = ()
    empty_message: str = ""
    axis_max: float = AXIS_MAX
    unit: str = Unit.PERCENT.value

    @property
    def footer(self) -> str:
        """The text drawn under the plot: caption, caveat notes, sources and edition."""
        # Blank lines set the caption, the caveat notes and the sources apart.
        groups = [self.caption, "\n".join(self.notes), f"{self.source_line}\n{self.edition_line}".strip()]
        return "\n\n".join(group for group in groups if group)

    def bar_indexes(self, finding_id: str) -> list[int]:
        return [i for i, bar in enumerate(self.bars) if bar.finding_id == finding_id]

    @property
    def finding_ids(self) -> list[str]:
        return list(dict.fromkeys(bar.finding_id for bar in self.bars))


# ---- building specs from the domain ----------------------------------------------------------------


def _edition_line(edition: Edition) -> str:
    compiled = edition.date_compiled
    return f"Dataset: {edition.title} (edition {edition.id}, compiled {long_date(compiled)})."


def _bar(catalogue: Catalogue, finding: Finding, measure: Measure, label_prefix: str = "") -> ChartBar:
    cited = catalogue.cited_refs(finding)[0]
    source = catalogue.sources[cited.source]
    confidence = catalogue.measure_confidence(finding, measure)
    mark = CONFIDENCE_BAR_MARKS[confidence]
    label = f"{label_prefix}{measure.label} ({finding.id}{', ' + mark if mark else ''})"
    if finding.caveats:
        label += f"\u00a0{CAVEAT_MARK}"  # a no-break space keeps the mark on the last line
    return ChartBar(
        finding_id=finding.id,
        measure_index=finding.measures.index(measure),
        measure_label=measure.label,
        display_label=label,
        value=measure.value,
        display_value=format_value(measure),
        base=measure.base,
        period=measure.period or finding.period,
        statement=finding.statement,
        sector_id=str(finding.sector),
        sector_name=catalogue.sectors[finding.sector].name,
        source_short=source.short,
        source_citation=full_citation(source, cited.location),
        source_url=source.url or "",
        confidence=confidence,
        caveats=tuple(finding.caveats),
    )


def _source_line(catalogue: Catalogue, findings: Iterable[Finding]) -> str:
    by_id = {}
    for finding in findings:
        source = catalogue.primary_source(finding)  # the first source that carries the figure
        by_id.setdefault(source.id, source)
    sources = list(by_id.values())
    named = "; ".join(f"{s.short}, {s.title}" for s in sources)
    return f"{noun(len(sources), 'Source')}: {named}."


def _confidence_sentence(bars: Iterable[ChartBar]) -> str:
    bars = list(bars)
    caveats = f" {CAVEAT_MARK} marks a figure with caveats, listed below." if any(bar.caveats for bar in bars) else ""
    marks = sorted({bar.confidence_mark for bar in bars if bar.hatched})
    if not marks:
        return caveats
    return (
        " Hatched bars, labelled " + " or ".join(f"“{m}”" for m in marks)
        + ", were not seen in the publisher's own text." + caveats
    )


def _caveat_notes(bars: Iterable[ChartBar]) -> tuple[str, ...]:
    """Each distinct caveat once, naming the findings it applies to (many share one survey caveat)."""
    findings_by_caveat: dict[str, list[str]] = {}
    for bar in bars:
        for caveat in bar.caveats:
            ids = findings_by_caveat.setdefault(caveat, [])
            if bar.finding_id not in ids:
                ids.append(bar.finding_id)
    return tuple(f"{CAVEAT_MARK} {', '.join(ids)}: {caveat}" for caveat, ids in findings_by_caveat.items())


MAX_BARS = 100  # the bundled edition's largest chart (all sectors) has 83 bars


class _SectorFigures:
    """The percentage figures of one sector (or of all), indexed by finding, made once per catalogue.

    The chart follows every keystroke of a search, with up to 100,000 findings shown: with this index it
    looks up the figures of the findings shown instead of filtering and sorting every figure each time.
    A finding's figures are next to each other in ``pairs``, so the index holds numbers, not lists: fewer
    objects for Python's garbage collector to walk through while the user types.
    """

    def __init__(self, catalogue: Catalogue, sector_id: str | None):
        self.pairs = catalogue.percent_measures(sector_id)  # (finding, measure), dataset order
        self.count: dict[str, int] = {}  # per finding with figures, in dataset order: how many
        self.start: dict[str, int] = {}  # and the index of its first in pairs
        self._scattered: dict[str, list[tuple[Finding, Measure]]] | None = None
        previous = None
        for index, (finding, _measure) in enumerate(self.pairs):
            finding_id = finding.id
            if finding_id != previous and finding_id in self.count:
                self._scattered = {}  # two findings with one id (a dataset that failed its checks)
            self.start.setdefault(finding_id, index)
            self.count[finding_id] = self.count.get(finding_id, 0) + 1
            previous = finding_id
        if self._scattered is not None:
            for pair in self.pairs:
                self._scattered.setdefault(pair[0].id, []).append(pair)
        self._bars: dict[str, tuple[ChartBar, ...]] = {}
        self._label_sector = sector_id is None  # the bars of all sectors are labelled with their sector
        self._count_by_row: list[int] | None = None  # per finding, in dataset order: how many figures

    @property
    def by_row(self) -> bool:
        """Whether :meth:`visible_rows` may be used: each finding id is one finding's."""
        return self._scattered is None

    def pairs_of(self, finding_id: str) -> list[tuple[Finding, Measure]]:
        """The figures of a finding that has some, in dataset order."""
        if self._scattered is not None:
            return self._scattered[finding_id]
        start = self.start[finding_id]
        return self.pairs[start : start + self.count[finding_id]]

    def visible_rows(self, catalogue: Catalogue, rows: Sequence[int]) -> tuple[int, Iterator[str]]:
        """As :meth:`visible`, for the findings at ``rows`` (distinct) of the dataset's list of findings.

        Indexing a list by row numbers is quicker than looking ids up in a dict (there is no string to
        hash or compare), and the findings with figures are picked out lazily: only the first are used.
        """
        if self._count_by_row is None:
            self._count_by_row = [self.count.get(f.id, 0) for f in catalogue.dataset.findings]
        count_of = self._count_by_row.__getitem__
        findings = catalogue.dataset.findings
        charted = (findings[row].id for row in compress(rows, map(count_of, rows)))
        return sum(map(count_of, rows)), charted

    def visible(self, finding_ids: Iterable[str]) -> tuple[int, list[str]]:
        """How many figures the findings ``finding_ids`` have, and those of them that have figures, in order."""
        shown = list(filter(self.count.__contains__, finding_ids))
        # A finding listed twice takes the place of its last mention (as when sorted by its place).
        last_places = dict.fromkeys(reversed(shown))
        if len(last_places) < len(shown):
            shown = list(last_places)[::-1]
        return sum(map(self.count.__getitem__, shown)), shown

    def first(
        self, catalogue: Catalogue, finding_ids: Iterable[str]
    ) -> tuple[list[tuple[Finding, Measure]], tuple[ChartBar, ...]]:
        """The first MAX_BARS figures of the findings (each finding's in dataset order), and their bars."""
        pairs: list[tuple[Finding, Measure]] = []
        bars: list[ChartBar] = []
        for finding_id in finding_ids:
            if len(pairs) >= MAX_BARS:
                break
            pairs += self.pairs_of(finding_id)
            bars += self._bars_of(catalogue, finding_id)
        return pairs[:MAX_BARS], tuple(bars[:MAX_BARS])

    def _bars_of(self, catalogue: Catalogue, finding_id: str) -> tuple[ChartBar, ...]:
        """The bars of a finding's figures, made when first drawn."""
        if finding_id not in self._bars:
            self._bars[finding_id] = tuple(
                _bar(catalogue, f, m, f"{catalogue.sectors[f.sector].name}: " if self._label_sector else "")
                for f, m in self.pairs_of(finding_id)
            )
        return self._bars[finding_id]


# Forgotten with their catalogue (nothing in them refers back to it).
_FIGURES: WeakKeyDictionary[Catalogue, dict[str | None, _SectorFigures]] = WeakKeyDictionary()


def _sector_figures(catalogue: Catalogue, sector_id: str | None) -> _SectorFigures:
    per_sector = _FIGURES.setdefault(catalogue, {})
    if sector_id not in per_sector:
        per_sector[sector_id] = _SectorFigures(catalogue, sector_id)
    return per_sector[sector_id]


def sector_spec(catalogue: Catalogue, sector_id: str | None, visible_finding_ids: Iterable[str] | None = None) -> ChartSpec:
    """The percentage measures of a sector (None: every sector), one bar each.

    With ``visible_finding_ids`` only those findings are drawn, in that order (the order of the findings
    table); otherwise every finding of the sector in dataset order. Other units are never drawn.
    """
    if sector_id is not None and sector_id not in catalogue.sectors:
        raise UnknownChartSubject(unknown_sector(sector_id, catalogue.sectors))
    figures = _sector_figures(catalogue, sector_id)
    all_pairs = figures.pairs
    # A readable chart has a bounded number of bars, and building one bar per figure of a very large
    # edition (100,000 findings) would take minutes and gigabytes: draw the first MAX_BARS and say so.
    if visible_finding_ids is None:
        matching, charted = len(all_pairs), figures.count  # its keys: the findings in dataset order
    elif isinstance(visible_finding_ids, RowIds) and visible_finding_ids.catalogue is catalogue and figures.by_row:
        matching, charted = figures.visible_rows(catalogue, visible_finding_ids.rows)
    else:
        matching, charted = figures.visible(visible_finding_ids)
    pairs, bars = figures.first(catalogue, charted)
    return sector_chart(catalogue, sector_id, total=len(all_pairs), matching=matching, pairs=pairs, bars=bars)


def sector_chart(catalogue: Catalogue, sector_id: str | None, *, total: int, matching: int,
                 pairs: Sequence[tuple[Finding, Measure]], bars: tuple[ChartBar, ...]) -> ChartSpec:
    """The sector chart's spec around its bars: ``total`` figures in the sector, ``matching`` of them among
    the findings shown, ``pairs`` (finding, measure) the first of those, drawn as ``bars``."""
    name = catalogue.sectors[sector_id].name if sector_id else ALL_SECTORS
    count = len(bars)
    if count:
        title = f"{name}: {plural(count, 'percentage figure')} on leadership and management"
    else:
        title = f"{name}: no percentage figures to chart"
    filtered = matching < total
    shown = (
        f"Showing {matching} of the {total} percentage figures: those of the findings listed in the findings table."
        if filtered
        else ""
    )
    if count < matching:
        shown = (shown + " " if shown else "") + (
            f"Only the first {count} of these {matching} figures are drawn: choose a sector, a theme or a search to see the others."
        )
    caption = (
        (
            "Each bar is a separate survey question or statistic with its own base (who was asked or counted), "
            f"so bars are not directly comparable; {BASES_WHERE}"
            + (" " + shown if shown else "")
            + _confidence_sentence(bars)
        )
        if bars
        else ""
    )
    if not total:
        empty = f"{name} has no percentage figures in this dataset, so there is nothing to chart."
    elif not bars:
        empty = f"No percentage figures among the findings shown: clear the filters or search to chart all {total}."
    else:
        empty = ""
    return ChartSpec(
        kind=ChartKind.SECTOR,
        subject_id=sector_id or "",
        title=title,
        caption=caption,
        source_line=_source_line(catalogue, (f for f, _ in pairs)) if bars else "",
        edition_line=_edition_line(catalogue.edition),
        bars=bars,
        notes=_caveat_notes(bars),
        empty_message=empty,
    )


def comparison_spec(catalogue: Catalogue, theme_id: str) -> ChartSpec:
    """One theme measured in several sectors: one bar per sector's measure, side by side, each labelled with
    its own wording; the caption says whether the sources call it the same question."""
    comparable = {t.id: t for t in catalogue.comparable_themes()}
    if theme_id not in comparable:
        known = ", ".join(comparable) or "none in this dataset"
        raise UnknownChartSubject(f"No cross-sector comparison for theme {theme_id!r}. Comparable themes: {known}.")
    theme = comparable[theme_id]
    entries = [b for b in catalogue.comparison(theme_id) if b.measure.unit == Unit.PERCENT]
    bars = tuple(_bar(catalogue, b.finding, b.measure, f"{b.sector.name}: ") for b in entries)
    sector_names = list(dict.fromkeys(bar.sector_name for bar in bars))
    sectors = f"{len(sector_names)} sectors ({', '.join(sector_names)})"
    if theme.same_question:
        basis = f"The same question in {sectors}. "
    else:
        basis = (
            f"Similar questions, worded differently, in {sectors}: each bar is labelled with its own wording. "
            + (f"{theme.comparison_note} " if theme.comparison_note else "")
            + f"{COMPARISON_JUDGEMENT} "
        )
    caption = (
        basis
        + "The bases differ: each sector's figure comes from a separate sub-sample of respondents (or a separate source), "
        f"so small differences between sectors may not be meaningful; {BASES_WHERE}"
        + _confidence_sentence(bars)
    )
    return ChartSpec(
        kind=ChartKind.COMPARISON,
        subject_id=theme_id,
        title=theme.comparison_heading,
        caption=caption,
        source_line=_source_line(catalogue, (b.finding for b in entries)),
        edition_line=_edition_line(catalogue.edition),
        bars=bars,
        notes=_caveat_notes(bars),
        empty_message="" if bars else f"No percentage figures for {theme.name}.",
    )


# ---- charts by key (a pack's charts, the chart shown in the window) ---------------------------------


def chart_key(kind: ChartKind, subject_id: str) -> str:
    return f"{kind}:{subject_id}"


def chart_exists(catalogue: Catalogue, key: str) -> bool:
    kind, _, subject = key.partition(":")
    if kind == ChartKind.SECTOR:
        return subject in catalogue.sectors and bool(catalogue.percent_measures(subject))
    if kind == ChartKind.COMPARISON:
        return any(t.id == subject for t in catalogue.comparable_themes())
    return False


def chart_spec(catalogue: Catalogue, key: str) -> ChartSpec:
    kind, _, subject = key.partition(":")
    if kind == ChartKind.SECTOR:
        return sector_spec(catalogue, subject)
    if kind == ChartKind.COMPARISON:
        return comparison_spec(catalogue, subject)
    raise UnknownChartSubject(f"Unknown chart {key!r}")


def available_charts(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(key, title) of every chart a pack can hold."""
    out = [
        (chart_key(ChartKind.SECTOR, s.id), f"{s.name}: percentage figures")
        for s in catalogue.dataset.sectors
        if catalogue.percent_measures(s.id)
    ]
    out += [
        (chart_key(ChartKind.COMPARISON, t.id), t.comparison_heading) for t in catalogue.comparable_themes()
    ]
    return out


# ---- text forms: accessible description, rows for CSV and the table view ----------------------------


def describe(spec: ChartSpec) -> str:
    """A description of the chart from its data, for screen readers and alt text: every value drawn."""
    if not spec.bars:
        return f"{spec.title}. {spec.empty_message} {spec.edition_line}"
    kind = "Bar chart comparing sectors" if spec.kind == ChartKind.COMPARISON else "Bar chart"
    parts = [f"{kind}: {spec.title}. {plural(len(spec.bars), 'bar')}, 0 to 100 per cent."]
    for bar in spec.bars:
        mark = f"; {bar.confidence_mark}" if bar.confidence_mark else ""
        parts.append(
            f"{bar.sector_name}: {bar.display_value}, {bar.measure_label} ({bar.finding_id}; "
            f"base: {bar.base}; {bar.period}; {bar.source_short}{mark})."
        )
    parts += [spec.caption, *spec.notes, spec.source_line, spec.edition_line]
    return " ".join(parts)


CSV_COLUMNS = [
    "chart", "finding_id", "sector", "measure", "value", "unit", "display_value", "base", "period",
    "confidence", "source_short", "source_citation", "source_url", "statement", "caveats", "edition",
]


def spec_rows(spec: ChartSpec) -> list[dict[str, str]]:
    """One row per bar drawn, in drawing order, with its source: the CSV export and the table view."""
    return [
        {
            "chart": spec.title,
            "finding_id": bar.finding_id,
            "sector": bar.sector_name,
            "measure": bar.measure_label,
            "value": f"{bar.value:g}",
            "unit": spec.unit,
            "display_value": bar.display_value,
            "base": bar.base,
            "period": bar.period,
            "confidence": bar.confidence.value,
            "source_short": bar.source_short,
            "source_citation": bar.source_citation,
            "source_url": bar.source_url,
            "statement": bar.statement,
            "caveats": " | ".join(bar.caveats),
            "edition": spec.edition_line,
        }
        for bar in spec.bars
    ]


def spec_csv(spec: ChartSpec) -> str:
    return csv_text(CSV_COLUMNS, spec_rows(spec))
