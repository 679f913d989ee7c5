"""Indexes and queries over a loaded dataset: lookups, links, search keys, measure formatting."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .models import (
    Comparator,
    Confidence,
    Dataset,
    Finding,
    Measure,
    Recommendation,
    Sector,
    SectorId,
    Source,
    Theme,
    Unit,
)

_COMPARATOR_PREFIX = {
    Comparator.EXACT: "",
    Comparator.APPROXIMATELY: "about ",
    Comparator.MORE_THAN: "more than ",
    Comparator.LESS_THAN: "less than ",
}
_COMPARATOR_SYMBOL = {Comparator.EXACT: "", Comparator.APPROXIMATELY: "~", Comparator.MORE_THAN: ">", Comparator.LESS_THAN: "<"}


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text, for searching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def format_value(measure: Measure, words: bool = False) -> str:
    """'27%', '~2%', '>4,000,000', '£184m', '12 months'. ``words`` spells the comparator out."""
    value = measure.value
    if measure.unit == Unit.PERCENT:
        core = f"{_number(value)}%"
    elif measure.unit == Unit.PERCENTAGE_POINTS:
        core = f"{_number(value)} percentage points"
    elif measure.unit == Unit.CURRENCY_GBP:
        if value >= 1_000_000:
            core = f"£{_number(value / 1_000_000)}m"
        else:
            core = f"£{_number(value)}"
    elif measure.unit == Unit.MONTHS:
        core = f"{_number(value)} months"
    elif measure.unit == Unit.RATIO:
        core = f"{_number(value)}:1"
    else:
        core = _number(value)
    prefix = (_COMPARATOR_PREFIX if words else _COMPARATOR_SYMBOL)[measure.comparator]
    return prefix + core


@dataclass(frozen=True)
class ComparisonBar:
    """One bar of a cross-sector comparison: a percentage measure of one finding in one sector."""

    theme: Theme
    sector: Sector
    finding: Finding
    measure: Measure


class Catalogue:
    """A loaded dataset with the indexes every view needs. Immutable, built once per dataset."""

    def __init__(self, dataset: Dataset, file: str = ""):
        self.dataset = dataset
        self.file = file
        self.sectors = {s.id: s for s in dataset.sectors}
        self.themes = {t.id: t for t in dataset.themes}
        self.sources = {s.id: s for s in dataset.sources}
        self.findings = {f.id: f for f in dataset.findings}
        self.recommendations = {r.id: r for r in dataset.recommendations}
        self._recs_for_finding: dict[str, list[Recommendation]] = {}
        for rec in dataset.recommendations:
            for fid in rec.supporting_findings:
                self._recs_for_finding.setdefault(fid, []).append(rec)

    # ---- lookups and links -------------------------------------------------------------------
    @property
    def edition(self):
        return self.dataset.edition

    def findings_in(self, sector: SectorId | str | None) -> list[Finding]:
        return [f for f in self.dataset.findings if sector is None or f.sector == sector]

    def recommendations_in(self, sector: SectorId | str | None) -> list[Recommendation]:
        return [r for r in self.dataset.recommendations if sector is None or r.sector == sector]

    def sources_of(self, item: Finding | Recommendation) -> list[Source]:
        return [self.sources[ref.source] for ref in item.sources]

    def primary_source(self, item: Finding | Recommendation) -> Source:
        return self.sources[item.sources[0].source]

    def recommendations_supported_by(self, finding: Finding) -> list[Recommendation]:
        return list(self._recs_for_finding.get(finding.id, []))

    def supporting_findings(self, rec: Recommendation) -> list[Finding]:
        return [self.findings[fid] for fid in rec.supporting_findings]

    def related_findings(self, rec: Recommendation) -> list[Finding]:
        return [self.findings[fid] for fid in rec.related_findings]

    # ---- presentation helpers that are not Qt-specific ----------------------------------------
    @staticmethod
    def headline(finding: Finding) -> Measure | None:
        return finding.measures[0] if finding.measures else None

    def headline_text(self, finding: Finding) -> str:
        measure = self.headline(finding)
        return format_value(measure) if measure else "Qualitative"

    def measure_confidence(self, finding: Finding, measure: Measure) -> Confidence:
        return measure.confidence or finding.confidence

    def percent_measures(self, sector: SectorId | str | None) -> list[tuple[Finding, Measure]]:
        return [
            (f, m) for f in self.findings_in(sector) for m in f.measures if m.unit == Unit.PERCENT
        ]

    def comparable_themes(self) -> list[Theme]:
        """Themes with a comparison title measured in at least two sectors."""
        out = []
        for theme in self.dataset.themes:
            if theme.comparison_title and len({b.sector.id for b in self.comparison(theme.id)}) >= 2:
                out.append(theme)
        return out

    def comparison(self, theme_id: str) -> list[ComparisonBar]:
        theme = self.themes[theme_id]
        bars = [
            ComparisonBar(theme, self.sectors[f.sector], f, m)
            for f in self.dataset.findings
            for m in f.measures
            if m.compare_as == theme_id
        ]
        order = {s.id: i for i, s in enumerate(self.dataset.sectors)}
        return sorted(bars, key=lambda b: order[b.sector.id])

    # ---- search --------------------------------------------------------------------------------
    @cached_property
    def search_keys(self) -> dict[str, str]:
        """Folded text of every searchable field, per finding and recommendation id, built once."""
        keys: dict[str, str] = {}
        source_text = {
            s.id: " ".join(
                [s.title, s.short, *s.publishers, *s.authors, s.method or "", s.pollster or "", *s.notes]
            )
            for s in self.dataset.sources
        }
        for f in self.dataset.findings:
            parts = [f.id, f.statement, f.period, self.sectors[f.sector].name, *f.caveats, f.confidence.label]
            parts += [self.themes[t].name for t in f.themes if t in self.themes]
            for m in f.measures:
                parts += [m.label, m.base, format_value(m)]
            for ref in f.sources:
                parts += [source_text.get(ref.source, ""), ref.location or ""]
            keys[f.id] = fold(" ".join(parts))
        for r in self.dataset.recommendations:
            parts = [r.id, r.title, r.summary, r.target_body, r.target_status or "", *r.caveats]
            parts += [self.sectors[r.sector].name, r.confidence.label]
            for ref in r.sources:
                parts += [source_text.get(ref.source, ""), ref.location or ""]
            keys[r.id] = fold(" ".join(parts))
        return keys

    def matches(self, item_id: str, words: list[str]) -> bool:
        """True when every (already folded) word occurs in the item's searchable text."""
        key = self.search_keys.get(item_id, "")
        return all(word in key for word in words)


def search_words(query: str) -> list[str]:
    return fold(query).split()
