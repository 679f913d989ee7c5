"""Indexes and queries over a loaded dataset: lookups, links, search keys, measure formatting."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .loading import garbage_collection_paused
from .models import (
    Comparator,
    Confidence,
    Dataset,
    Finding,
    ItemKind,
    Measure,
    Recommendation,
    Sector,
    SectorId,
    Source,
    SourceRef,
    SourceRole,
    Theme,
    Unit,
)
from .search import KeyMatcher
from .signing import UNCHECKED
from .wording import QUALITATIVE

_COMPARATOR_PREFIX = {
    Comparator.EXACT: "",
    Comparator.APPROXIMATELY: "about ",
    Comparator.MORE_THAN: "more than ",
    Comparator.LESS_THAN: "less than ",
}
_COMPARATOR_SYMBOL = {Comparator.EXACT: "", Comparator.APPROXIMATELY: "~", Comparator.MORE_THAN: ">", Comparator.LESS_THAN: "<"}


# Apostrophes (straight, curly, modifier letter, reversed, grave) are left out of folded text: "leaders'",
# "leaders’" and "leaders" then read the same, in the dataset and in a query alike ("don’t" is "dont").
APOSTROPHES = "'\u2019\u2018\u02bc\u201b`"
_NO_APOSTROPHES = dict.fromkeys(map(ord, APOSTROPHES))


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of text, for searching."""
    if text.isascii():
        # The same result, faster: ASCII has nothing to decompose, and casefold() is lower().
        return text.lower().replace("'", "").replace("`", "") if ("'" in text or "`" in text) else text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks removed by looking up each distinct character once, then deleting them all in one C pass.
    marks = [c for c in set(decomposed) if unicodedata.combining(c)]
    removed = dict.fromkeys(map(ord, marks), None) | _NO_APOSTROPHES
    return decomposed.translate(removed).casefold()


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


def _sector_key(sector: SectorId | str | None) -> str | None:
    return None if sector is None else str(sector)


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
        # Whether the file's bytes carry a trusted compiler's signature; set by load_catalogue (domain/signing.py).
        self.verification = UNCHECKED
        self.sectors = {s.id: s for s in dataset.sectors}
        self.themes = {t.id: t for t in dataset.themes}
        self.sources = {s.id: s for s in dataset.sources}
        self.findings = {f.id: f for f in dataset.findings}
        self.recommendations = {r.id: r for r in dataset.recommendations}
        self._recs_for_finding: dict[str, list[Recommendation]] = {}
        self._per_sector_cache: dict[str, dict[str | None, list]] = {}
        # The search indexes are built once, by whichever thread asks first (the window asks from a
        # background thread just after it is shown); the lock makes any other asker wait for that one.
        self._search_lock = threading.Lock()
        self._search_indexes: dict[str, KeyMatcher] = {}  # "findings", "recommendations"
        for rec in dataset.recommendations:
            for fid in rec.supporting_findings:
                self._recs_for_finding.setdefault(fid, []).append(rec)

    # ---- lookups and links -------------------------------------------------------------------
    @property
    def edition(self):
        return self.dataset.edition

    def item(self, kind: str, item_id: str) -> Finding | Recommendation | None:
        """The finding or recommendation ``item_id`` (``kind``, an ItemKind, says which), or None."""
        if kind == ItemKind.FINDING:
            return self.findings.get(item_id)
        if kind == ItemKind.RECOMMENDATION:
            return self.recommendations.get(item_id)
        return None

    def findings_in(self, sector: SectorId | str | None) -> list[Finding]:
        return list(self._per_sector("findings").get(_sector_key(sector), ()))

    def recommendations_in(self, sector: SectorId | str | None) -> list[Recommendation]:
        return list(self._per_sector("recommendations").get(_sector_key(sector), ()))

    def _per_sector(self, what: str) -> dict[str | None, list]:
        """Findings, recommendations or (finding, percentage measure) pairs, per sector id and for None
        ("all"), in dataset order. Made once: the chart asks for them on every keystroke of a search."""
        cache = self._per_sector_cache
        if what not in cache:
            by_sector: dict[str | None, list] = {None: []}
            if what == "percent_measures":
                entries = [(str(f.sector), (f, m)) for f in self.dataset.findings for m in f.measures if m.unit == Unit.PERCENT]
            else:
                entries = [(str(item.sector), item) for item in getattr(self.dataset, what)]
            for sector, entry in entries:
                by_sector[None].append(entry)
                by_sector.setdefault(sector, []).append(entry)
            cache[what] = by_sector
        return cache[what]

    def sources_of(self, item: Finding | Recommendation) -> list[Source]:
        return [self.sources[ref.source] for ref in item.sources]

    def primary_source(self, item: Finding | Recommendation) -> Source:
        """The first source whose text carries the item: the one to cite beside its figure."""
        return self.sources[self.cited_refs(item)[0].source]

    @staticmethod
    def cited_refs(item: Finding | Recommendation) -> list[SourceRef]:
        """The sources to print beside the item: those whose text carries it (the dataset checks that
        every item has one); a source it is only attributed to, or cited for context, is left out."""
        refs = [ref for ref in item.sources if ref.role == SourceRole.CARRIES]
        return refs or list(item.sources[:1])

    @staticmethod
    def uncited_refs(item: Finding | Recommendation) -> list[SourceRef]:
        """The item's other sources: reports it is attributed to, and context."""
        return [ref for ref in item.sources if ref.role != SourceRole.CARRIES]

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
        return format_value(measure) if measure else QUALITATIVE

    def measure_confidence(self, finding: Finding, measure: Measure) -> Confidence:
        return measure.confidence or finding.confidence

    def percent_measures(self, sector: SectorId | str | None) -> list[tuple[Finding, Measure]]:
        return list(self._per_sector("percent_measures").get(_sector_key(sector), ()))

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
    def _search_parts(self) -> _SearchParts:
        return _SearchParts(self)

    @cached_property
    def search_keys(self) -> dict[str, str]:
        """Folded text of every searchable field, per finding and recommendation id, built once."""
        parts = self._search_parts
        keys = {f.id: " ".join(parts.of_finding(f)) for f in self.dataset.findings}
        keys.update((r.id, " ".join(parts.of_recommendation(r))) for r in self.dataset.recommendations)
        return keys

    @property
    def finding_search(self) -> KeyMatcher:
        """Search over the findings, by their index in dataset order (the rows of the findings table)."""
        return self._search_index("findings", self._search_parts.of_finding, self.dataset.findings)

    @property
    def recommendation_search(self) -> KeyMatcher:
        """Search over the recommendations, by their index in dataset order."""
        return self._search_index("recommendations", self._search_parts.of_recommendation, self.dataset.recommendations)

    def _search_index(self, kind: str, parts_of, items) -> KeyMatcher:
        with self._search_lock:
            if kind not in self._search_indexes:
                with garbage_collection_paused():  # see loading.py: the index is made of millions of objects
                    self._search_indexes[kind] = KeyMatcher.of_parts(map(parts_of, items))
            return self._search_indexes[kind]

    def prepare_search(self) -> None:
        """Build both search indexes now (the window runs this in a background thread)."""
        self.finding_search, self.recommendation_search  # noqa: B018 (built on first use)

    def search_key(self, item_id: str) -> str:
        """The folded searchable text of one finding or recommendation ("" for an unknown id)."""
        if "search_keys" in self.__dict__:  # already made for every item
            return self.search_keys.get(item_id, "")
        if item_id in self.findings:
            return " ".join(self._search_parts.of_finding(self.findings[item_id]))
        if item_id in self.recommendations:
            return " ".join(self._search_parts.of_recommendation(self.recommendations[item_id]))
        return ""

    def matches(self, item_id: str, words: list[str]) -> bool:
        """True when every (already folded) word occurs in the item's searchable text."""
        key = self.search_key(item_id)
        return all(word in key for word in words)


