"""What the detail pane says about a finding or a recommendation, as a list of plain-text blocks.

No Qt here: the same description becomes the detail pane's document (views/detail.py) and the text that
Copy puts on the clipboard, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..domain.catalogue import Catalogue, format_value
from ..domain.citation import full_citation
from ..domain.models import Finding, ItemKind, Recommendation, SourceRef, SourceRole
from ..domain.wording import RELATED_FINDINGS, RELATED_RECOMMENDATIONS, confidence_line, confidence_marker, noun

FURTHER_CONTEXT = "Further context (our judgement)"
LINKS_ARE_JUDGEMENT = (
    "These links were made by the dataset's compiler; the sources do not say which figure backs which recommendation."
)


@dataclass(frozen=True)
class Link:
    text: str
    kind: Literal[ItemKind.FINDING, ItemKind.RECOMMENDATION]
    id: str


Span = str | Link
Style = Literal["kind", "title", "heading", "subheading", "text", "field", "bullet"]


@dataclass(frozen=True)
class Block:
    style: Style
    spans: list[Span] = field(default_factory=list)
    label: str = ""  # for "field" blocks: the name of the field

    @property
    def text(self) -> str:
        return "".join(span if isinstance(span, str) else span.text for span in self.spans)


def _field(label: str, value: str | None) -> list[Block]:
    return [Block("field", [value], label)] if value else []


def _confidence_blocks(item: Finding | Recommendation) -> list[Block]:
    blocks = [
        Block("heading", ["Confidence"]),
        Block("text", [confidence_line(item.confidence)]),
        Block("text", [item.confidence.explanation]),
    ]
    if item.confidence_note:
        blocks.append(Block("text", [item.confidence_note]))
    return blocks


def _caveat_blocks(item: Finding | Recommendation) -> list[Block]:
    if not item.caveats:
        return []
    return [Block("heading", ["Caveats"]), *(Block("bullet", [caveat]) for caveat in item.caveats)]


def _source_blocks(catalogue: Catalogue, item: Finding | Recommendation) -> list[Block]:
    """The sources that carry the item first (the ones printed beside it), then any it is only attributed
    to, then any cited for context, each group under a heading that says which it is."""
    cited, other = catalogue.cited_refs(item), catalogue.uncited_refs(item)
    blocks = [Block("heading", [noun(len(cited), "Source")])]
    blocks += _source_entries(catalogue, cited)
    for role in (SourceRole.UNDERLYING, SourceRole.CONTEXT):
        refs = [ref for ref in other if ref.role == role]
        if refs:
            blocks.append(Block("heading", [role.label]))
            blocks += _source_entries(catalogue, refs)
    return blocks


def _source_entries(catalogue: Catalogue, refs: list[SourceRef]) -> list[Block]:
    blocks: list[Block] = []
    for ref in refs:
        source = catalogue.sources[ref.source]
        blocks.append(Block("subheading", [source.short]))
        blocks += _field(noun(len(source.publishers), "Publisher"), "; ".join(source.publishers))
        blocks += _field("Authors", ", ".join(source.authors))
        blocks += _field("Title", source.title)
        blocks += _field("Note on the title", source.title_note)
        blocks += _field("Date", source.display_date)
        blocks += _field("Note on the date", source.date_note)
        blocks += _field("URL", source.url)
        for other in source.other_urls:
            blocks += _field(other.label, other.url)
        blocks += _field("Location in the source", ref.location)
        blocks += _field("Method and base", source.method)
        blocks += _field("Pollster", source.pollster)
        sample = f"{source.sample_size:,}" if source.sample_size else None
        if sample and source.sample_note:
            sample += f" ({source.sample_note})"
        blocks += _field("Sample size", sample)
        blocks += _field("Fieldwork", source.fieldwork)
        blocks += _field("Coverage", source.coverage)
        blocks += _field("Kind of source", source.kind.value.replace("_", " ").capitalize())
        for note in source.notes:
            blocks += _field("Note", note)
        blocks += _field("Citation", full_citation(source, ref.location))
    return blocks


def finding_link(catalogue: Catalogue, finding: Finding) -> Link:
    return Link(f"{catalogue.headline_text(finding)} — {finding.statement}", ItemKind.FINDING, finding.id)


def recommendation_link(recommendation: Recommendation) -> Link:
    return Link(recommendation.title, ItemKind.RECOMMENDATION, recommendation.id)


def describe_finding(catalogue: Catalogue, finding: Finding) -> list[Block]:
    sector = catalogue.sectors[finding.sector].name
    blocks = [
        Block("kind", [f"Finding · {sector} · {confidence_marker(finding.confidence)}"]),
        Block("title", [finding.statement]),
        Block("heading", [noun(len(finding.measures), "Figure")]),
    ]
    if not finding.measures:
        blocks.append(Block("text", ["Qualitative finding: no headline figure."]))
    for measure in finding.measures:
        parts = [f"{measure.label}: {format_value(measure, words=True)}", f"base: {measure.base}"]
        if measure.period:
            parts.append(f"period: {measure.period}")
        if measure.confidence and measure.confidence != finding.confidence:
            parts.append(f"confidence: {confidence_marker(measure.confidence)}")
        blocks.append(Block("bullet", ["; ".join(parts)]))
    period = finding.period if finding.period.startswith(str(finding.year)) else f"{finding.period} (year {finding.year})"
    blocks += _field("Data refer to", period)
    themes = [catalogue.themes[t].name for t in finding.themes if t in catalogue.themes]
    blocks += _field("Themes", ", ".join(themes))
    blocks += _source_blocks(catalogue, finding)
    blocks += _confidence_blocks(finding)
    blocks += _caveat_blocks(finding)
    blocks.append(Block("heading", [RELATED_RECOMMENDATIONS]))
    supported = catalogue.recommendations_supported_by(finding)
    if not supported:
        blocks.append(Block("text", ["No recommendation in this dataset is linked to this finding."]))
    else:
        blocks.append(Block("text", [LINKS_ARE_JUDGEMENT]))
    for rec in supported:
        sector_name = catalogue.sectors[rec.sector].name
        blocks.append(Block("bullet", [recommendation_link(rec), f" ({sector_name}, {confidence_marker(rec.confidence)})"]))
    return blocks


def describe_recommendation(catalogue: Catalogue, rec: Recommendation) -> list[Block]:
    sector = catalogue.sectors[rec.sector].name
    blocks = [
        Block("kind", [f"Recommendation · {sector} · {confidence_marker(rec.confidence)}"]),
        Block("title", [rec.title]),
        Block("text", [rec.summary]),
        *_field("Target body", rec.target_body),
        *_field("Status of the target body", rec.target_status),
    ]
    blocks += _confidence_blocks(rec)
    blocks += _caveat_blocks(rec)
    blocks.append(Block("heading", [RELATED_FINDINGS]))
    supporting = catalogue.supporting_findings(rec)
    if not supporting:
        blocks.append(Block("text", ["No finding in this dataset is linked to this recommendation."]))
    else:
        blocks.append(Block("text", [LINKS_ARE_JUDGEMENT]))
    for finding in supporting:
        blocks.append(Block("bullet", [finding_link(catalogue, finding), f" ({confidence_marker(finding.confidence)})"]))
    related = catalogue.related_findings(rec)
    if related:
        blocks.append(Block("heading", [FURTHER_CONTEXT]))
        for finding in related:
            blocks.append(Block("bullet", [finding_link(catalogue, finding), f" ({confidence_marker(finding.confidence)})"]))
    blocks += _source_blocks(catalogue, rec)
    return blocks


def describe(catalogue: Catalogue, item: Finding | Recommendation) -> list[Block]:
    if isinstance(item, Finding):
        return describe_finding(catalogue, item)
    return describe_recommendation(catalogue, item)


def blocks_as_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.style in ("heading", "subheading") and lines:
            lines.append("")
        if block.style == "field":
            lines.append(f"{block.label}: {block.text}")
        elif block.style == "bullet":
            lines.append(f"- {block.text}")
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def copy_text(catalogue: Catalogue, item: Finding | Recommendation) -> str:
    """A compact plain-text version of the item for pasting into a note: the item, then its citation."""
    if isinstance(item, Finding):
        lines = [item.statement]
        for measure in item.measures:
            lines.append(f"{measure.label}: {format_value(measure, words=True)} (base: {measure.base}; {measure.period or item.period})")
        if not item.measures:
            lines.append(f"Qualitative finding ({item.period})")
    else:
        lines = [item.title, item.summary, f"Target body: {item.target_body}"]
        if item.target_status:
            lines.append(f"Status: {item.target_status}")
    lines.append(f"Confidence: {item.confidence.value} ({item.confidence.label.lower()})")
    lines += [f"Caveat: {caveat}" for caveat in item.caveats]
    lines += _citation_lines(catalogue, item, cited_prefix="Source: ")
    return "\n".join(lines) + "\n"


def _citation_lines(catalogue: Catalogue, item: Finding | Recommendation, cited_prefix: str = "") -> list[str]:
    """The full citation of each source that carries the item, then any source it is only attributed to or
    cited for context, labelled as such (never passed off as the figure's source)."""
    lines = [cited_prefix + full_citation(catalogue.sources[ref.source], ref.location) for ref in catalogue.cited_refs(item)]
    lines += [
        f"{'Attributed to, not seen there' if ref.role == SourceRole.UNDERLYING else 'Context only'}: "
        f"{full_citation(catalogue.sources[ref.source], ref.location)}"
        for ref in catalogue.uncited_refs(item)
    ]
    return lines


def citation_text(catalogue: Catalogue, item: Finding | Recommendation) -> str:
    """What Copy citation puts on the clipboard: one citation a line, the sources carrying the item first."""
    return "\n".join(_citation_lines(catalogue, item)) + "\n"
