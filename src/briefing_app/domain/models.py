"""The evidence dataset as pydantic models.

This module imports no Qt. Structural rules (types, ranges, formats) live on the models; rules that
need the whole dataset (unique ids, references that must resolve) live in :mod:`.checks`.
"""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

# No pydantic plugins: an offline application wants no third-party code run at each model build, and
# looking them up scans every installed package's metadata (about 6 ms of start-up). Read when the first
# model is built; an explicit setting in the environment is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (  # noqa: E402 (after the setting above)
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from .dates import date_words  # noqa: E402

# Text that marks an unfinished template rather than content (dataset-facts section 4.1).
PLACEHOLDER_PATTERN = re.compile(
    r"\bgo here\b|\bTBC\b|\bTBD\b|\blorem\b|\bipsum\b|\bTODO\b|\bXXX\b|\bplaceholder\b",
    re.IGNORECASE,
)

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
_PART_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_PARTIAL_DATE_RE = re.compile(rf"^({_PART_DATE})(?:/({_PART_DATE}))?$")


# Text fields are checked in pydantic-core (Rust), not by Python validators, so that loading a large
# dataset stays close to the speed of json.loads: NOT_BLANK is a pattern constraint, and placeholder
# text is searched for once over the whole file by loading.find_placeholders.
NOT_BLANK = r"\S"
Text = Annotated[str, Field(max_length=20_000, pattern=NOT_BLANK)]
ShortText = Annotated[str, Field(max_length=500, pattern=NOT_BLANK)]
Identifier = Annotated[str, Field(pattern=_ID_PATTERN)]
# Control characters (NUL, ESC, …) and invisible format characters, bidirectional overrides such as U+202E
# among them: never part of a real address or id, and able to make one read as another. Written as
# \x and \u escapes, which pydantic-core's Rust regex, Python's re and JSON Schema all read alike.
INVISIBLE_CHARACTERS = r"\x00-\x1F\x7F-\x9F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF"
URL_PATTERN = rf'^https?://[^\s<>"{INVISIBLE_CHARACTERS}]+$'
Url = Annotated[str, Field(pattern=URL_PATTERN, max_length=2_000)]
# A pack's item ids are kept even when the dataset lacks them, so they are any visible text.
VISIBLE_TEXT_PATTERN = rf"^[^{INVISIBLE_CHARACTERS}]+$"

# Readable reasons for the patterns above, instead of pydantic's "String should match pattern …".
PATTERN_MESSAGES = {
    NOT_BLANK: "must not be empty",
    URL_PATTERN: "must be an http:// or https:// address without spaces, quotes, angle brackets, control "
    "characters or invisible (bidirectional) characters",
    VISIBLE_TEXT_PATTERN: "must not be empty or contain control characters or invisible (bidirectional) characters",
}


def _parse_part(text: str) -> tuple[int, int | None, int | None]:
    pieces = [int(p) for p in text.split("-")]
    year = pieces[0]
    month = pieces[1] if len(pieces) > 1 else None
    day = pieces[2] if len(pieces) > 2 else None
    # date() raises ValueError for a month or day that does not exist.
    date(year, month or 1, day or 1)
    return year, month, day


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE_RE.match(value)
    if not match:
        raise ValueError(
            "must be a date such as 2023-07-03, 2023-07 or 2023, or a range such as 2021/2025"
        )
    start = _parse_part(match.group(1))
    if match.group(2):
        end = _parse_part(match.group(2))
        if end < start:
            raise ValueError("the end of the date range is before its start")
    return value


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]


def format_partial_date(value: str) -> str:
    """'2023-07-03' -> '3 July 2023'; '2023-11' -> 'November 2023'; '2021/2025' -> '2021 to 2025'."""
    start, _, end = value.partition("/")
    if end:
        return f"{date_words(*_parse_part(start))} to {date_words(*_parse_part(end))}"
    return date_words(*_parse_part(start))


def partial_date_year(value: str) -> int:
    """The (last) year of a partial date, for sorting and short citations."""
    return int(value.rpartition("/")[2][:4])


class ItemKind(StrEnum):
    """What a briefing pack item, a link or a missing-item mark is: pack files store these words."""

    FINDING = "finding"
    RECOMMENDATION = "recommendation"
    CHART = "chart"