class _SearchParts:
    """The searchable fields of an item, folded, in key order: the key is these parts joined by spaces.

    fold(" ".join(parts)) == " ".join(map(fold, parts)): fold works character by character and nothing
    combines across a space. So text shared by many items (sources, sector and theme names, confidence
    labels, a statement repeated in another edition...) is folded once, not once per item that holds it,
    and the search tests each distinct part once.
    """

    def __init__(self, catalogue: Catalogue):
        dataset = catalogue.dataset
        self.folded = _FoldedTexts()
        self.value_text: dict[tuple, str] = {}
        self.source_text = {
            s.id: fold(
                " ".join([s.title, s.short, *s.publishers, *s.authors, s.method or "", s.pollster or "", *s.notes])
            )
            for s in dataset.sources
        }
        self.sector_name = {sector_id: fold(sector.name) for sector_id, sector in catalogue.sectors.items()}
        self.theme_name = {theme_id: fold(theme.name) for theme_id, theme in catalogue.themes.items()}
        self.confidence_label = {level: fold(level.label) for level in Confidence}

    def of_finding(self, f: Finding) -> list[str]:
        folded = self.folded
        parts = [folded[f.id], folded[f.statement], folded[f.period], self.sector_name[f.sector]]
        parts += [*map(folded.__getitem__, f.caveats), self.confidence_label[f.confidence]]
        parts += [self.theme_name[t] for t in f.themes if t in self.theme_name]
        for m in f.measures:
            parts += [folded[m.label], folded[m.base], self._value(m)]
        for ref in f.sources:
            parts += [self.source_text.get(ref.source, ""), folded[ref.location or ""]]
        return parts

    def of_recommendation(self, r: Recommendation) -> list[str]:
        folded = self.folded
        parts = [folded[r.id], folded[r.title], folded[r.summary], folded[r.target_body], folded[r.target_status or ""]]
        parts += [*map(folded.__getitem__, r.caveats), self.sector_name[r.sector], self.confidence_label[r.confidence]]
        for ref in r.sources:
            parts += [self.source_text.get(ref.source, ""), folded[ref.location or ""]]
        return parts

    def _value(self, measure: Measure) -> str:
        key = (measure.value, measure.unit, measure.comparator)
        text = self.value_text.get(key)
        if text is None:
            text = self.value_text[key] = fold(format_value(measure))
        return text


class _FoldedTexts(dict):
    """fold(text) for each text asked for, each distinct text folded once."""

    def __missing__(self, text: str) -> str:
        folded = self[text] = fold(text)
        return folded


# Punctuation around a word typed is not part of it: "workload," "(NHS)" "“missing" find what the bare
# words find. Inside a word it stays ("4.5", "cross-sector", "50%").
_WORD_EDGES = ".,;:!?\"“”„«»()[]{}…"


def search_words(query: str) -> list[str]:
    """The folded words of a query, without the punctuation around them (words of punctuation alone go)."""
    words = (word.strip(_WORD_EDGES) for word in fold(query).split())
    return [word for word in words if word]
