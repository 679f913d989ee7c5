"""What goes on a briefing sheet, as plain data. No Qt here.

A :class:`Sheet` holds the header facts, a generated summary, the items in reading order (headings,
charts, findings, recommendations, items missing from the dataset), the numbered source footnotes, the
lettered caveat notes and the general notes. :mod:`.content` and :mod:`.builder` fill it from the domain,
:mod:`.layout` measures and paginates it, :mod:`.paint` draws it, :mod:`.flow` words it for Word and
OpenDocument.

Markers: a source cited on the sheet gets a number, [1], [2]... in order of first citation, and each
distinct caveat gets a letter, (a), (b)...; items carry the markers, the notes at the end give the
sources in full and the caveats word for word, so a caveat shared by ten findings is printed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .. import APP_NAME, __version__
from ..charts import spec as chart_specs
from ..domain.dates import long_date
from ..domain.wording import ALL_SECTORS, QUALITATIVE

DEFAULT_MARKING = "OFFICIAL"


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
    def dataset_words(self) -> str:
        """The header's dataset line, after "Dataset: "."""
        return (f"{self.edition_title}, edition {self.edition_id}, compiled {long_date(self.edition_compiled)}; "
                f"compendium published {long_date(self.edition_published)}.")

    @property
    def document_kind(self) -> str:
        """What the header calls the document."""
        return "Briefing pack" if self.kind == "pack" else "Briefing sheet"

    @property
    def sector_words(self) -> str:
        """The header's sector: the sector's name, all sectors, or for a pack its subject."""
        return ALL_SECTORS if self.kind == "overview" else self.subject

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


def source_marks(numbers: Sequence[int], shorts: Sequence[str]) -> str:
    """"[1] ONS; [2] CIPD": an item's source numbers with each source's short name."""
    return "; ".join(f"[{n}] {s}" for n, s in zip(numbers, shorts, strict=False))


def number_marks(numbers: Sequence[int], between: str = " ") -> str:
    """"[1] [3]": source numbers alone."""
    return between.join(f"[{n}]" for n in numbers)


def caveat_marks(letters: Sequence[str]) -> str:
    """"(a), (c)": the letters of the caveat notes an item carries, as every sheet format prints them."""
    return ", ".join(f"({x})" for x in letters)


def ref_tail(ref: FindingRef, elsewhere: str) -> str:
    """What follows a related finding's id: its value and source markers, and for a finding not printed
    elsewhere on the sheet its measure, base, period, confidence and caveats (PDF, Word and OpenDocument)."""
    value = "" if ref.headline == QUALITATIVE else f" {ref.headline}"
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