class Confidence(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return CONFIDENCE_LABELS[self]

    @property
    def explanation(self) -> str:
        return CONFIDENCE_EXPLANATIONS[self]

    @property
    def rank(self) -> int:
        """Higher is stronger: used to sort by confidence."""
        return {"primary": 3, "secondary": 2, "unverified": 1}[self.value]


CONFIDENCE_LABELS = {
    Confidence.PRIMARY: "Seen in the publisher's own text",
    Confidence.SECONDARY: "Seen only in a third-party report",
    Confidence.UNVERIFIED: "Unverified",
}

CONFIDENCE_EXPLANATIONS = {
    Confidence.PRIMARY: "The figure was seen in text published by the body that produced it.",
    Confidence.SECONDARY: "The figure was seen only as reported by a third party, such as the trade press.",
    Confidence.UNVERIFIED: "The figure appears on the compendium web page but in no source text that was retrieved.",
}


class Unit(StrEnum):
    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage_points"
    COUNT = "count"
    CURRENCY_GBP = "currency_gbp"
    RATIO = "ratio"
    MONTHS = "months"


class Comparator(StrEnum):
    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"


class SectorId(StrEnum):
    HEALTH = "health"
    EDUCATION = "education"
    LOCAL_GOVERNMENT = "local-government"
    CROSS_SECTOR = "cross-sector"


class SourceKind(StrEnum):
    SURVEY_REPORT = "survey_report"
    COMPENDIUM = "compendium"
    OFFICIAL_STATISTICS = "official_statistics"
    REVIEW = "review"
    PRESS_RELEASE = "press_release"
    NEWS_REPORT = "news_report"
    ANALYSIS = "analysis"
    WHITE_PAPER = "white_paper"
    BLOG = "blog"
    GOVERNMENT_DOCUMENT = "government_document"
    SCHEME_DESCRIPTION = "scheme_description"
    SUMMARY = "summary"  # a third party's summary of a report


class _Model(BaseModel):
    # Extra fields are refused so that a misspelt key is reported, not silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Edition(_Model):
    id: Identifier
    title: ShortText
    publisher: ShortText
    date_published: date = Field(description="When the underlying compendium was published")
    date_compiled: date = Field(description="When this dataset edition was compiled")
    notes: list[Text] = []


class Sector(_Model):
    id: SectorId
    name: ShortText
    description: Text


class Theme(_Model):
    id: Identifier
    name: ShortText
    description: Text
    comparison_title: ShortText | None = Field(
        default=None,
        description="Set when several sectors measure this theme; the title of the comparison chart",
    )
    same_question: bool = Field(
        default=False,
        description=(
            "True only when the sources say every sector was asked the same question. Otherwise the figures "
            "are shown as similar questions, worded differently, each with its own wording"
        ),
    )
    comparison_note: Text | None = Field(
        default=None, description="How the questions compared under this theme differ, as far as the sources show"
    )

    @property
    def comparison_basis(self) -> str:
        """How far the figures compared under this theme are comparable, in words."""
        return SAME_QUESTION if self.same_question else SIMILAR_QUESTIONS

    @property
    def comparison_heading(self) -> str:
        """The comparison's title with its basis, for every place that names the comparison."""
        return f"{self.comparison_title or self.name} ({self.comparison_basis})"


SAME_QUESTION = "the same question in each sector"
SIMILAR_QUESTIONS = "similar questions, worded differently"
# Said wherever figures are grouped for comparison: the grouping is the compiler's, not the sources'.
COMPARISON_JUDGEMENT = "Grouping these figures is our judgement, not the sources'."


class SourceUrl(_Model):
    url: Url
    label: ShortText


class Source(_Model):
    id: Identifier
    short: ShortText = Field(description="Short citation, e.g. 'SMF/CMI, 2023'")
    title: ShortText
    title_note: Text | None = None
    publishers: list[ShortText] = Field(min_length=1)
    authors: list[ShortText] = []
    date: PartialDate | None = None
    date_note: Text | None = None
    url: Url | None = None
    other_urls: list[SourceUrl] = []
    kind: SourceKind
    coverage: Text | None = None
    method: Text | None = Field(default=None, description="Method and base as stated by the source")
    pollster: ShortText | None = None
    sample_size: int | None = Field(default=None, ge=1)
    sample_note: ShortText | None = Field(
        default=None, description="What the sample size covers, where it is not the base of every figure cited"
    )
    fieldwork: ShortText | None = None
    notes: list[Text] = []

    @property
    def display_date(self) -> str:
        return format_partial_date(self.date) if self.date else "date not shown"

    @property
    def year(self) -> int | None:
        return partial_date_year(self.date) if self.date else None


class Measure(_Model):
    label: ShortText
    unit: Unit
    # 'unit' is declared before 'value' so that the value's validator can see it.
    value: float = Field(allow_inf_nan=False)
    comparator: Comparator = Comparator.EXACT
    base: Text = Field(description="The population or base the value refers to")
    period: ShortText | None = Field(default=None, description="Overrides the finding's period for this measure")
    compare_as: Identifier | None = Field(
        default=None, description="A theme id: this measure is comparable across sectors under that theme"
    )
    confidence: Confidence | None = Field(default=None, description="Overrides the finding's confidence")

    @field_validator("value")
    @classmethod
    def _value_in_range(cls, value: float, info: ValidationInfo) -> float:
        unit = info.data.get("unit")
        if unit == Unit.PERCENT and not 0 <= value <= 100:
            raise ValueError(f"a percentage must be between 0 and 100, not {value:g}")
        if unit in (Unit.COUNT, Unit.CURRENCY_GBP, Unit.MONTHS, Unit.RATIO) and value < 0:
            raise ValueError(f"must not be negative, not {value:g}")
        if unit == Unit.PERCENTAGE_POINTS and not -100 <= value <= 100:
            raise ValueError(f"a change in percentage points must be between -100 and 100, not {value:g}")
        return value


class SourceRole(StrEnum):
    """Why an item cites a source. Only a source that carries the figure is printed beside it."""

    CARRIES = "carries"  # the figure or statement was seen in this source's text, at `location`
    UNDERLYING = "underlying"  # the report the figure is attributed to; the figure was not seen in its text
    CONTEXT = "context"  # cited for context only; it did not produce the figure

    @property
    def label(self) -> str:
        return SOURCE_ROLE_LABELS[self]


SOURCE_ROLE_LABELS = {
    SourceRole.CARRIES: "Where the figure was seen",
    SourceRole.UNDERLYING: "Attributed to (the figure was not seen in this source's own text)",
    SourceRole.CONTEXT: "Cited for context only (it did not produce the figure)",
}


class SourceRef(_Model):
    source: Identifier
    location: Text | None = Field(default=None, description="Where in the source the item is found")
    role: SourceRole = Field(
        default=SourceRole.CARRIES,
        description="carries: the item was seen there; underlying: the report it is attributed to; context: background only",
    )


class Finding(_Model):
    id: Identifier
    sector: SectorId
    themes: list[Identifier] = Field(min_length=1)
    statement: Text
    measures: list[Measure] = Field(
        default=[], description="Empty for a qualitative finding; the first measure is the headline"
    )
    period: ShortText = Field(description="The year or period the data refer to, as shown to users")
    year: int = Field(ge=1900, le=2100, description="The (last) year the data refer to, for sorting")
    sources: list[SourceRef] = Field(min_length=1)
    confidence: Confidence
    confidence_note: Text | None = None
    caveats: list[Text] = []


class Recommendation(_Model):
    id: Identifier
    title: ShortText
    summary: Text
    sector: SectorId
    target_body: ShortText
    target_status: Text | None = Field(default=None, description="Where the target body has changed since")
    supporting_findings: list[Identifier] = []
    related_findings: list[Identifier] = Field(
        default=[], description="Context that bears on the recommendation without directly supporting it"
    )
    sources: list[SourceRef] = Field(min_length=1)
    confidence: Confidence
    confidence_note: Text | None = None
    caveats: list[Text] = []


# The most items of each kind a dataset may hold: enough for any real edition (the bundled one has 62
# findings) with room to spare, and small enough that every command finishes in seconds with memory in
# proportion (bench: 100,000 findings validate in about 4.5 s). loading.parse_dataset refuses a larger
# file before validating it; these limits are the guarantee for input that count cannot see.
MAX_ITEMS = 100_000


class Dataset(_Model):
    schema_version: Literal[1]
    edition: Edition
    sectors: list[Sector] = Field(min_length=1, max_length=1_000)
    themes: list[Theme] = Field(default=[], max_length=10_000)
    sources: list[Source] = Field(min_length=1, max_length=MAX_ITEMS)
    findings: list[Finding] = Field(default=[], max_length=MAX_ITEMS)
    recommendations: list[Recommendation] = Field(default=[], max_length=MAX_ITEMS)
