"""What goes on a sheet (no Qt): generated summary, key-finding rule, source and caveat markers, packs."""

from __future__ import annotations

from collections import Counter

import pytest

from briefing_app.domain import Confidence
from briefing_app.charts import spec as chart_spec
from briefing_app.sheets import content as c
from briefing_app.sheets import model as m
from briefing_app.sheets.pack import new_pack


@pytest.fixture(scope="module")
def health(catalogue):
    return c.sector_sheet(catalogue, "health", m.SheetOptions(), max_findings=5)


def test_summary_is_three_to_five_lines_generated_from_the_data(catalogue, health):
    findings = catalogue.findings_in("health")
    assert 3 <= len(health.summary) <= 5
    text = " ".join(health.summary)
    assert f"{len(findings)} findings" in text
    assert f"{sum(1 for f in findings if f.measures)} with figures" in text
    assert f"{len(catalogue.recommendations_in('health'))} recommendations" in text
    counts = Counter(f.confidence for f in findings)
    for level in Confidence:
        if counts[level]:
            assert f"{counts[level]} {level.label[0].lower()}{level.label[1:]}" in text
    # The headline figures quoted in the summary are the key findings' own values.
    for item in health.findings()[:2]:
        if item.headline != "Qualitative":
            assert item.headline in text


def test_key_findings_follow_the_stated_rule(catalogue, health):
    findings = catalogue.findings_in("health")
    verified = [f for f in findings if f.confidence != "unverified"]
    ranked = c.rank_findings(verified, catalogue)
    shown = [item.finding_id for item in health.findings()]
    assert sorted(shown) == sorted(f.id for f in ranked[:5])
    assert shown == [f.id for f in findings if f.id in shown], "key findings keep dataset order"
    rule = health.selection_rule
    unverified = len(findings) - len(verified)
    assert unverified and f"5 of the {len(findings)}" in rule and f"{unverified} in “{c.UNVERIFIED_HEADING}”" in rule
    assert any(isinstance(item, m.Paragraph) and item.text == rule for item in health.items), "the rule is on the sheet"
    weakest_shown = min(catalogue.findings[i].confidence.rank for i in shown)
    strongest_left = max(f.confidence.rank for f in findings if f.id not in shown)
    assert weakest_shown >= strongest_left, "no finding left out has a stronger source than one shown"


def test_every_cited_source_has_a_numbered_note_and_markers_resolve(catalogue, health):
    numbers = {note.number for note in health.sources}
    assert numbers == set(range(1, len(health.sources) + 1))
    letters = {note.letter for note in health.caveats}
    for item in health.findings():
        finding = catalogue.findings[item.finding_id]
        assert set(item.sources) <= numbers
        cited = {health.sources[n - 1].citation for n in item.sources}
        for ref in finding.sources:
            source = catalogue.sources[ref.source]
            assert any(source.title in citation for citation in cited)
        assert set(item.caveats) <= letters
        assert {health.caveats[ord(x) - ord("a")].text for x in item.caveats} == set(finding.caveats)
    for item in health.recommendations():
        rec = catalogue.recommendations[item.rec_id]
        assert item.target_body == rec.target_body
        assert [r.finding_id for r in item.rests_on] == rec.supporting_findings
        for ref in item.rests_on:
            assert set(ref.sources) <= numbers


def test_the_chart_shows_the_key_findings_and_speaks_of_paper(catalogue, health):
    [chart] = health.charts()
    shown = {item.finding_id for item in health.findings()}
    assert set(chart.spec.finding_ids) <= shown
    assert "findings table" not in chart.spec.footer and "tool tip" not in chart.spec.footer
    assert chart.spec.edition_line == ""


def test_marking_and_printed_date_are_options(catalogue):
    from datetime import date

    sheet = c.sector_sheet(catalogue, "education", m.SheetOptions(marking="OFFICIAL-SENSITIVE", printed=date(2025, 3, 4)))
    assert sheet.marking == "OFFICIAL-SENSITIVE"
    assert sheet.printed == date(2025, 3, 4)
    assert m.SheetOptions().marking == "OFFICIAL"


def test_overview_has_every_comparable_theme_and_every_recommendation(catalogue):
    sheet = c.overview_sheet(catalogue, m.SheetOptions(), per_sector=1, max_charts=1)
    [table] = [item for item in sheet.items if isinstance(item, m.ComparisonTable)]
    assert [row.title for row in table.rows] == [t.comparison_title for t in catalogue.comparable_themes()]
    assert [r.rec_id for r in sheet.recommendations()] == [r.id for r in catalogue.dataset.recommendations]
    assert len(sheet.charts()) == 1
    sectors_with_findings = [s for s in catalogue.dataset.sectors if catalogue.findings_in(s.id)]
    assert len(sheet.findings()) == len(sectors_with_findings)


def test_recommendations_in_brief_keep_their_caveat_letters(catalogue):
    sheet = c.overview_sheet(catalogue, m.SheetOptions())
    letters = {note.text: note.letter for note in sheet.caveats}
    with_caveats = [r for r in catalogue.dataset.recommendations if r.caveats]
    assert with_caveats
    by_id = {item.rec_id: item for item in sheet.recommendations()}
    for rec in with_caveats:
        assert by_id[rec.id].compact
        assert set(by_id[rec.id].caveats) == {letters[text] for text in rec.caveats}, rec.id


def test_pack_sheet_keeps_order_notes_and_marks_missing_items(catalogue):
    pack = new_pack(catalogue, "My pack")
    rec = catalogue.dataset.recommendations[-1].id
    finding = catalogue.dataset.findings[3].id
    pack.add("recommendation", rec)
    pack.add("finding", "zz-withdrawn")
    pack.add("finding", finding)
    pack.add("chart", chart_spec.available_charts(catalogue)[0][0])
    pack.set_note(2, "Lead with this")
    sheet = c.pack_sheet(catalogue, pack)
    kinds = [type(item).__name__ for item in sheet.items]
    assert kinds == ["RecommendationItem", "MissingItem", "FindingItem", "ChartItem"]
    assert sheet.items[2].note == "Lead with this"
    assert sheet.items[1].item_id == "zz-withdrawn"
    assert sheet.title == "My pack"
    assert any("not in this dataset edition" in line for line in sheet.summary)


def test_figures_csv_lists_every_figure_on_the_sheet(catalogue, health):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(c.figures_csv(catalogue, health))))
    ids = {row["id"] for row in rows if row["kind"] == "finding"}
    assert {item.finding_id for item in health.findings()} <= ids
    assert set(health.charts()[0].spec.finding_ids) <= ids
    assert all(row["source_publishers"] and row["confidence"] for row in rows)
