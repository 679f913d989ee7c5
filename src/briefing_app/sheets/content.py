"""The three kinds of briefing sheet (one sector, the overview, a pack) and the figures CSV. No Qt here.

Each function chooses what its sheet holds and writes its summary; :class:`.builder.SheetBuilder` makes
the items (:mod:`.model`). Every sentence about the data is generated from the data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..charts import spec as chart_specs
from ..domain.catalogue import Catalogue, format_value
from ..domain.models import COMPARISON_JUDGEMENT, SIMILAR_QUESTIONS, Confidence, Finding, ItemKind
from ..domain.wording import ALL_SECTORS, confidence_mix, join_words, noun, plural
from . import pack_figures
from .builder import TABLE_ROWS_MAX, SheetBuilder, general_notes
from .model import Heading, MissingItem, Paragraph, Sheet, SheetOptions
from .pack import DEFAULT_TITLE, Pack

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


def _confidence_summary(findings: Sequence[Finding]) -> str:
    return f"Confidence of the {plural(len(findings), 'finding')}: {confidence_mix(f.confidence for f in findings)}."


def _period_range(findings: Sequence[Finding]) -> str:
    """From the earliest year any finding's period starts in (its first four-digit year) to the latest."""
    starts = {int(y) for f in findings for y in re.findall(r"\b(?:19|20)\d\d\b", f.period)[:1]}
    years = sorted({f.year for f in findings} | starts)
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"


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
            + (f"; {join_words(elsewhere)}." if elsewhere else ".")
            + " A briefing pack can print any finding in full."
        )
    else:
        rule = f"Key findings: all {len(findings)} {sector.name.lower()} findings in this edition."

    period = _period_range(findings)
    summary = [
        f"{sector.name}: {plural(len(findings), 'finding')} in this edition ({quantitative} with figures"
        + (f", referring to {period}" if period else "")
        + f") and {plural(len(recs), 'recommendation')}, from {plural(len(sources), 'source')}; "
        + (f"this sheet gives {len(key)} key findings in full and the others briefly." if left_out
           else "this sheet gives them all."),
    ]
    phrases = _headline_phrases(catalogue, rank_findings(key, catalogue))
    if phrases:
        summary.append("Headline figures: " + "; ".join(phrases) + ".")
    if findings:
        summary.append(_confidence_summary(findings))
    if recs:
        bodies = list(dict.fromkeys(r.target_body for r in recs))
        changed = sum(1 for r in recs if r.target_status)
        line = f"Recommendations are addressed to {join_words(bodies)}"
        line += (
            f"; the target body of {changed} has changed since publication (see each recommendation)."
            if changed else "."
        )
        summary.append(line)

    builder = SheetBuilder(catalogue, table_rows)
    key_ids = [f.id for f in key]
    builder.planned_findings = set(key_ids)
    if catalogue.percent_measures(sector_id):
        spec = chart_specs.sector_spec(catalogue, sector_id, key_ids if left_out else None)
        builder.chart(chart_specs.chart_key(chart_specs.ChartKind.SECTOR, sector_id), spec)
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
    notes = general_notes(catalogue)
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
        f"{s.name} {len(catalogue.findings_in(s.id))} findings, "
        f"{plural(len(catalogue.recommendations_in(s.id)), 'recommendation')}"
        for s in catalogue.dataset.sectors
    ]
    summary = [
        f"This edition holds {plural(len(findings), 'finding')} ({quantitative} with figures) and "
        f"{plural(len(recs), 'recommendation')} across {plural(len(catalogue.sectors), 'sector')}, "
        f"from {plural(len(catalogue.sources), 'source')}.",
        "By sector: " + "; ".join(by_sector) + ".",
    ]
    if findings:
        summary.append(_confidence_summary(findings))
    changed = sum(1 for r in recs if r.target_status)
    if changed:
        summary.append(
            f"The target body of {changed} of the {len(recs)} recommendations has changed since publication "
            "(see each recommendation)."
        )

    builder = SheetBuilder(catalogue, table_rows)
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
            key = chart_specs.chart_key(chart_specs.ChartKind.COMPARISON, theme.id)
            builder.chart(key, chart_specs.comparison_spec(catalogue, theme.id))
        similar = [t for t in themes if not t.same_question]
        basis = (
            "Measures found in several sectors. "
            + (f"{plural(len(similar), 'row compares', 'rows compare')} {SIMILAR_QUESTIONS}: each figure is "
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
    notes = general_notes(catalogue)
    return builder.sheet("overview", "Overview: leadership and management across public services",
                         ALL_SECTORS, options, summary[:5], notes, rule)


def pack_sheet(catalogue: Catalogue, pack: Pack, options: SheetOptions | None = None) -> Sheet:
    """The user's pack, item by item in the user's order, each with its note; missing items marked."""
    options = options or SheetOptions()
    builder = SheetBuilder(catalogue)
    present_findings: list[Finding] = []
    counts: Counter[str] = Counter()
    missing = 0
    for item in pack.items:
        if item.kind == ItemKind.FINDING and item.id in catalogue.findings:
            finding = catalogue.findings[item.id]
            # With what became of the figures recorded when it was added (changed, kept, vanished).
            pack_figures.pack_finding(builder, catalogue, item, finding)
            present_findings.append(finding)
        elif item.kind == ItemKind.RECOMMENDATION and item.id in catalogue.recommendations:
            builder.recommendation(catalogue.recommendations[item.id], item.note)
        elif item.kind == ItemKind.CHART and chart_specs.chart_exists(catalogue, item.id):
            builder.chart(item.id, chart_specs.chart_spec(catalogue, item.id), item.note)
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
        if i.kind == ItemKind.RECOMMENDATION and i.id in catalogue.recommendations
    }
    parts = [
        plural(counts[ItemKind.FINDING], "finding"),
        plural(counts[ItemKind.RECOMMENDATION], "recommendation"),
        plural(counts[ItemKind.CHART], "chart"),
    ]
    summary = [
        f"This pack holds {plural(len(pack.items), 'item')}: {join_words(parts)}"
        + (f", from {plural(len(sectors), 'sector')} ({join_words(sorted(sectors))})." if sectors else ".")
    ]
    # A pack's figures as it prints them: a kept figure with its edition, a changed one with what it was.
    phrases = _headline_phrases(catalogue, present_findings, overrides=pack_figures.headline_phrases(pack, catalogue))
    if phrases:
        summary.append("Headline figures: " + "; ".join(phrases) + ".")
    if present_findings:
        summary.append(_confidence_summary(present_findings))
    if missing:
        summary.append(
            f"{plural(missing, 'item')} of this pack {noun(missing, 'is', 'are')} not in this dataset edition "
            "and marked below; the pack file keeps them."
        )
    if not pack.items:
        summary = ["This pack is empty: add findings, recommendations or charts with “Add to brief”."]
    notes = general_notes(catalogue)
    title = pack.title.strip() or DEFAULT_TITLE
    sheet = builder.sheet("pack", title, DEFAULT_TITLE, options, summary[:5], notes)
    sheet.kept_figures = pack_figures.kept_on_sheet(pack, catalogue)
    return sheet


def figures_csv(catalogue: Catalogue, sheet: Sheet) -> str:
    """Every figure on the sheet (findings listed, charted or cited by a recommendation), one row per
    measure with its base, period, source and confidence: the CSV attached to the PDF."""
    from ..domain.export import CSV_COLUMNS, csv_text, findings_csv, measure_rows

    findings = [catalogue.findings[fid] for fid in sheet.finding_ids if fid in catalogue.findings]
    if not sheet.kept_figures:
        return findings_csv(catalogue, findings)
    # A pack's figures kept from another edition travel as the sheet prints them (pack_figures.py).
    return csv_text(CSV_COLUMNS, pack_figures.kept_rows(measure_rows(catalogue, findings), sheet.kept_figures))
